// The LSP client of ./helpers plus what the robustness tests measure: the server's memory and the
// diagnostics it published.
import * as fs from 'node:fs';
import { LspClient } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class RobustClient extends LspClient {
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
