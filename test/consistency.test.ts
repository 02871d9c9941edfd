// Consistency within a document (`inconsistent`), as data: each document of fixtures/consistency.yaml
// with every inconsistent finding it must produce — its place, the related places it points at, its
// severity, words of its message and its quick fix — or none. Then what an edit does: the document-level
// pass sees the paragraphs that were not re-checked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import type { Finding } from '../server/src/core/types';
import { builtinCorpus, findings, fixture, TODAY } from './helpers';

interface Expected {
  at: string;
  related: string[];
  severity?: string;
  says?: string[];
  fix?: string;
}
interface Case {
  name: string;
  text: string;
  date?: string;
  flag: Expected[];
  twin?: [string, string];
}

/** [start, end) of "text" or "text#n" (its n-th occurrence) in the document. */
function place(doc: string, anchor: string): [number, number] {
  const m = /^(.*?)(?:#(\d+))?$/s.exec(anchor)!;
  let at = -1;
  for (let n = Number(m[2] ?? 1); n > 0; n--) {
    at = doc.indexOf(m[1], at + 1);
    if (at < 0) throw new Error(`${anchor} is not in the document`);
  }
  return [at, at + m[1].length];
}

/** The one helper: every inconsistent finding of the document, against the case. */
function check(c: Case): void {
  const got = findings(c.text, { date: c.date }).filter((f) => f.code === 'inconsistent');
  const where = (f: { start: number; end: number }) => [f.start, f.end];
  assert.deepEqual(
    got.map((f) => ({ at: where(f), related: (f.related ?? []).map(where) })),
    c.flag.map((e) => ({ at: place(c.text, e.at), related: e.related.map((r) => place(c.text, r)) })),
    got.map((f) => f.message).join('\n'),
  );
  c.flag.forEach((e, i) => {
    const f = got[i];
    assert.equal(f.severity, e.severity ?? 'warning');
    for (const w of e.says ?? []) assert.ok(f.message.includes(w), `"${w}" not in: ${f.message}`);
    assert.equal(f.fixes[0]?.text, e.fix, JSON.stringify(f.fixes));
    // every related place says something about itself
    for (const r of f.related ?? []) assert.ok(r.message.length > 4, r.message);
  });
  if (!c.flag.length) {
    // the same document with the one thing that keeps its places apart changed is flagged
    assert.ok(c.twin, 'a must-not-flag case names its twin');
    assert.ok(c.text.includes(c.twin[0]), c.twin[0]);
    const twin = c.text.replace(c.twin[0], c.twin[1]);
    assert.ok(findings(twin, { date: c.date }).some((f) => f.code === 'inconsistent'), `twin not flagged: ${twin}`);
  }
}

describe('inconsistent: the same figure, quotation or date given two ways in one document', () => {
  const cases = fixture<Case[]>('consistency.yaml');
  test('the table has cases to flag and to leave alone of each kind', () => {
    assert.ok(cases.filter((c) => c.flag.length).length >= 10, 'must-flag cases');
    assert.ok(cases.filter((c) => !c.flag.length).length >= 15, 'must-not-flag cases');
  });
  for (const c of cases) test(c.name, () => check(c));
});

describe('inconsistent across edits', () => {
  const paragraphs = [
    '一、2024年，我国研发经费投入强度为2.68%，创新投入稳步增加。',
    '二、加快发展新质生产力，扎实推进高质量发展。',
    '三、2024年我国研发经费投入强度为2.68%。',
  ];
  const options = { markdown: true, today: TODAY };
  const inconsistent = (fs: Finding[]) => fs.filter((f) => f.code === 'inconsistent');

  test('an edit of one paragraph is compared with the paragraphs not checked again', () => {
    const checker = new Checker(builtinCorpus().index);
    const before = paragraphs.join('\n\n');
    assert.deepEqual(inconsistent(checker.check(before, options).findings), []);
    // the writer changes the third paragraph only: the first one's figure now disagrees with it
    const after = paragraphs.slice(0, 2).concat('三、2024年我国研发经费投入强度为2.61%。').join('\n\n');
    const edited = inconsistent(checker.check(after, options).findings);
    assert.deepEqual(edited, inconsistent(new Checker(builtinCorpus().index).check(after, options).findings));
    assert.equal(edited.length, 1);
    assert.equal(after.slice(edited[0].start, edited[0].end), '2.61%');
    assert.deepEqual(edited[0].related!.map((r) => after.slice(r.start, r.end)), ['2.68%']);
    assert.equal(edited[0].related![0].start, after.indexOf('2.68%'));
    // and back: the finding goes away
    assert.deepEqual(inconsistent(checker.check(before, options).findings), []);
  });

  test('moving the other place moves the related range', () => {
    const checker = new Checker(builtinCorpus().index);
    const text = '2024年，我国研发经费投入强度为2.65%。\n\n2024年我国研发经费投入强度为2.68%。';
    checker.check(text, options);
    const moved = '新增一段。\n\n' + text;
    const f = inconsistent(checker.check(moved, options).findings);
    assert.equal(f.length, 1);
    assert.equal(moved.slice(f[0].start, f[0].end), '2.65%');
    assert.equal(moved.slice(f[0].related![0].start, f[0].related![0].end), '2.68%');
  });

  test('the severity setting and disable comments apply', () => {
    const text = '我市研发经费投入强度为2.9%。\n\n<!-- tifa-disable-next-line inconsistent -->\n我市研发经费投入强度达到3.1%。\n';
    const all = new Checker(builtinCorpus().index).check(text, options).findings.filter((f) => f.code === 'inconsistent');
    assert.deepEqual(all.map((f) => text.slice(f.start, f.end)), ['2.9%']);
    const off = new Checker(builtinCorpus().index).check(text, { ...options, severity: { inconsistent: 'off' } }).findings;
    assert.ok(!off.some((f) => f.code === 'inconsistent'));
    const error = new Checker(builtinCorpus().index).check(text, { ...options, severity: { inconsistent: 'error' } }).findings;
    assert.equal(error.find((f) => f.code === 'inconsistent')?.severity, 'error');
  });
});
