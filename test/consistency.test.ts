// Consistency within a document, as data: each document of fixtures/consistency.yaml with every finding
// it must produce that points at other places of it — an `inconsistent` finding, or the finding of
// another rule on a place the corpus shows wrong (stat-mismatch, misquote…) that carries the other
// places instead of a second finding — with its place, code, related places, severity, words of its
// message and of its related places, and its quick fix; or none. Then what an edit does (the
// document-level pass sees the paragraphs that were not re-checked), and what a writer sees of the other
// place: in the CLI's JSON, text, SARIF and rdjson, in a Word document, and over LSP with and without the
// client's relatedInformation capability.
import Ajv04 from 'ajv-draft-04';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { Checker } from '../server/src/core/check';
import { defaultSeverity } from '../server/src/core/codes';
import type { Code, Finding } from '../server/src/core/types';
import { builtinCorpus, findingLines, findings, fixture, LspClient, ROOT, runCli, TODAY, tmpDir } from './helpers';
import { makeDocx } from './lib/make-docx.mjs';

interface Expected {
  at: string;
  code?: Code;
  related: string[];
  severity?: string;
  says?: string[];
  relatedSays?: string[];
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

/** The findings that compare places of the document: inconsistent ones, and any finding with related places. */
const comparing = (fs: Finding[]) => fs.filter((f) => f.code === 'inconsistent' || f.related?.length);

/** The codes whose finding on a place takes the place of an inconsistent finding there. */
const JOINED: Code[] = ['misquote', 'stat-mismatch', 'stat-outdated', 'misattribution'];

/** The one helper: every comparing finding of the document, against the case. */
function check(c: Case): void {
  const all = findings(c.text, { date: c.date });
  const got = comparing(all);
  const where = (f: { start: number; end: number }) => [f.start, f.end];
  assert.deepEqual(
    got.map((f) => ({ at: where(f), code: f.code, related: (f.related ?? []).map(where) })),
    c.flag.map((e) => ({ at: place(c.text, e.at), code: e.code ?? 'inconsistent', related: e.related.map((r) => place(c.text, r)) })),
    got.map((f) => `${f.code}: ${f.message}`).join('\n'),
  );
  c.flag.forEach((e, i) => {
    const f = got[i];
    const code = e.code ?? 'inconsistent';
    assert.equal(f.severity, e.severity ?? defaultSeverity(code));
    for (const w of e.says ?? []) assert.ok(f.message.includes(w), `"${w}" not in: ${f.message}`);
    assert.equal(f.fixes[0]?.text, e.fix, JSON.stringify(f.fixes));
    // every related place says something about itself
    for (const r of f.related ?? []) assert.ok(r.message.length > 4, r.message);
    for (const w of e.relatedSays ?? [])
      assert.ok(
        f.related!.some((r) => r.message.includes(w)),
        `"${w}" not in: ${f.related!.map((r) => r.message).join(' | ')}`,
      );
  });
  // one place, one finding: no inconsistent finding beside a finding of another rule on its place
  for (const f of all.filter((x) => x.code === 'inconsistent')) {
    const other = all.find((g) => JOINED.includes(g.code) && g.start < f.end && g.end > f.start);
    assert.ok(!other, `inconsistent beside ${other?.code}: ${f.message}`);
  }
  if (!c.flag.length) {
    // the same document with the one thing that keeps its places apart changed is compared: a finding points at the other place
    assert.ok(c.twin, 'a must-not-flag case names its twin');
    assert.ok(c.text.includes(c.twin[0]), c.twin[0]);
    const twin = c.text.replace(c.twin[0], c.twin[1]);
    assert.ok(comparing(findings(twin, { date: c.date })).length, `twin not flagged: ${twin}`);
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
    // (the corpus shows the edited figure wrong: its stat-mismatch points at the other place)
    const checker = new Checker(builtinCorpus().index);
    const before = paragraphs.join('\n\n');
    assert.deepEqual(comparing(checker.check(before, options).findings), []);
    // the writer changes the third paragraph only: the first one's figure now disagrees with it
    const after = paragraphs.slice(0, 2).concat('三、2024年我国研发经费投入强度为2.61%。').join('\n\n');
    const edited = comparing(checker.check(after, options).findings);
    assert.deepEqual(edited, comparing(new Checker(builtinCorpus().index).check(after, options).findings));
    assert.equal(edited.length, 1);
    assert.equal(edited[0].code, 'stat-mismatch');
    assert.equal(after.slice(edited[0].start, edited[0].end), '2.61%');
    assert.deepEqual(
      edited[0].related!.map((r) => after.slice(r.start, r.end)),
      ['2.68%'],
    );
    assert.equal(edited[0].related![0].start, after.indexOf('2.68%'));
    // and back: the finding goes away
    assert.deepEqual(comparing(checker.check(before, options).findings), []);
  });

