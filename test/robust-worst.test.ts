// Worst-case documents (issue #18, items 1 and 6): Markdown that made the masking step quadratic, and
// paragraphs whose alignment with a long official wording cannot be cut into slices. The CLI must
// finish and the server must keep answering hovers on other documents while it checks them. A hang
// is caught by a child process's or a request's time-out; how fast is measured by `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LineIndex } from '../server/src/shared/positions';
import { CLI, TODAY, tmpDir } from './helpers';
import { RobustClient } from './robust-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The CLI with a bound: a hang fails the test instead of stalling the run. */
function cli(args: string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: 'off' },
  });
  assert.equal(r.signal, null, `tifa ${args.join(' ')} did not finish within ${timeoutMs} ms`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Markdown with every construct left unclosed, each run long enough that quadratic masking takes
 * minutes: backticks, `](` without `)`, `<a:` without `>`, `[` lines without `]` in \r-only line
 * breaks; a term typo in a normal paragraph; then an unclosed HTML comment (CommonMark: the rest of
 * the text is comment) with a typo inside it, ending in a fence line with no line break after it.
 */
function hostileMarkdown(): string {
  return [
    '# 学习心得',
    '文' + '`'.repeat(400_000),
    ']('.repeat(100_000),
    '<a:'.repeat(70_000),
    '[注\r'.repeat(60_000) + ']:',
    '我们要持续提高全要素生产力。',
    '<!-- 草稿：\n\n全要素生产力不断提高。\n\n' + '```'.repeat(50_000),
  ].join('\n\n');
}

function published(diags: Json[]): string[] {
  return diags.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

// ------------------------------------------------------------------ a corpus with long official wordings

const SOURCE = '{ title: 测试文件, publisher: 测试单位, date: "2025-01-01" }';
const UNIT = '甲乙丙丁';

/**
 * A user corpus of five made-up "quotations", each one 4-character unit repeated to 19,600 characters
 * (one character changed at a different place in each): a paragraph repeating the unit shares every
 * 4-gram with all of them, at thousands of places each.
 */
function longWordingCorpus(): string {
  const dir = tmpDir('long-wordings');
  fs.writeFileSync(
    path.join(dir, 'occasions.yaml'),
    `kind: occasions\nentries:\n  - id: test-occasion\n    name: 测试会议\n    type: meeting\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`,
  );
  const entries = Array.from({ length: 5 }, (_, i) => {
    const t = UNIT.repeat(4900);
    const k = 1000 + 400 * i;
    return `  - id: test-long-${i}\n    text: "${t.slice(0, k)}戊${t.slice(k + 1)}"\n    speaker: 测试者\n    occasion: test-occasion\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`;
  });
  fs.writeFileSync(path.join(dir, 'quotations.yaml'), `kind: quotations\nentries:\n${entries.join('')}`);
  return dir;
}

/** Paragraphs of 4,000 characters repeating the unit, with no sentence end: each one a block that cannot be cut at a sentence. */
function hostileParagraphs(n: number): string {
  return Array.from({ length: n }, () => UNIT.repeat(1000)).join('\n\n') + '\n\n我们要持续提高全要素生产力。\n';
}

describe('worst-case documents: the CLI finishes', () => {
  test('Markdown with unclosed backticks, links, autolinks and reference lines is masked in linear time; an unclosed <!-- hides the rest', () => {
    const dir = tmpDir('worst-md');
    const file = path.join(dir, 'hostile.md');
    fs.writeFileSync(file, hostileMarkdown());
    const r = cli(['check', '--format', 'json', file]);
    assert.equal(r.status, 0, r.stderr);
    const diags = JSON.parse(r.stdout).files[0].diagnostics as Json[];
    const text = fs.readFileSync(file, 'utf8');
    // the typo before the comment is found; the one inside the unclosed comment is not
    assert.deepEqual(
      diags.map((d) => [d.code, text.slice(d.offset.start, d.offset.end)]),
      [['term-typo', '全要素生产力']],
    );
    assert.ok(diags[0].offset.start < text.indexOf('<!--'));
  });

  test('paragraphs repeating a long official wording: checked within the work budget of each block', () => {
    const dir = tmpDir('worst-par');
    const file = path.join(dir, 'hostile.md');
    fs.writeFileSync(file, hostileParagraphs(16));
    const r = cli(['check', '--format', 'json', '--corpus', longWordingCorpus(), file], 30_000);
    assert.equal(r.status, 0, r.stderr);
    const diags = JSON.parse(r.stdout).files[0].diagnostics as Json[];
    assert.deepEqual(
      diags.map((d) => d.code),
      ['term-typo'],
    );
  });
});

describe('worst-case documents: hovers on another document are answered while they are checked', () => {
  let lsp: RobustClient;
  const small = 'file:///tmp/worst-small.md';
  before(async () => {
    lsp = new RobustClient(['--stdio'], { TIFA_CACHE_DIR: 'off' });
    lsp.configuration = { corpus: { paths: [longWordingCorpus()] }, quotation: { insertStyle: 'lead' }, severity: {} };
    await lsp.initialize();
    lsp.open(small, '加快发展新质生产力。\n');
    await lsp.diagnosticsWithin(small, 1, 20_000);
  });
  after(() => lsp.kill());

  /** Hovers on the small document, one at a time (each with a time-out), until `uri`@`version` has diagnostics. */
  async function hoversWhileChecking(uri: string, version: number): Promise<{ answered: number; diags: Json[] }> {
    let done = false;
    const diags = lsp.diagnosticsWithin(uri, version, 120_000).then((d) => {
      done = true;
      return d;
    });
    const hover = () => lsp.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } }, 20_000);
    let answered = 0;
    while (!done) {
      const h = await hover();
      assert.ok(h?.contents?.value, 'hover answered with content');
      if (!done) answered++;
    }
    return { answered, diags: await diags };
  }

  test('hostile Markdown: hovers answered, diagnostics as the core finds them', async () => {
    const uri = 'file:///tmp/worst-hostile.md';
    const text = hostileMarkdown();
    lsp.open(uri, text, 'markdown', 1);
    const { diags } = await hoversWhileChecking(uri, 1);
    // (the core is not run in this process: on a quadratic build it would hang the test run itself)
    const typo = text.indexOf('全要素生产力');
    const r = new LineIndex(text).range(typo, typo + 6);
    assert.deepEqual(published(diags), [`term-typo ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`]);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('a paragraph repeating a long official wording is checked in pieces: hovers go through again and again, before and after an edit', async () => {
    const uri = 'file:///tmp/worst-paragraph.md';
    const text = hostileParagraphs(1);
    lsp.open(uri, text, 'markdown', 1);
    const first = await hoversWhileChecking(uri, 1);
    // one 4,000-character block was one step of work: now it is many, with hovers answered between them
    assert.ok(first.answered >= 3, `only ${first.answered} hover(s) answered while the paragraph was checked`);
    assert.deepEqual(
      first.diags.map((d) => d.code),
      ['term-typo'],
    );
    // a keystroke in the paragraph: checked again, in pieces
    const at = { line: 0, character: 2000 };
    lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '丁' }] });
    const second = await hoversWhileChecking(uri, 2);
    assert.ok(second.answered >= 1, `no hover answered while the edited paragraph was checked`);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });
});
