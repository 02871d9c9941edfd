// A minimal LSP client for the benchmarks: spawns the built server (dist/server.js --stdio), frames
// JSON-RPC messages, and timestamps every message on arrival so that latencies can be measured from
// the moment a request or change is written to the moment its answer is read.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './stats';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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

export class Lsp {
  readonly proc: ChildProcessWithoutNullStreams;
  /** performance.now() when spawn() was called */
  readonly spawnedAt: number;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (msg: Json | undefined, at: number, error?: Error) => void>();
  private waiters: Array<{ test: (m: Json) => boolean; resolve: (v: { msg: Json; at: number }) => void; reject: (e: Error) => void }> = [];
  private seen: Array<{ msg: Json; at: number }> = [];
  stderr = '';
  /** with TIFA_TIMING=1: server-side time per published diagnostics, by "uri@version" */
  readonly timings = new Map<string, number>();

  /** corpus folders the fake client's settings name (tifa.corpus.paths); change them, then send didChangeConfiguration */
  constructor(
    env: NodeJS.ProcessEnv = {},
    public corpusPaths: string[] = [],
  ) {
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...clientExecArgv(), SERVER, '--stdio'], { env: { ...process.env, ...env } });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.proc.on('exit', (code, signal) => {
      // a server that dies fails every wait at once, with what it wrote to stderr
      const error = new Error(`server exited (${code ?? signal})\n${this.stderr}`);
      for (const w of this.waiters.splice(0)) w.reject(error);
      for (const p of this.pending.values()) p(undefined, performance.now(), error);
      this.pending.clear();
    });
  }

  private onData(chunk: Buffer): void {
    const at = performance.now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Json;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(msg, at);
    }
  }

  private dispatch(msg: Json, at: number): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.(msg, at);
      return;
    }
    if (msg.id !== undefined) {
      // a request from the server: configuration, progress, registration
      let result: unknown = null;
      if (msg.method === 'workspace/configuration')
        result = (msg.params.items as Json[]).map(() => ({ corpus: { paths: this.corpusPaths }, quotation: { insertStyle: 'lead' }, severity: {} }));
      this.send({ jsonrpc: '2.0', id: msg.id, result });
    }
    if (msg.method === 'window/logMessage') {
      const t = /timing diagnostics (\S+) ([\d.]+) ms/.exec(String(msg.params?.message));
      if (t) this.timings.set(t[1], Number(t[2]));
      return;
    }
    const entry = { msg, at };
    const w = this.waiters.find((x) => x.test(msg));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(entry);
    } else if (this.seen.length < 10_000) this.seen.push(entry);
  }

  send(msg: Json): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  /** Sends a request; resolves with its result and the round-trip time in ms. */
  request<T = Json>(method: string, params: unknown, timeoutMs = 120_000): Promise<{ result: T; ms: number }> {
    const id = this.nextId++;
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${method}\n${this.stderr}`)), timeoutMs);
      this.pending.set(id, (msg, at, error) => {
        clearTimeout(timer);
        if (error || !msg) reject(error ?? new Error(method));
        else if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve({ result: msg.result as T, ms: at - sent });
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The first message (already received and not yet taken, or future) passing `test`, with its arrival time. */
  waitFor(test: (m: Json) => boolean, timeoutMs = 120_000, what = 'message'): Promise<{ msg: Json; at: number }> {
    const i = this.seen.findIndex((e) => test(e.msg));
    if (i >= 0) return Promise.resolve(this.seen.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<{ msg: Json; at: number }> {
    return this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version),
      timeoutMs,
      `diagnostics ${uri}@${version}`,
    );
  }

  /** initialize + initialized, then waits until the corpus is loaded (tifa/status ready). */
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
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async stop(): Promise<void> {
    try {
      await this.request('shutdown', null, 10_000);
      this.notify('exit', null);
    } catch {
      /* killed below */
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 3000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
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
