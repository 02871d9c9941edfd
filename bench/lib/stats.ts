// Small helpers for timing: summaries of repeated measurements, formatting, and child-process tasks.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median and 95th percentile (nearest rank) of a sample. */
export function summarize(xs: number[]): Summary {
  if (!xs.length) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  return { n: s.length, median, p95, min: s[0], max: s[s.length - 1] };
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

/** The repository root: the nearest folder above this file (bundled or not) holding corpus/kb. */
export const ROOT = ((): string => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'corpus', 'kb')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
})();

/**
 * Bundles `bench/tasks/NAME.ts` with esbuild, as the product itself is bundled (scripts/build.mjs), so
 * that what is timed is the code users run: the same code run through tsx's loader is many times slower.
 */
function bundledTask(name: string): string {
  const out = path.join(ROOT, 'bench', '.data', 'tasks', `${name}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('esbuild').buildSync({
    entryPoints: [path.join(ROOT, 'bench', 'tasks', `${name}.ts`)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.node': 'copy', '.md': 'text' },
    external: ['esbuild'],
    logLevel: 'warning',
  });
  return out;
}

/**
 * Runs `bench/tasks/NAME.ts` (bundled) in a fresh Node process (so that memory and JIT state of one
 * measurement do not leak into the next) and returns the JSON it prints on its last line.
 */
export function task<T>(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): T {
  const r = spawnSync(process.execPath, [...nodeArgs, bundledTask(name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  const lines = (r.stdout ?? '').trim().split('\n');
  const last = lines[lines.length - 1];
  if (r.status !== 0 || !last?.startsWith('{')) {
    throw new Error(`task ${name} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  return JSON.parse(last) as T;
}

/** Resident set size (VmRSS) and its high-water mark (VmHWM) of a process, in bytes (Linux). */
export function procMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

export function machine(): Record<string, string> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: String(cpus.length),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

export function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}
