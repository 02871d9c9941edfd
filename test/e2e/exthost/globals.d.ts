// The TDD interface mocha gives suite.js in VS Code's extension host (type-checking only).
declare function suite(name: string, fn: () => void): void;
declare function test(name: string, fn: () => unknown): void;
declare function suiteSetup(fn: () => unknown): void;
declare function suiteTeardown(fn: () => unknown): void;
declare module 'mocha';
