// Consistency within a document (`inconsistent`), as data: each document of fixtures/consistency.yaml
// with every inconsistent finding it must produce — its place, the related places it points at, its
// severity, words of its message and its quick fix — or none. Then what an edit does (the document-level
// pass sees the paragraphs that were not re-checked), and what a writer sees of the other place: in the
// CLI's JSON, text, SARIF and rdjson, in a Word document, and over LSP with and without the client's
// relatedInformation capability.
import Ajv04 from 'ajv-draft-04';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import type { Finding } from '../server/src/core/types';
import { builtinCorpus, findingLines, findings, fixture, LspClient, ROOT, runCli, TODAY, tmpDir } from './helpers';
import { makeDocx } from './lib/make-docx.mjs';

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

// ------------------------------------------------------------------ from the outside: the CLI and the language server

/** A report whose section 三 gives another 2024 figure than section 一 (line 3 and line 7). */
const REPORT = [
  '# 调研报告',
  '',
  '一、2024年，我国研发经费投入强度为2.65%，创新投入稳步增加。',
  '',
  '二、加快发展新质生产力，扎实推进高质量发展。',
  '',
  '三、2024年我国研发经费投入强度为2.68%。',
  '',
].join('\n');
const at = (needle: string) => {
  const start = REPORT.indexOf(needle);
  const before = REPORT.slice(0, start).split('\n');
  return { start, end: start + needle.length, line: before.length - 1, character: before[before.length - 1].length };
};

describe('inconsistent in the CLI', () => {
  const dir = tmpDir('consistency-cli');
  fs.writeFileSync(path.join(dir, 'report.md'), REPORT);
  const here = at('2.65%');
  const other = at('2.68%');

  test('--format json carries the other place as related, with offsets and an LSP range', () => {
    const r = runCli(['check', '--format', 'json', 'report.md'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr); // the stat-mismatch on 2.65% is an error
    const d = JSON.parse(r.stdout).files[0].diagnostics.find((x: { code: string }) => x.code === 'inconsistent');
    assert.ok(d, r.stdout);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.offset, { start: here.start, end: here.end });
    assert.deepEqual(d.related, [
      {
        message: '另一处：2024年研发经费投入强度为“2.68%”（与官方数据相符）',
        offset: { start: other.start, end: other.end },
        range: { start: { line: other.line, character: other.character }, end: { line: other.line, character: other.character + 5 } },
      },
    ]);
    assert.deepEqual(d.fixes, [{ title: '改为“2.68%”', offset: { start: here.start, end: here.end }, text: '2.68%' }]);
  });

  test('the text format names the other line', () => {
    const r = runCli(['check', 'report.md'], { cwd: dir });
    const line = findingLines(r.stdout)
      .split('\n')
      .find((l) => l.includes(' inconsistent '));
    assert.ok(line, r.stdout);
    assert.ok(line.startsWith(`report.md:3:${here.character + 1}: warning inconsistent 本文前后不一致：`), line);
    assert.ok(line.endsWith('（另见第7行）'), line);
  });

  test('--lang en: the message and the other line in English', () => {
    const r = runCli(['check', '--lang', 'en', 'report.md'], { cwd: dir });
    const line = findingLines(r.stdout)
      .split('\n')
      .find((l) => l.includes(' inconsistent '));
    assert.ok(line, r.stdout);
    assert.match(line, /warning inconsistent The document contradicts itself: 2024年研发经费投入强度 is “2\.65%” here and “2\.68%” in 1 other place\(s\)\. In the corpus, “2\.68%” agrees with the official figures: /);
    assert.ok(line.endsWith(' (see also line 7)'), line);
  });

  test('--format sarif gives relatedLocations and validates against the SARIF 2.1.0 schema', () => {
    const r = runCli(['check', '--format', 'sarif', 'report.md'], { cwd: dir });
    const log = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'inconsistent');
    assert.equal(result.level, 'warning');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(result.relatedLocations.length, 1);
    const rel = result.relatedLocations[0];
    assert.equal(rel.physicalLocation.artifactLocation.uri, 'report.md');
    assert.deepEqual(
      (({ startLine, startColumn, endColumn, charOffset }) => ({ startLine, startColumn, endColumn, charOffset }))(rel.physicalLocation.region),
      { startLine: 7, startColumn: other.character + 1, endColumn: other.character + 6, charOffset: other.start },
    );
    assert.match(rel.message.text, /2\.68%/);
  });

  test('--format rdjson gives related_locations', () => {
    const out = JSON.parse(runCli(['check', '--format', 'rdjson', 'report.md'], { cwd: dir }).stdout);
    const d = out.diagnostics.find((x: { code: { value: string } }) => x.code.value === 'inconsistent');
    assert.equal(d.related_locations[0].location.path, 'report.md');
    assert.equal(d.related_locations[0].location.range.start.line, 7);
  });

  test('a Word document names the other paragraph', () => {
    const docx = path.join(dir, 'report.docx');
    fs.writeFileSync(docx, makeDocx({ body: REPORT.split('\n').filter(Boolean) }));
    const text = runCli(['check', docx]).stdout;
    assert.match(text, /report\.docx:2:\d+: warning inconsistent .*（另见第 4 段） —— 第 2 段：/);
    const json = JSON.parse(runCli(['check', '--format', 'json', docx]).stdout).files[0].diagnostics.find((x: { code: string }) => x.code === 'inconsistent');
    assert.deepEqual(json.related[0].paragraph, { part: 'body', number: 4 });
  });
});

describe('inconsistent over LSP', () => {
  const uri = 'file:///tmp/consistency.md';
  const here = at('2.65%');
  const other = at('2.68%');
  const range = (p: { line: number; character: number }) => ({ start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character + 5 } });

  test('a client that shows related information gets the other place as relatedInformation', async () => {
    const lsp = new LspClient();
    try {
      await lsp.initialize({}, { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } });
      lsp.open(uri, REPORT);
      const d = (await lsp.diagnostics(uri, 1)).find((x) => x.code === 'inconsistent');
      assert.ok(d);
      assert.deepEqual(d.range, range(here));
      assert.equal(d.severity, 2);
      assert.deepEqual(d.relatedInformation, [{ location: { uri, range: range(other) }, message: '另一处：2024年研发经费投入强度为“2.68%”（与官方数据相符）' }]);
      assert.ok(!d.message.includes('第7行'), d.message);
      // an edit that makes the two places agree clears it; the paragraph not edited is still compared
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(here), text: '2.68%' }] });
      assert.ok(!(await lsp.diagnostics(uri, 2)).some((x) => x.code === 'inconsistent'));
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: range(other), text: '2.61%' }] });
      const again = (await lsp.diagnostics(uri, 3)).filter((x) => x.code === 'inconsistent');
      assert.deepEqual(
        again.map((x) => [x.range.start.line, x.relatedInformation.map((r: { location: { range: { start: { line: number } } } }) => r.location.range.start.line)]),
        [[6, [2]]],
      );
    } finally {
      lsp.kill();
    }
  });

  test('without that capability the other place is written into the message with its line', async () => {
    const lsp = new LspClient();
    try {
      await lsp.initialize({}, { workspace: { configuration: true } });
      lsp.open(uri, REPORT);
      const d = (await lsp.diagnostics(uri, 1)).find((x) => x.code === 'inconsistent');
      assert.ok(d);
      assert.equal(d.relatedInformation, undefined);
      assert.ok(d.message.endsWith('\n第7行：另一处：2024年研发经费投入强度为“2.68%”（与官方数据相符）'), d.message);
    } finally {
      lsp.kill();
    }
  });
});
