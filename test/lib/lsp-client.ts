// The one LSP client of the tests (test/helpers.ts), the benchmarks (bench/lib/lsp.ts) and the soak run
// (scripts/soak.ts): spawns a language server over stdio, frames JSON-RPC (linear in the bytes received,
// whatever the message size), answers the server's requests (configuration, applyEdit), keeps every
// message from the server with its arrival time, and fails every wait at once when the server exits.
// Waits are on messages with a bound, never sleeps.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export type Json = Record<string, any>;

export interface Received {
  msg: Json;
  /** performance.now() when the message was read */
  at: number;
}

export interface ConnectionOptions {
  /** the server's script (dist/server.js) */
  server: string;
  args?: string[];
  /** added to process.env */
  env?: NodeJS.ProcessEnv;
  /** Node flags before the script (the VS Code client's, for the benchmarks) */
  execArgv?: string[];
  /** how many messages from the server are kept (beyond it, only a waiting take() or waitFor() sees them) */
  keep?: number;
  /** which messages are kept at all (all by default) */
  store?: (msg: Json) => boolean;
}

type Pending = (msg: Json | undefined, at: number, error?: Error) => void;

export class LspConnection {
  readonly proc: ChildProcessWithoutNullStreams;
  /** performance.now() when the server was spawned */
  readonly spawnedAt: number;
  /** notifications and requests from the server, in order (at most `keep`), and when each arrived */
  readonly notifications: Json[] = [];
  readonly arrivals: number[] = [];
  /** the answer to workspace/configuration (per item) */
  configuration: Json = { corpus: { paths: [] }, quotation: { insertStyle: 'lead' }, severity: {} };
  /** the edits the server asked to apply (each answered `applied: true`) */
  readonly appliedEdits: Json[] = [];
  stderr = '';
  /** called for every message from the server that is not a response */
  onMessage: ((msg: Json, at: number) => void) | undefined;

  private readonly keep: number;
  private readonly store: (msg: Json) => boolean;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: Array<{ test: (m: Json) => boolean; resolve: (r: Received) => void; reject: (e: Error) => void; take: boolean }> = [];
  private exited: Error | undefined;

  constructor(options: ConnectionOptions) {
    this.keep = options.keep ?? Number.POSITIVE_INFINITY;
    this.store = options.store ?? (() => true);
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...(options.execArgv ?? []), options.server, ...(options.args ?? ['--stdio'])], {
      env: { ...process.env, ...options.env },
    });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.proc.on('exit', (code, signal) => {
      // a server that dies fails every wait at once, with what it wrote to stderr
      this.exited = new Error(`server exited (${code ?? signal})\n${this.stderr}`);
      for (const w of this.waiters.splice(0)) w.reject(this.exited);
      for (const p of this.pending.values()) p(undefined, performance.now(), this.exited);
      this.pending.clear();
    });
  }

  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;

  /** Reads LSP frames from the server's output; linear in the bytes received, whatever the message size. */
  private onData(chunk: Buffer): void {
    const at = performance.now();
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
        this.takeBytes(end + 4);
        this.need = length;
      }
      if (this.buffered < this.need) return;
      const body = this.takeBytes(this.need);
      this.need = -1;
      this.dispatch(JSON.parse(body.toString('utf8')) as Json, at);
    }
  }

  /** Removes and returns the first n buffered bytes. */
  private takeBytes(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  /** The answer to a request from the server. */
  protected answer(msg: Json): unknown {
    if (msg.method === 'workspace/configuration') return (msg.params.items as Json[]).map(() => this.configuration);
    if (msg.method === 'workspace/applyEdit') {
      this.appliedEdits.push(msg.params);
      return { applied: true };
    }
    return null;
  }

  private dispatch(msg: Json, at: number): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.(msg, at);
      return;
    }
    if (msg.id !== undefined) this.send({ jsonrpc: '2.0', id: msg.id, result: this.answer(msg) });
    this.onMessage?.(msg, at);
    // the first take() that it passes has it to itself; otherwise it is kept, then every waitFor() that it
    // passes gets it (a waitFor() test may look at what is kept)
    const taker = this.waiters.find((w) => w.take && w.test(msg));
    if (!taker && this.store(msg) && this.notifications.length < this.keep) {
      this.notifications.push(msg);
      this.arrivals.push(at);
    }
    this.waiters = this.waiters.filter((w) => {
      if (w !== taker && (w.take || !w.test(msg))) return true;
      w.resolve({ msg, at });
      return false;
    });
  }

  send(msg: Json): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  /** Writes raw bytes (for malformed-message tests). */
  sendRaw(data: string | Buffer): void {
    this.proc.stdin.write(data);
  }

  /** Sends a request; resolves with its result and the time from writing it to reading the answer, in ms. */
  timedRequest<T = Json>(method: string, params: unknown, timeoutMs = 20_000): Promise<{ result: T; ms: number }> {
    const id = this.nextId++;
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(this.exited);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`timeout waiting for ${method}\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.pending.set(id, (msg, at, error) => {
        clearTimeout(timer);
        if (error || !msg) reject(error ?? new Error(method));
        else if (msg.error) reject(Object.assign(new Error(msg.error.message), { code: msg.error.code, data: msg.error.data }));
        else resolve({ result: msg.result as T, ms: at - sent });
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  request<T = Json>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    return this.timedRequest<T>(method, params, timeoutMs).then((r) => r.result);
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private wait(test: (m: Json) => boolean, timeoutMs: number, what: string, take: boolean): Promise<Received> {
    const i = this.notifications.findIndex(test);
    if (i >= 0) {
      const found = { msg: this.notifications[i], at: this.arrivals[i] };
      if (take) {
        this.notifications.splice(i, 1);
        this.arrivals.splice(i, 1);
      }
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(this.exited);
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({
        test,
        take,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** The first message from the server (already received or future) that passes `test`. */
  waitFor(test: (m: Json) => boolean, timeoutMs = 20_000, what = 'notification'): Promise<Json> {
    return this.wait(test, timeoutMs, what, false).then((r) => r.msg);
  }

  /** The first message passing `test` that no earlier take() returned, with its arrival time (it is no longer kept). */
  take(test: (m: Json) => boolean, timeoutMs = 20_000, what = 'message'): Promise<Received> {
    return this.wait(test, timeoutMs, what, true);
  }

  open(uri: string, text: string, languageId = 'markdown', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** shutdown + exit; resolves with the exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    this.notify('exit', null);
    return exited;
  }

  /** shutdown + exit within a few seconds, else the process is killed. */
  async stop(): Promise<void> {
    try {
      await this.request('shutdown', null, 10_000);
      this.notify('exit', null);
    } catch {
      /* killed below */
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
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

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}
