// The language server's corpus worker: a corpus with user folders is loaded in a worker thread, so
// that reading, parsing and validating its YAML (seconds for a large or hostile corpus) never holds
// the server's message loop; the last good corpus stays in use meanwhile. The worker runs the same
// bundle as the server (server.ts starts it when it is not the main thread), loads with
// loadCorpusData() and posts the result back; the message loop builds the index from it.
// The worker's heap is capped: a load that would take more memory fails, and is reported as such.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CorpusFolder } from './load';
import { loadCorpusData, type CorpusData } from './open';

/** The worker's heap limit (MB): above every load within the documented limits, below what would hurt the machine. */
export const WORKER_HEAP_MB = 1536;

interface Request {
  tifaCorpusWorker: true;
  extra: CorpusFolder[];
}

export type WorkerReply = { ok: true; data: CorpusData } | { ok: false; error: string };

/** True in a thread started by loadInWorker(). */
export function isCorpusWorker(): boolean {
  return !isMainThread && (workerData as Request | undefined)?.tifaCorpusWorker === true;
}

/** The worker's side: load, post the result (or the error), end. */
export function runCorpusWorker(): void {
  const { extra } = workerData as Request;
  let reply: WorkerReply;
  try {
    reply = { ok: true, data: loadCorpusData(extra) };
  } catch (e) {
    reply = { ok: false, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
}

/**
 * The message loop's side: loads the built-in corpus and `extra` in a worker thread running `script`
 * (the server bundle). Never rejects; `log` receives what the worker writes.
 */
export function loadInWorker(script: string, extra: CorpusFolder[], log: (line: string) => void): Promise<WorkerReply> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: WorkerReply) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    let worker: Worker;
    try {
      worker = new Worker(script, {
        workerData: { tifaCorpusWorker: true, extra } satisfies Request,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        // the worker's output must never reach stdout, the protocol channel of a --stdio server
        stdout: true,
        stderr: true,
      });
    } catch (e) {
      done({ ok: false, error: (e as Error).message });
      return;
    }
    for (const stream of [worker.stdout, worker.stderr]) stream.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    worker.once('message', (r: WorkerReply) => done(r));
    worker.once('error', (e: Error & { code?: string }) =>
      done({ ok: false, error: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the corpus needs more than ${WORKER_HEAP_MB} MB to load` : e.message }),
    );
    worker.once('exit', (code) => done({ ok: false, error: `the corpus worker ended (${code}) without a result` }));
  });
}