  test('moving the other places moves the related ranges (a contradiction and a note)', () => {
    const checker = new Checker(builtinCorpus().index);
    const text = '我市研发经费投入强度为2.9%。\n\n我市研发经费投入强度为3.12%。\n\n我市研发经费投入强度为3.1%。';
    checker.check(text, options);
    const moved = '新增一段。\n\n' + text;
    const f = inconsistent(checker.check(moved, options).findings);
    assert.deepEqual(
      f.map((x) => [moved.slice(x.start, x.end), x.severity, x.related!.map((r) => moved.slice(r.start, r.end))]),
      [
        // (two places against one: only the one in the minority)
        ['2.9%', 'warning', ['3.12%', '3.1%']],
        // the same value written less precisely: a note
        ['3.1%', 'information', ['3.12%']],
      ],
    );
    assert.deepEqual(
      f[0].related!.map((r) => r.start),
      [moved.indexOf('3.12%'), moved.indexOf('3.1%。')],
    );
    assert.deepEqual(
      f[1].related!.map((r) => r.start),
      [moved.indexOf('3.12%')],
    );
  });

  test('moving the other place moves the related range of the finding it joined', () => {
    const checker = new Checker(builtinCorpus().index);
    const text = '2024年，我国研发经费投入强度为2.65%。\n\n2024年我国研发经费投入强度为2.68%。';
    checker.check(text, options);
    const moved = '新增一段。\n\n' + text;
    const f = comparing(checker.check(moved, options).findings);
    assert.equal(f.length, 1);
    assert.equal(moved.slice(f[0].start, f[0].end), '2.65%');
    assert.equal(moved.slice(f[0].related![0].start, f[0].related![0].end), '2.68%');
  });

  test('the severity setting and disable comments apply', () => {
    const text = '我市研发经费投入强度为2.9%。\n\n<!-- tifa-disable-next-line inconsistent -->\n我市研发经费投入强度达到3.1%。\n';
    const all = new Checker(builtinCorpus().index).check(text, options).findings.filter((f) => f.code === 'inconsistent');
    assert.deepEqual(
      all.map((f) => text.slice(f.start, f.end)),
      ['2.9%'],
    );
    const off = new Checker(builtinCorpus().index).check(text, { ...options, severity: { inconsistent: 'off' } }).findings;
    assert.ok(!off.some((f) => f.code === 'inconsistent'));
    const error = new Checker(builtinCorpus().index).check(text, { ...options, severity: { inconsistent: 'error' } }).findings;
    assert.equal(error.find((f) => f.code === 'inconsistent')?.severity, 'error');
  });

  test('a note stays a note when inconsistent is raised to an error; hint and off apply to it', () => {
    const text = '我市研发经费投入强度为3.12%。\n\n我市研发经费投入强度为3.1%。\n';
    const severity = (map: Record<string, string>) =>
      new Checker(builtinCorpus().index)
        .check(text, { ...options, severity: map as never })
        .findings.filter((f) => f.code === 'inconsistent')
        .map((f) => `${text.slice(f.start, f.end)} ${f.severity}`);
    assert.deepEqual(severity({}), ['3.1% information']);
    assert.deepEqual(severity({ inconsistent: 'error' }), ['3.1% information']);
    assert.deepEqual(severity({ inconsistent: 'warning' }), ['3.1% information']);
    assert.deepEqual(severity({ inconsistent: 'hint' }), ['3.1% hint']);
    assert.deepEqual(severity({ inconsistent: 'off' }), []);
  });

