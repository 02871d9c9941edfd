// Worst-case documents (issue #18, items 1 and 6): Markdown that made the masking step quadratic, and
// paragraphs whose alignment with a long official wording cannot be cut into slices. The CLI must
// finish and the server must keep answering hovers on other documents while it checks them. A hang
// is caught by a child process's or a request's time-out; how fast is measured by `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LineIndex } from '../server/src/lsp/positions';
import { CLI, TODAY, tmpDir } from './helpers';
import { RobustClient } from './robust-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The CLI with a bound: a hang fails the test instead of stalling the run. */
function cli(args: string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: 'off' } });
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
    '](' .repeat(100_000),
    '<a:'.repeat(70_000),
    '[注\r'.repeat(60_000) + ']:',
    '我们要持续提高全要素生产力。',
    '<!-- 草稿：\n\n全要素生产力不断提高。\n\n' + '```'.repeat(50_000),
  ].join('\n\n');
}

function published(diags: Json[]): string[] {
  return diags.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
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
});

describe('worst-case documents: hovers on another document are answered while they are checked', () => {
  let lsp: RobustClient;
  const small = 'file:///tmp/worst-small.md';
  before(async () => {
    lsp = new RobustClient(['--stdio'], { TIFA_CACHE_DIR: 'off' });
    await lsp.initialize();
    lsp.open(small, '加快发展新质生产力。\n');
    await lsp.diagnosticsWithin(small, 1, 20_000);
  });
  after(() => lsp.kill());

  /** Hovers on the small document, one at a time (each with a time-out), until `uri`@`version` has diagnostics. */
  async function hoversWhileChecking(uri: string, version: number): Promise<{ answered: number; diags: Json[] }> {
    let done = false;
    const diags = lsp.diagnosticsWithin(uri, version, 120_000).then((d) => ((done = true), d));
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
});

