// Shared test helpers: the real corpus, fixture loading, the CLI, and a minimal LSP client that
// talks to the built server over stdio. Waits are on events with a bound, never sleeps.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Checker } from '../server/src/core/check';
import type { Finding } from '../server/src/core/types';
import { openCorpus, type OpenCorpus } from '../server/src/corpus/open';

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

// ---------------------------------------------------------------- LSP client over stdio

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly notifications: Json[] = [];
  private waiters: Array<{ test: (n: Json) => boolean; resolve: (n: Json) => void }> = [];
  /** answers to server→client requests, by method */
  configuration: Json = { corpus: { paths: [] }, quotation: { insertStyle: 'lead' }, severity: {} };
  readonly appliedEdits: Json[] = [];
  stderr = '';

  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    this.proc = spawn(process.execPath, [SERVER, ...args], { env: { ...process.env, TIFA_TODAY: TODAY, ...env } });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;

  /** Reads LSP frames from the server's output; linear in the bytes received, whatever the message size. */
  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        let all = Buffer.concat(this.chunks.length > 1 ? [this.chunks[0], this.chunks[1]] : this.chunks);
        let end = all.indexOf('\r\n\r\n');
        if (end < 0 && this.chunks.length > 2) {
          all = Buffer.concat(this.chunks);
          end = all.indexOf('\r\n\r\n');
        }
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(all.subarray(0, end).toString())?.[1]);
        this.take(end + 4);
        this.need = length;
      }
      if (this.buffered < this.need) return;
      const body = this.take(this.need);
      this.need = -1;
      this.dispatch(JSON.parse(body.toString('utf8')) as Json);
    }
  }

  /** Removes and returns the first n buffered bytes. */
  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private dispatch(msg: Json): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p?.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // a request from the server
      let result: unknown = null;
      if (msg.method === 'workspace/configuration') result = (msg.params.items as Json[]).map(() => this.configuration);
      if (msg.method === 'workspace/applyEdit') {
        this.appliedEdits.push(msg.params);
        result = { applied: true };
      }
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      this.notifications.push(msg);
      this.wake(msg);
      return;
    }
    this.notifications.push(msg);
    this.wake(msg);
  }

  private wake(msg: Json): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.test(msg)) {
        w.resolve(msg);
        return false;
      }
      return true;
    });
  }

  send(msg: Json): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Writes raw bytes (for malformed-message tests). */
  sendRaw(data: string | Buffer): void {
    this.proc.stdin.write(data);
  }

  request<T = Json>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification (already received or future) that passes `test`. */
  waitFor(test: (n: Json) => boolean, timeoutMs = 20_000, what = 'notification'): Promise<Json> {
    const seen = this.notifications.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n);
        },
      });
    });
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

  open(uri: string, text: string, languageId = 'markdown', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    this.notify('exit', null);
    return exited;
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
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