  test('the finding it would join is off or disabled on its line: the inconsistent finding stays', () => {
    const text = '2024年，我国研发经费投入强度为2.65%。\n\n2024年我国研发经费投入强度为2.68%。\n';
    const run = (t: string, map?: Record<string, string>) =>
      new Checker(builtinCorpus().index)
        .check(t, { ...options, severity: map as never })
        .findings.filter((f) => f.code === 'inconsistent' || f.code === 'stat-mismatch')
        .map((f) => `${f.code} ${t.slice(f.start, f.end)} ${f.related?.length ?? 0}`);
    assert.deepEqual(run(text), ['stat-mismatch 2.65% 1']);
    assert.deepEqual(run(text, { 'stat-mismatch': 'off' }), ['inconsistent 2.65% 1']);
    assert.deepEqual(run(text, { inconsistent: 'off' }), ['stat-mismatch 2.65% 0']);
    assert.deepEqual(run('<!-- tifa-disable-next-line stat-mismatch -->\n' + text), ['inconsistent 2.65% 1']);
    assert.deepEqual(run('<!-- tifa-disable-next-line inconsistent -->\n' + text), ['stat-mismatch 2.65% 0']);
  });
});

// ------------------------------------------------------------------ from the outside: the CLI and the language server

/**
 * A report whose section 三 gives another 2024 figure than section 一 (line 3, which the corpus shows
 * wrong: a stat-mismatch, and line 7), and whose sections 四 and 五 give two figures of the writer's own
 * city (lines 9 and 11: inconsistent, the corpus cannot judge).
 */
