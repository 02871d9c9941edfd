// Shared test helpers: the real corpus, fixture loading, the CLI, and a minimal LSP client that
// talks to the built server over stdio. Waits are on events with a bound, never sleeps.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Checker } from '../server/src/core/check';
import type { Finding } from '../server/src/core/types';
import { openCorpus, type OpenCorpus } from '../server/src/corpus/open';
import { LspConnection } from './lib/lsp-client';

declare const TIFA_ROOT: string;
export const ROOT = TIFA_ROOT;
export const TODAY = '2026-11-22';
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

let corpus: OpenCorpus | undefined;
export function builtinCorpus(): OpenCorpus {
  corpus ??= openCorpus();
  return corpus;
}

export function findings(text: string, options: { markdown?: boolean; date?: string } = {}): Finding[] {
  const checker = new Checker(builtinCorpus().index);
  return checker.check(text, { markdown: options.markdown ?? false, today: options.date ?? TODAY }).findings;
}

export function fixture<T>(name: string): T {
  return parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8')) as T;
}

/** Splits a fixture text at its cursor marker `$0`. */
export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('$0');
  if (offset < 0) throw new Error(`fixture has no $0 cursor: ${text}`);
  return { text: text.slice(0, offset) + text.slice(offset + 2), offset };
}

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, TIFA_TODAY: TODAY },
    input: options.input,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The finding lines of `tifa check`'s text output, without its closing summary line. */
export function findingLines(stdout: string): string {
  return stdout.replace(/^tifa: 检查了 .*\n$/m, '');
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tifa-${prefix}-`));
}

/** Writes `text` to dir/name, making the folders on the way; returns the path. */
export function write(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

// ---------------------------------------------------------------- LSP client over stdio

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tests' client (test/lib/lsp-client.ts) on the built server, as of TODAY. */
export class LspClient extends LspConnection {
  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    super({ server: SERVER, args, env: { TIFA_TODAY: TODAY, ...env } });
  }

  /** Waits for diagnostics of `uri` at `version` (or any version), published after `after` notifications. */
  diagnostics(uri: string, version?: number, after = 0): Promise<Json[]> {
    return this.waitFor(
      (n) =>
        n.method === 'textDocument/publishDiagnostics' &&
        n.params.uri === uri &&
        (version === undefined || n.params.version === version) &&
        this.notifications.indexOf(n) >= after,
      20_000,
      `diagnostics for ${uri}@${version}`,
    ).then((n) => n.params.diagnostics as Json[]);
  }

  async initialize(
    initializationOptions: Json = {},
    capabilities: Json = { workspace: { configuration: true, applyEdit: true }, window: { workDoneProgress: true } },
    /** more initialize params (`locale`, `workspaceFolders`, …) */
    params: Json = {},
  ): Promise<Json> {
    const r = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions: { today: TODAY, ...initializationOptions },
      ...params,
    });
    this.notify('initialized', {});
    await this.waitFor((n) => n.method === 'tifa/status' && n.params.state !== 'loading', 30_000, 'corpus loaded');
    return r;
  }
}

/** LSP position of the first occurrence of `needle` in `text` (+ `delta` UTF-16 units), via its own line counting. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
