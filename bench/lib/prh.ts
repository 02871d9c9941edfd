// Exports the knowledge base's formulations and term typos as a prh dictionary, for running the same
// wording rules through textlint + textlint-rule-prh side by side with `tifa check`.
// - every formulations entry: `expected: right`, `patterns: wrong…`
// - every terms entry: the misspellings its own flag tests contain (the window one edit away from the
//   term), as patterns of the term. prh matches fixed strings only, so Tifa's fuzzy typo detection
//   (any one-character edit) has no equivalent there; these are the typos the corpus itself names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CORPUS } from './gen';

interface Entry {
  [key: string]: unknown;
}

function entries(kind: string): Entry[] {
  return (parse(fs.readFileSync(path.join(CORPUS, 'kb', `${kind}.yaml`), 'utf8')) as { entries: Entry[] }).entries;
}

/** The window of `text` one substitution or one inner insertion away from `term`, if any. */
export function typoIn(text: string, term: string): string | undefined {
  const L = term.length;
  for (const len of [L, L + 1]) {
    for (let s = 0; s + len <= text.length; s++) {
      const w = text.slice(s, s + len);
      if (w === term) continue;
      if (len === L) {
        let diff = 0;
        for (let i = 0; i < L && diff < 2; i++) if (w[i] !== term[i]) diff++;
        if (diff === 1) return w;
      } else {
        let i = 0;
        while (i < L && w[i] === term[i]) i++;
        if (i > 0 && i < L && w.slice(i + 1) === term.slice(i)) return w;
      }
    }
  }
  return undefined;
}

export function prhRules(): Array<{ expected: string; patterns: string[]; kind: 'formulation' | 'term' }> {
  const rules: Array<{ expected: string; patterns: string[]; kind: 'formulation' | 'term' }> = [];
  for (const f of entries('formulations')) {
    rules.push({ expected: f.right as string, patterns: [...(f.wrong as string[])], kind: 'formulation' });
  }
  for (const t of entries('terms')) {
    const tests = (t.tests ?? {}) as { flag?: Array<string | { text: string }> };
    const typos = new Set<string>();
    for (const flag of tests.flag ?? []) {
      const text = typeof flag === 'string' ? flag : flag.text;
      const typo = typoIn(text, t.term as string);
      if (typo) typos.add(typo);
    }
    if (typos.size) rules.push({ expected: t.term as string, patterns: [...typos], kind: 'term' });
  }
  return rules;
}

/** Writes prh.yml and a textlint config using it into `dir`; returns the config path and the rule count. */
export function writePrhConfig(dir: string): { config: string; rules: number; patterns: number } {
  fs.mkdirSync(dir, { recursive: true });
  const rules = prhRules();
  const yaml =
    'version: 1\nrules:\n' +
    rules
      .map((r) => `  - expected: ${JSON.stringify(r.expected)}\n    patterns:\n${r.patterns.map((p) => `      - ${JSON.stringify(p)}`).join('\n')}`)
      .join('\n') +
    '\n';
  fs.writeFileSync(path.join(dir, 'prh.yml'), yaml);
  const config = path.join(dir, '.textlintrc.json');
  fs.writeFileSync(config, JSON.stringify({ rules: { prh: { rulePaths: [path.join(dir, 'prh.yml')] } } }, null, 2) + '\n');
  return { config, rules: rules.length, patterns: rules.reduce((n, r) => n + r.patterns.length, 0) };
}
