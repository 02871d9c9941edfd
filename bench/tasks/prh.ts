// Exports the knowledge base as a prh dictionary (textlint-rule-prh) for the side-by-side benchmark,
// one prh rule per wrong form (prh runs each rule as its own pattern over the text):
// - every wrong form of every formulations entry, with the entry's right form as `expected`;
// - the misspellings of key terms named in the terms' own flag tests (bench/lib/prh.ts `typoIn`);
// - sound-alike misspellings of each key term: one character replaced by another of the same pinyin,
//   taken from the characters of the seed documents (most frequent first), kept only when Tifa itself
//   flags it as a term-typo of that term in a plain sentence and it never occurs in the seed documents
//   (up to PER_TERM per term). prh matches fixed strings, so this list is what Tifa's one-edit typo
//   detection finds spelled out; it is the same knowledge, not more.
//   node bench/tasks/prh.ts DIR   → DIR/prh.yml, DIR/.textlintrc.json; prints the counts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Checker } from '../../server/src/core/check';
import { pinyinOf } from '../../server/src/core/pinyin';
import { openCorpus } from '../../server/src/corpus/open';
import { CORPUS } from '../lib/gen';
import { prhRules } from '../lib/prh';

const PER_TERM = 4;
const dir = process.argv[2];
const corpus = openCorpus([], { builtin: true });
const checker = new Checker(corpus.index);
const seeds = fs
  .readdirSync(path.join(CORPUS, 'documents'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => fs.readFileSync(path.join(CORPUS, 'documents', f), 'utf8'))
  .join('\n');
const freq = new Map<string, number>();
for (const ch of seeds) if (/^[\u4e00-\u9fff]$/.test(ch)) freq.set(ch, (freq.get(ch) ?? 0) + 1);
const byPinyin = new Map<string, string[]>();
for (const [ch] of [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
  const p = pinyinOf(ch);
  if (!p) continue;
  if (!byPinyin.has(p)) byPinyin.set(p, []);
  byPinyin.get(p)!.push(ch);
}

/** Whether Tifa reports `typo` in a plain sentence as a term-typo whose fix is `term`. */
function flagged(typo: string, term: string): boolean {
  const text = `各地要把${typo}摆在突出位置。`;
  const r = checker.check(text, { markdown: false, today: '2026-11-22' });
  return r.findings.some((f) => f.code === 'term-typo' && f.expected === term && text.slice(f.start, f.end) === typo);
}

const base = prhRules();
const rules: Array<{ expected: string; pattern: string }> = [];
const seen = new Set<string>();
const add = (expected: string, pattern: string) => {
  if (seen.has(pattern) || pattern === expected) return false;
  seen.add(pattern);
  rules.push({ expected, pattern });
  return true;
};
let formulations = 0;
let flagTypos = 0;
let soundAlikes = 0;
for (const r of base) for (const p of r.patterns) if (add(r.expected, p)) r.kind === 'formulation' ? formulations++ : flagTypos++;
for (const t of corpus.index.knowledge.terms) {
  const term = t.term;
  let kept = 0;
  for (let i = 0; i < term.length && kept < PER_TERM; i++) {
    for (const c of byPinyin.get(pinyinOf(term[i])) ?? []) {
      if (c === term[i]) continue;
      const typo = term.slice(0, i) + c + term.slice(i + 1);
      if (seen.has(typo) || seeds.includes(typo) || !flagged(typo, term)) continue;
      add(term, typo);
      soundAlikes++;
      kept++;
      break; // one per position
    }
  }
}

fs.mkdirSync(dir, { recursive: true });
const yaml = `version: 1\nrules:\n${rules.map((r) => `  - expected: ${JSON.stringify(r.expected)}\n    pattern: ${JSON.stringify(r.pattern)}`).join('\n')}\n`;
fs.writeFileSync(path.join(dir, 'prh.yml'), yaml);
const config = path.join(dir, '.textlintrc.json');
fs.writeFileSync(config, `${JSON.stringify({ rules: { prh: { rulePaths: [path.join(dir, 'prh.yml')] } } }, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ config, rules: rules.length, formulations, flagTypos, soundAlikes, terms: corpus.index.knowledge.terms.length })}\n`);