const REPORT = [
  '# 调研报告',
  '',
  '一、2024年，我国研发经费投入强度为2.65%，创新投入稳步增加。',
  '',
  '二、加快发展新质生产力，扎实推进高质量发展。',
  '',
  '三、2024年我国研发经费投入强度为2.68%。',
  '',
  '四、我市研发经费投入强度为2.9%，高于全省平均水平。',
  '',
  '五、我市研发经费投入强度达到3.1%。',
  '',
].join('\n');
const at = (needle: string) => {
  const start = REPORT.indexOf(needle);
  const before = REPORT.slice(0, start).split('\n');
  return { start, end: start + needle.length, line: before.length - 1, character: before[before.length - 1].length };
};
const lspRange = (p: { line: number; character: number; start: number; end: number }) => ({
  start: { line: p.line, character: p.character },
  end: { line: p.line, character: p.character + p.end - p.start },
});
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('related places in the CLI', () => {
  const dir = tmpDir('consistency-cli');
  fs.writeFileSync(path.join(dir, 'report.md'), REPORT);
  const here = at('2.65%');
  const other = at('2.68%');
  const mine = at('2.9%');
  const mine2 = at('3.1%');

  test('--format json: the stat-mismatch carries the other place, with offsets and an LSP range; inconsistent only where the corpus cannot judge', () => {
    const r = runCli(['check', '--format', 'json', 'report.md'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr); // the stat-mismatch on 2.65% is an error
    const all: Json[] = JSON.parse(r.stdout).files[0].diagnostics;
    const d = all.find((x) => x.code === 'stat-mismatch');
    assert.ok(d, r.stdout);
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.offset, { start: here.start, end: here.end });
    assert.deepEqual(d.related, [
      { message: '本文另一处写作“2.68%”（与官方数据相符）', offset: { start: other.start, end: other.end }, range: lspRange(other) },
    ]);
    assert.deepEqual(
      d.fixes.map((x: Json) => x.text),
      ['2.68%', '2.69%'],
    );
    // one finding on 2.65%; the inconsistent ones are the city's two figures, each pointing at the other
    assert.deepEqual(
      all.filter((x) => x.code === 'inconsistent').map((x) => [x.offset.start, x.severity, x.related.map((y: Json) => y.offset.start)]),
      [
        [mine.start, 'warning', [mine2.start]],
        [mine2.start, 'warning', [mine.start]],
      ],
    );
    const inc = all.find((x) => x.code === 'inconsistent')!;
    assert.deepEqual(inc.related, [
      { message: '另一处：我市研发经费投入强度为“3.1%”', offset: { start: mine2.start, end: mine2.end }, range: lspRange(mine2) },
    ]);
    assert.deepEqual(inc.fixes, [{ title: '改为“3.1%”（与另一处一致）', offset: { start: mine.start, end: mine.end }, text: '3.1%' }]);
  });

  test('the text format names the other line', () => {
    const lines = findingLines(runCli(['check', 'report.md'], { cwd: dir }).stdout).split('\n');
    const stat = lines.find((l) => l.includes(' stat-mismatch '));
    assert.ok(stat?.startsWith(`report.md:3:${here.character + 1}: error stat-mismatch `), stat);
    assert.ok(stat!.endsWith('（另见第7行）'), stat);
    const inc = lines.filter((l) => l.includes(' inconsistent '));
    assert.equal(inc.length, 2, lines.join('\n'));
    assert.ok(inc[0].startsWith(`report.md:9:${mine.character + 1}: warning inconsistent 本文前后不一致：`), inc[0]);
    assert.ok(inc[0].endsWith('（另见第11行）'), inc[0]);
  });

  test('--lang en: the messages, the related places and the other line in English', () => {
    const r = runCli(['check', '--lang', 'en', '--format', 'json', 'report.md'], { cwd: dir });
    const all: Json[] = JSON.parse(r.stdout).files[0].diagnostics;
    const stat = all.find((x) => x.code === 'stat-mismatch')!;
    assert.equal(stat.related[0].message, 'Elsewhere in this document: “2.68%” (agrees with the official figures)');
    const inc = all.find((x) => x.code === 'inconsistent')!;
    assert.match(
      inc.message,
      /^The document contradicts itself: 我市研发经费投入强度 is “2\.9%” here and “3\.1%” in 1 other place\(s\)\. The corpus has no official figure to decide by/,
    );
    const text = findingLines(runCli(['check', '--lang', 'en', 'report.md'], { cwd: dir }).stdout).split('\n');
    assert.ok(text.find((l) => l.includes(' stat-mismatch '))?.endsWith(' (see also line 7)'), text.join('\n'));
  });

  test('--format sarif gives relatedLocations and validates against the SARIF 2.1.0 schema', () => {
    const r = runCli(['check', '--format', 'sarif', 'report.md'], { cwd: dir });
    const log = JSON.parse(r.stdout) as Json;
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'stat-mismatch');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(result.relatedLocations.length, 1);
    const rel = result.relatedLocations[0];
    assert.equal(rel.physicalLocation.artifactLocation.uri, 'report.md');
    assert.deepEqual(
      (({ startLine, startColumn, endColumn, charOffset }) => ({ startLine, startColumn, endColumn, charOffset }))(rel.physicalLocation.region),
      { startLine: 7, startColumn: other.character + 1, endColumn: other.character + 6, charOffset: other.start },
    );
    assert.match(rel.message.text, /2\.68%/);
    const inc = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'inconsistent');
    assert.equal(inc.level, 'warning');
    assert.equal(inc.relatedLocations[0].physicalLocation.region.startLine, 11);
  });

  test('--format rdjson gives related_locations', () => {
    const out = JSON.parse(runCli(['check', '--format', 'rdjson', 'report.md'], { cwd: dir }).stdout);
    const d = out.diagnostics.find((x: { code: { value: string } }) => x.code.value === 'stat-mismatch');
    assert.equal(d.related_locations[0].location.path, 'report.md');
    assert.equal(d.related_locations[0].location.range.start.line, 7);
    const inc = out.diagnostics.find((x: { code: { value: string } }) => x.code.value === 'inconsistent');
    assert.equal(inc.related_locations[0].location.range.start.line, 11);
  });

  test('a Word document names the other paragraph, in the output and in the comment', () => {
    const docx = path.join(dir, 'report.docx');
    fs.writeFileSync(docx, makeDocx({ body: REPORT.split('\n').filter(Boolean) }));
    const text = runCli(['check', docx]).stdout;
    assert.match(text, /report\.docx:2:\d+: error stat-mismatch .*（另见第 4 段） —— 第 2 段：/);
    assert.match(text, /report\.docx:5:\d+: warning inconsistent .*（另见第 6 段） —— 第 5 段：/);
    const json: Json[] = JSON.parse(runCli(['check', '--format', 'json', docx]).stdout).files[0].diagnostics;
    assert.deepEqual(json.find((x) => x.code === 'stat-mismatch')!.related[0].paragraph, { part: 'body', number: 4 });
    assert.deepEqual(json.find((x) => x.code === 'inconsistent')!.related[0].paragraph, { part: 'body', number: 6 });
    // the Word comment on the stat-mismatch names the other paragraph and what it says
    const out = path.join(dir, 'annotated.docx');
    assert.equal(runCli(['check', '--annotate', out, docx]).status, 1);
    const comments = new TextDecoder().decode(unzipSync(fs.readFileSync(out))['word/comments.xml']);
    assert.match(comments, /【Tifa 提法 · 统计数据与官方数据不符】[^<]*<\/w:t>.*?第 4 段：本文另一处写作“2\.68%”（与官方数据相符）/s);
    assert.match(comments, /【Tifa 提法 · 同一文档内前后不一致】[^<]*<\/w:t>.*?第 6 段：另一处：我市研发经费投入强度为“3\.1%”/s);
  });
});

