#!/usr/bin/env node
// A long fuzz run (not in CI): the properties of test/fuzz.test.ts and the LSP interleavings of
// test/robust-lsp.test.ts, with many more runs and a fresh random seed per round, until the time is up.
//   node scripts/fuzz-long.mjs [--minutes 30] [--scale 20] [--seed N] [--no-lsp]
// Each round prints its seed; a failure prints fast-check's shrunk counterexample and the seed and
// path to replay it (TIFA_FUZZ_SEED=<seed> TIFA_FUZZ_SCALE=<scale> node --test dist-test/fuzz.test.js),
// and the run exits with 1.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg('minutes', 30));
const scale = Number(arg('scale', 20));
const fixedSeed = arg('seed', undefined);
const lsp = !process.argv.includes('--no-lsp');

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const until = Date.now() + minutes * 60_000;
let round = 0;
let failed = 0;
do {
  round++;
  const seed = fixedSeed ?? String(Math.floor(Math.random() * 2 ** 31));
  const env = { ...process.env, TIFA_FUZZ_SEED: seed, TIFA_FUZZ_SCALE: String(scale) };
  const suites = [['dist-test/fuzz.test.js']];
  if (lsp) suites.push(['--test-name-pattern', 'random interleavings|1,000 incremental edits', 'dist-test/robust-lsp.test.js']);
  for (const files of suites) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    const name = files.at(-1);
    if (r.status === 0) {
      process.stdout.write(`round ${round} seed ${seed} scale ${scale}: ${name} passed (${secs} s)\n`);
      continue;
    }
    failed++;
    process.stdout.write(`round ${round} seed ${seed} scale ${scale}: ${name} FAILED (${secs} s)\n`);
    const lines = (r.stdout + r.stderr).split('\n');
    const start = lines.findIndex((l) => l.includes('failing tests:'));
    process.stdout.write(
      lines
        .slice(Math.max(start, 0))
        .filter((l) => !/^\s+at /.test(l))
        .slice(0, 80)
        .join('\n') + '\n',
    );
    process.stdout.write(`replay: TIFA_FUZZ_SEED=${seed} TIFA_FUZZ_SCALE=${scale} node --test dist-test/${path.basename(name)}\n`);
  }
} while (Date.now() < until && !fixedSeed);
process.stdout.write(`${round} round(s), ${failed} failure(s)\n`);
process.exit(failed ? 1 : 0);
