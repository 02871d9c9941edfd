// Diagnostics, data-driven: error fixtures (every expected finding, by code and range text), clean
// writing (nothing of severity warning or error), disable comments and severity settings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import type { Finding, SeverityMap } from '../server/src/core/types';
import { builtinCorpus, findings, fixture, TODAY } from './helpers';

interface Case {
  name: string;
  text: string;
  date?: string;
  markdown?: boolean;
  /** `fix`: the text the finding's first quick fix writes */
  expect?: Array<{ code: string; text: string; severity?: string; message?: string; fix?: string }>;
}

function describeFinding(text: string, f: Finding): string {
  return `${f.code} “${text.slice(f.start, f.end)}”`;
}

/** The one helper for diagnostics: the findings of severity warning or error, as code + range text. */
function check(c: Case): void {
  const all = findings(c.text, { markdown: c.markdown, date: c.date });
  const got = all.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => describeFinding(c.text, f));
  const want = (c.expect ?? []).map((e) => `${e.code} “${e.text}”`);
  assert.deepEqual([...got].sort(), [...want].sort());
  // where a case names the severity, the finding has it (unquoted reproductions are warnings)
  // …and where it names words of the message, the message says them (注音残留, not 截断)
  for (const e of c.expect ?? []) {
    const f = all.find((x) => x.code === e.code && c.text.slice(x.start, x.end) === e.text);
    if (e.severity) assert.equal(f?.severity, e.severity, `${e.code} “${e.text}”`);
    if (e.message) assert.ok(f?.message.includes(e.message), `${e.code} “${e.text}”: “${f?.message}” does not say “${e.message}”`);
    // the text the quick fix writes is pinned wherever the finding has a fix
    if (f?.fixes.length || e.fix !== undefined) assert.equal(f?.fixes[0]?.text, e.fix, `${e.code} “${e.text}”: the text its quick fix writes`);
  }
  // every fix replaces exactly its range with text that differs from it
  for (const f of all) {
    for (const fix of f.fixes) {
      assert.ok(fix.start >= 0 && fix.end <= c.text.length && fix.start <= fix.end);
    }
  }
}

describe('error fixtures: each is found, with the right code and range', () => {
  const cases = fixture<Case[]>('errors.yaml');
  test('there are enough of them', () => assert.ok(cases.length >= 40, `${cases.length}`));
  for (const c of cases) test(c.name, () => check(c));
});

describe('clean writing raises nothing', () => {
  const cases = fixture<Case[]>('clean.yaml');
  const errors = fixture<Case[]>('errors.yaml');
  test('the clean corpus is at least as large as the error corpus', () => assert.ok(cases.length >= errors.length, `${cases.length} < ${errors.length}`));
  for (const c of cases) test(c.name, () => check({ ...c, expect: [] }));
});

describe('disable comments and severity settings', () => {
  interface DisableCase {
    name: string;
    text: string;
    markdown?: boolean;
    severity?: SeverityMap;
    expect: string[];
    severities?: string[];
  }
  for (const c of fixture<DisableCase[]>('disable.yaml')) {
    test(c.name, () => {
      const r = new Checker(builtinCorpus().index).check(c.text, { markdown: c.markdown ?? false, today: TODAY, severity: c.severity });
      assert.deepEqual(
        r.findings.map((f) => f.code),
        c.expect,
      );
      if (c.severities)
        assert.deepEqual(
          r.findings.map((f) => f.severity),
          c.severities,
        );
    });
  }
});

describe('applying a fix removes the finding', () => {
  for (const c of fixture<Case[]>('errors.yaml')) {
    test(c.name, () => {
      for (const f of findings(c.text, { markdown: c.markdown, date: c.date })) {
        if (!f.fixes.length) continue;
        const fix = f.fixes[0];
        const fixed = c.text.slice(0, fix.start) + fix.text + c.text.slice(fix.end);
        const again = findings(fixed, { markdown: c.markdown, date: c.date });
        assert.ok(
          !again.some((g) => g.code === f.code && g.start === fix.start),
          `fix “${fix.text}” did not remove ${describeFinding(c.text, f)}: ${again.map((g) => describeFinding(fixed, g)).join(', ')}`,
        );
      }
    });
  }
});

describe('traditional script after edits (the simplified view is updated only where the text changed)', () => {
  const base =
    '習近平總書記指出：「發展新質生產力是推動高質量發展的內在要求和重要抓手。」\n\n深入學習貫徹黨的二十大三中全會精神。\n\n要把提高全要素生產力作為重要抓手。\n\n新質(zhì)生產(chǎn)力正在形成。';
  const edits: Array<[number, number, string]> = [
    [10, 10, '的'],
    [5, 6, ''],
    [40, 41, '發'],
    [base.length, base.length, '\n\n二十大四中全會'],
    [0, 0, '简体开头。'],
    [30, 31, '质'],
  ];
  for (const [s, e, t] of edits) {
    test(`edit [${s}, ${e}) → “${t}”: the same findings as a fresh check`, () => {
      const warm = new Checker(builtinCorpus().index);
      const o = { markdown: false, today: TODAY };
      warm.check(base, o);
      const edited = base.slice(0, s) + t + base.slice(e);
      const again = warm.check(edited, o).findings;
      const fresh = new Checker(builtinCorpus().index).check(edited, o).findings;
      assert.deepEqual(again, fresh);
      assert.ok(fresh.length >= 3, `${fresh.length} findings`);
    });
  }
});

// perf4: rules/terms.ts skips a typo anchor when nothing of its term is next to it (nearAnchor); that
// shortcut must never hide a near miss. Every key term with typo anchors, garbled at every position (a
// character read as a Latin letter, a digit inserted inside it), is reported as a near miss of that term
// (an insertion next to the first or last character may read as a substitution there: any range within it).
describe('term-typo: every key term garbled at every position is found', () => {
  const terms = builtinCorpus().index.knowledge.terms.filter((t) => t.term.length >= 4 && [...t.term].every((ch) => /\p{Script=Han}/u.test(ch)));
  test(`${terms.length} terms, each character replaced by X and a 1 inserted between each two`, () => {
    const missed: string[] = [];
    for (const { term } of terms) {
      const variants: string[] = [];
      for (let i = 0; i < term.length; i++) variants.push(`${term.slice(0, i)}X${term.slice(i + 1)}`);
      for (let i = 1; i < term.length; i++) variants.push(`${term.slice(0, i)}1${term.slice(i)}`);
      for (const v of variants) {
        const text = `我们要认真研究${v}的问题。`;
        const at = text.indexOf(v);
        const hit = findings(text).some((f) => f.code === 'term-typo' && f.expected === term && f.start >= at && f.end <= at + v.length);
        if (!hit) missed.push(v);
      }
    }
    assert.deepEqual(missed, []);
  });
});