describe('related places over LSP', () => {
  const uri = 'file:///tmp/consistency.md';
  const here = at('2.65%');
  const other = at('2.68%');
  const mine = at('2.9%');
  const mine2 = at('3.1%');
  const lineOf = (x: Json) => x.range.start.line;
  const relatedLines = (x: Json) => (x.relatedInformation ?? []).map((r: Json) => r.location.range.start.line);

  test('a client that shows related information gets the other places as relatedInformation', async () => {
    const lsp = new LspClient();
    try {
      await lsp.initialize({}, { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } });
      lsp.open(uri, REPORT);
      const all = await lsp.diagnostics(uri, 1);
      const d = all.find((x) => x.code === 'stat-mismatch');
      assert.ok(d);
      assert.deepEqual(d.range, lspRange(here));
      assert.equal(d.severity, 1);
      assert.deepEqual(d.relatedInformation, [{ location: { uri, range: lspRange(other) }, message: '本文另一处写作“2.68%”（与官方数据相符）' }]);
      assert.ok(!d.message.includes('第7行'), d.message);
      const inc = all.filter((x) => x.code === 'inconsistent');
      assert.deepEqual(
        inc.map((x) => [lineOf(x), x.severity, relatedLines(x)]),
        [
          [mine.line, 2, [mine2.line]],
          [mine2.line, 2, [mine.line]],
        ],
      );
      assert.deepEqual(inc[0].relatedInformation, [{ location: { uri, range: lspRange(mine2) }, message: '另一处：我市研发经费投入强度为“3.1%”' }]);
      // an edit that makes the two places agree clears it; the paragraph not edited is still compared
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: lspRange(here), text: '2.68%' }] });
      assert.deepEqual((await lsp.diagnostics(uri, 2)).filter((x) => x.relatedInformation).map(lineOf), [mine.line, mine2.line]);
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: lspRange(other), text: '2.61%' }] });
      const again = (await lsp.diagnostics(uri, 3)).filter((x) => x.relatedInformation);
      assert.deepEqual(
        again.map((x) => [x.code, lineOf(x), relatedLines(x)]),
        [
          ['stat-mismatch', other.line, [here.line]],
          ['inconsistent', mine.line, [mine2.line]],
          ['inconsistent', mine2.line, [mine.line]],
        ],
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
      const all = await lsp.diagnostics(uri, 1);
      const d = all.find((x) => x.code === 'stat-mismatch');
      assert.ok(d);
      assert.equal(d.relatedInformation, undefined);
      assert.ok(d.message.endsWith('\n第7行：本文另一处写作“2.68%”（与官方数据相符）'), d.message);
      const inc = all.find((x) => x.code === 'inconsistent');
      assert.ok(inc?.message.endsWith('\n第11行：另一处：我市研发经费投入强度为“3.1%”'), inc?.message);
    } finally {
      lsp.kill();
    }
  });
});
