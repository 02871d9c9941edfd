// The LSP client of ./helpers, made fit for huge messages (linear buffering of the server's output),
// plus what the robustness tests measure: the server's memory and the diagnostics it published.
import * as fs from 'node:fs';
import { LspClient } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class RobustClient extends LspClient {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;

  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    super(args, env);
    // replace the base class's Buffer.concat-per-chunk reader (quadratic on a 100 MB message)
    (this as unknown as { onData: (c: Buffer) => void }).onData = (chunk) => this.read(chunk);
  }

  private read(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        const head = Buffer.concat(this.chunks.length > 1 ? [this.chunks[0], this.chunks[1]] : this.chunks);
        let all = head;
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
      (this as unknown as { dispatch: (m: Json) => void }).dispatch(JSON.parse(body.toString('utf8')) as Json);
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

  /** Resident memory of the server now and at its peak, in MB (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }

  /** Every diagnostics publication for `uri`, in order. */
  published(uri: string): Json[] {
    return this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params);
  }

  /** Waits for diagnostics of `uri` at `version`, with a bound of our choosing. */
  diagnosticsWithin(uri: string, version: number, timeoutMs: number): Promise<Json[]> {
    return this.waitFor(
      (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && n.params.version === version,
      timeoutMs,
      `diagnostics for ${uri}@${version}`,
    ).then((n) => n.params.diagnostics as Json[]);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}
