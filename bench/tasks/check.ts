// In-process check timing: a full check of a report with a fresh Checker each run (no block cache),
// after warm-up runs so that the JIT has compiled the rules; then one-character edits re-checked by a
// warmed Checker (only the edited paragraph is checked again). The warm-up times are reported too: on
// the 100k report the median of each ten runs falls until about the fortieth run and is flat after the
// fiftieth (2026-12-07: 45–78, 30–45, 21–35, 21–30, 20–32, then 19–22 ms), so that report is timed after
// 50; the dense 1M report, ten times the work per run, after 10.
//   node --import tsx bench/tasks/check.ts REPORT RUNS [WARMUP]
import * as fs from 'node:fs';
import { Checker } from '../../server/src/core/check';
import { openCorpus } from '../../server/src/corpus/open';
import { rng } from '../lib/gen';

const [file, runsArg, warmupArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);
const text = fs.readFileSync(file, 'utf8');
const options = { markdown: /\.md$/.test(file), today: '2026-11-22' };
const corpus = openCorpus();

const WARMUP = Number(warmupArg ?? 10);
const full: number[] = [];
const warmup: number[] = [];
let findings = 0;
for (let i = 0; i < runs + WARMUP; i++) {
  const checker = new Checker(corpus.index);
  const t = performance.now();
  const r = checker.check(text, options);
  const dt = performance.now() - t;
  (i >= WARMUP ? full : warmup).push(dt);
  findings = r.findings.length;
}

// one-character edits: insert 的 at a paragraph position, check, then remove it again
const checker = new Checker(corpus.index);
checker.check(text, options);
const edits: number[] = [];
const r = rng(7);
const bodyStart = text.indexOf('\n## ');
for (let i = 0; i < 60; i++) {
  let at = bodyStart + Math.floor(r() * (text.length - bodyStart - 1));
  while (text[at] === '\n' || text[at - 1] === '\n') at++;
  const edited = text.slice(0, at) + '的' + text.slice(at);
  let t = performance.now();
  checker.check(edited, options);
  edits.push(performance.now() - t);
  t = performance.now();
  checker.check(text, options);
  edits.push(performance.now() - t);
}

process.stdout.write(JSON.stringify({ chars: text.length, findings, warmup, full, edits }) + '\n');
