// The benchmarks' LSP client: the tests' one (test/lib/lsp-client.ts) on the built server (dist/server.js
// --stdio) started with the VS Code client's Node flags; every message is timestamped on arrival so that
// latencies are measured from the moment a request or change is written to the moment its answer is read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Json, LspConnection, type Received } from '../../test/lib/lsp-client';
import { ROOT } from './stats';

export const SERVER = path.join(ROOT, 'dist', 'server.js');

/**
 * The Node flags the VS Code client starts the server with (serverOptions.run … execArgv in
 * client/src/extension.ts), so that the bench measures the server as the extension runs it.
 */
export function clientExecArgv(): string[] {
  try {
    const src = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    const m = /\brun:\s*\{[^}]*?execArgv:\s*\[([^\]]*)\]/.exec(src);
    return m ? [...m[1].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]) : [];
  } catch {
    return [];
  }
}

/**
 * The benchmarks' view of the one LSP client (test/lib/lsp-client.ts): the server started as the VS Code
 * client starts it, request times and message arrival times, each message taken once by the waits, and
 * the server's own time per published diagnostics (with TIFA_TIMING=1).
 */
export class Lsp {
  private readonly c: LspConnection;
  /** with TIFA_TIMING=1: server-side time per published diagnostics, by "uri@version" */
  readonly timings = new Map<string, number>();

  constructor(env: NodeJS.ProcessEnv = {}, corpusPaths: string[] = []) {
    this.c = new LspConnection({ server: SERVER, env, execArgv: clientExecArgv(), keep: 10_000, store: (m) => m.method !== 'window/logMessage' });
    this.corpusPaths = corpusPaths;
    this.c.onMessage = (msg) => {
      if (msg.method !== 'window/logMessage') return;
      const t = /timing diagnostics (\S+) ([\d.]+) ms/.exec(String(msg.params?.message));
      if (t) this.timings.set(t[1], Number(t[2]));
    };
  }

  /** corpus folders the fake client's settings name (tifa.corpus.paths); change them, then send didChangeConfiguration */
  set corpusPaths(paths: string[]) {
    this.c.configuration = { ...this.c.configuration, corpus: { paths } };
  }
  get corpusPaths(): string[] {
    return this.c.configuration.corpus.paths;
  }

  get proc() {
    return this.c.proc;
  }
  /** performance.now() when the server was spawned */
  get spawnedAt(): number {
    return this.c.spawnedAt;
  }
  get stderr(): string {
    return this.c.stderr;
  }

  send(msg: Json): void {
    this.c.send(msg);
  }

  /** Sends a request; resolves with its result and the round-trip time in ms. */
  request<T = Json>(method: string, params: unknown, timeoutMs = 120_000): Promise<{ result: T; ms: number }> {
    return this.c.timedRequest<T>(method, params, timeoutMs);
  }

  notify(method: string, params: unknown): void {
    this.c.notify(method, params);
  }

  /** The first message (already received and not yet taken, or future) passing `test`, with its arrival time. */
  waitFor(test: (m: Json) => boolean, timeoutMs = 120_000, what = 'message'): Promise<Received> {
    return this.c.take(test, timeoutMs, what);
  }

  diagnostics(uri: string, version?: number, timeoutMs = 120_000): Promise<Received> {
    return this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version),
      timeoutMs,
      `diagnostics ${uri}@${version}`,
    );
  }

  /** initialize + initialized (then ready() waits until the corpus is loaded). */
  async start(today = '2026-11-22'): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: false } },
      initializationOptions: { today },
    });
    this.notify('initialized', {});
  }

  async ready(): Promise<void> {
    await this.waitFor((m) => m.method === 'tifa/status' && m.params.state !== 'loading', 120_000, 'corpus loaded');
  }

  open(uri: string, text: string, languageId = 'markdown', version = 1): void {
    this.c.open(uri, text, languageId, version);
  }

  stop(): Promise<void> {
    return this.c.stop();
  }
}

/** LSP position (UTF-16 line/character) of a string offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}
