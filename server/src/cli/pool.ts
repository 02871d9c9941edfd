// `tifa check --jobs N`: many files checked by a pool of worker threads. The main thread checks files
// too (its corpus is loaded already) and starts N − 1 workers, each running this same bundle with its
// own corpus and Checker; files are handed out in batches from one queue, and the results are handed
// back to the caller in the order of the files, so the output (and every JSON byte) is the same as
// with --jobs 1. A worker that fails leaves its files to the others.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/** What a worker is started with: enough to open the same corpus and check as the main thread does. */
export interface WorkerSetup {
  tifaCheckWorker: true;
  corpus: string[];
  today: string;
  lang: string;
}

/** One file to check: its index in the list, its path (bytes or text) and whether it is Markdown. */
export interface Job {
  index: number;
  path: string | Uint8Array;
  markdown: boolean;
}

/** The setup when this thread is a check worker, else undefined. */
export function workerSetup(): WorkerSetup | undefined {
  if (isMainThread) return undefined;
  const d = workerData as WorkerSetup | undefined;
  return d?.tifaCheckWorker ? d : undefined;
}

/** The worker side: checks each batch it is sent with `check` and posts the outcomes back. */
export function serveJobs<T>(check: (job: Job) => T): void {
  const port = parentPort!;
  port.on('message', (batch: Job[] | null) => {
    if (batch === null) {
      port.close();
      return;
    }
    port.postMessage(batch.map((job) => ({ index: job.index, outcome: check(job) })));
  });
  port.postMessage('ready');
}

/** Files handed to a worker at a time: at most this many, and at most BATCH_BYTES of them together. */
const BATCH_FILES = 16;
const BATCH_BYTES = 256 * 1024;

/**
 * Checks `jobs` with the main thread (`check`) and `workers` worker threads started from `script`;
 * calls `done(index, outcome)` for every job in index order. `sizes[i]` is job i's size in bytes
 * (for batching; 0 when unknown).
 */
export async function runPool<T>(options: {
  script: string;
  setup: WorkerSetup;
  jobs: Job[];
  sizes: number[];
  workers: number;
  check: (job: Job) => T;
  done: (index: number, outcome: T) => void;
}): Promise<void> {
  const { jobs, sizes, check, done } = options;
  const outcomes = new Map<number, T>();
  let next = 0; // the next job not yet handed out
  let flushed = 0; // jobs [0, flushed) have been passed to done()
  const flush = () => {
    while (outcomes.has(flushed)) {
      const o = outcomes.get(flushed) as T;
      outcomes.delete(flushed);
      done(flushed++, o);
    }
  };
  const take = (): Job[] => {
    const batch: Job[] = [];
    let bytes = 0;
    while (next < jobs.length && batch.length < BATCH_FILES && (batch.length === 0 || bytes + sizes[next] <= BATCH_BYTES)) {
      bytes += sizes[next];
      batch.push(jobs[next++]);
    }
    return batch;
  };
  /** wakes the main thread when it waits for answers */
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    const f = wakeUp;
    wakeUp = undefined;
    f?.();
  };
  const live = new Set<Worker>();
  /** jobs a worker holds and has not answered: given back to the queue if it fails */
  const held = new Map<Worker, Job[]>();
  const retry: Job[] = [];
  const settle = () => {
    flush();
    wake();
  };
  const feed = (w: Worker) => {
    const batch = take();
    if (!batch.length) {
      held.delete(w);
      w.postMessage(null);
      return;
    }
    held.set(w, batch);
    w.postMessage(batch);
  };
  for (let i = 0; i < options.workers; i++) {
    const w = new Worker(options.script, { workerData: options.setup, stdout: true, stderr: true });
    live.add(w);
    w.on('message', (m: 'ready' | Array<{ index: number; outcome: T }>) => {
      if (m !== 'ready') {
        for (const r of m) outcomes.set(r.index, r.outcome);
        held.delete(w);
        settle();
      }
      feed(w);
    });
    const lost = () => {
      if (!live.delete(w)) return;
      // its unanswered files go to whoever takes work next (the main thread at least)
      retry.push(...(held.get(w) ?? []));
      held.delete(w);
      wake();
    };
    w.on('error', lost);
    w.on('exit', lost);
  }
  // the main thread's share: one job at a time, yielding between jobs so that workers are fed
  for (;;) {
    const job = retry.length ? retry.shift() : next < jobs.length ? jobs[next++] : undefined;
    if (job) {
      outcomes.set(job.index, check(job));
      settle();
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    if (flushed === jobs.length) break;
    // nothing left to hand out: wait for the workers' answers (or for a failed worker's files)
    await new Promise<void>((resolve) => (wakeUp = resolve));
  }
  await Promise.all([...live].map((w) => w.terminate()));
}
