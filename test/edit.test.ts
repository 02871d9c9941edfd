// Edits derived from the previous masking and blocks (server/src/core/edit.ts) are exactly what masking
// and splitting the edited text from scratch give; and a Checker that re-checks after an edit reports
// exactly what a fresh Checker reports on the edited text. Random edits (fixed seed) on the seed
// documents and on Markdown full of masked constructs, with the characters those constructs are made of.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { blocksAfterEdit, maskAfterEdit } from '../server/src/core/edit';
import { maskSteps } from '../server/src/core/mask';
import { simplifiedText } from '../server/src/core/normalize';
import { splitBlocks } from '../server/src/core/text';
import { LspClient, ROOT, builtinCorpus } from './helpers';

const seeds = fs
  .readdirSync(path.join(ROOT, 'corpus', 'documents'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => fs.readFileSync(path.join(ROOT, 'corpus', 'documents', f), 'utf8'));

const markdown = [
  '---\ntitle: 学习心得\ndate: 2025-06-30\n---\n',
  '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要着力点”。见 https://www.gov.cn/x 和 www.qstheory.cn。\n\n',
  '```\n代码中的新质2产力\n```\n\n行内`新质2产力`代码，[链接](http://a.b/新质 "标题\n跨行") 与 <https:新质>。\n\n',
  '<!-- 注释中的全要素生产力 -->\n\n[ref]: http://example.com/全要素生产力\n\n',
  '全要素生产力不断提高，研发经费投入强度为2.68%。\n二十大三中全会提出……\n\n',
  '~~~\n未闭合的围栏\n',
].join('');

/** mulberry32 */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = [...'新质生产力的，。2.%aw:/-"`<>[]()~ \n\u3000', '\n\n', '---', 'http://', '<!--', '-->', '```', '](', ']:'];

function randomEdit(text: string, r: () => number): { text: string; start: number; oldEnd: number; newEnd: number } {
  const start = Math.floor(r() * (text.length + 1));
  const del = r() < 0.4 ? Math.min(text.length - start, 1 + Math.floor(r() * 3)) : 0;
  const ins = r() < 0.7 || del === 0 ? POOL[Math.floor(r() * POOL.length)] : '';
  return { text: text.slice(0, start) + ins + text.slice(start + del), start, oldEnd: start + del, newEnd: start + ins.length };
}

function masked(text: string, md: boolean): { written: string; ranges: number[] } {
  const ranges: number[] = [];
  const steps = maskSteps(text, md, ranges);
  for (;;) {
    const s = steps.next();
    if (s.done) return { written: s.value, ranges };
  }
}

test('masking and blocks derived after an edit are those computed from scratch', () => {
  const r = rng(17);
  let derivedMasks = 0;
  let derivedBlocks = 0;
  for (const [base, md] of [...seeds.map((s) => [s, false] as const), [markdown, true] as const, [markdown.repeat(3), true] as const]) {
    let text = base;
    let prev = masked(text, md);
    let prevBlocks = splitBlocks(simplifiedText(prev.written));
    for (let i = 0; i < 300; i++) {
      const e = randomEdit(text, r);
      const next = masked(e.text, md);
      const nextBlocks = splitBlocks(simplifiedText(next.written));
      const d = maskAfterEdit({ text, written: prev.written, ranges: prev.ranges }, e.text, e, md);
      if (d) {
        derivedMasks++;
        assert.equal(d.written, next.written, `masking after an edit at ${e.start}`);
        assert.deepEqual(d.ranges, next.ranges);
        const b = blocksAfterEdit(simplifiedText(prev.written), prevBlocks, e, 4000);
        if (b) {
          derivedBlocks++;
          assert.deepEqual(b, nextBlocks, `blocks after an edit at ${e.start}`);
        }
      }
      text = e.text;
      prev = next;
      prevBlocks = nextBlocks;
    }
  }
  // the fast path is taken often enough for this test to mean something
  assert.ok(derivedMasks > 150, `${derivedMasks} derived maskings`);
  assert.ok(derivedBlocks > 100, `${derivedBlocks} derived block lists`);
});

test('a Checker re-checking after edits reports what a fresh Checker reports', () => {
  const r = rng(18);
  const index = builtinCorpus().index;
  const options = { markdown: true, today: '2026-11-22' };
  const checker = new Checker(index);
  let text = `---\ndate: 2025-06-30\n---\n\n${seeds.join('\n\n')}\n\n${markdown}`;
  checker.check(text, options);
  for (let i = 0; i < 40; i++) {
    text = randomEdit(text, r).text;
    assert.deepEqual(checker.check(text, options).findings, new Checker(index).check(text, options).findings, `after edit ${i}`);
  }
});

// ---- perf2 (issue #17): the edit as the editor reports it, and long paragraphs

/** A long paragraph (over the 4000-character block size) of seed sentences, for paragraphs cut into blocks. */
const longParagraph = seeds
  .join('')
  .replace(/[\s`~<>[\]"]|:\/\/|www\./g, '')
  .slice(0, 9000);

/** A typed or deleted character or two inside a line (what an editor sends while one writes). */
function typing(text: string, r: () => number): { text: string; start: number; oldEnd: number; newEnd: number } {
  let start = Math.floor(r() * text.length);
  while (start > 0 && (text[start] === '\n' || text[start - 1] === '\n')) start--;
  const del = r() < 0.3 ? Math.min(2, text.length - start) : 0;
  const ins = del && r() < 0.5 ? '' : ['新', '的', '质', '。', '2', '%'][Math.floor(r() * 6)];
  return { text: text.slice(0, start) + ins + text.slice(start + del), start, oldEnd: start + del, newEnd: start + ins.length };
}

/** A disable comment typed at the start of a line, or the first one there is taken out again. */
function directive(text: string, r: () => number): { text: string; start: number; oldEnd: number; newEnd: number } {
  const found = text.indexOf('tifa-disable ');
  if (found >= 0 && r() < 0.5) return { text: text.slice(0, found) + text.slice(found + 13), start: found, oldEnd: found + 13, newEnd: found };
  const at = text.indexOf('\n', Math.floor(r() * text.length)) + 1;
  return { text: text.slice(0, at) + 'tifa-disable ' + text.slice(at), start: at, oldEnd: at, newEnd: at + 13 };
}

test('a Checker told each edit (as LSP reports it) reports what a fresh Checker reports', async () => {
  const index = builtinCorpus().index;
  for (const [seed, start] of [
    [19, `---\ndate: 2025-06-30\n---\n\n${seeds.join('\n\n')}\n\n${markdown}`],
    [20, `${longParagraph}\n\n${seeds[0]}\n\n${longParagraph.slice(0, 5000)}`],
    [22, `${longParagraph}\n\n${longParagraph.slice(3000)}`],
  ] as const) {
    const r = rng(seed);
    const options = { markdown: true, today: '2026-11-22' };
    const checker = new Checker(index);
    let text: string = start;
    checker.check(text, options);
    for (let i = 0; i < 160; i++) {
      // (mostly the small edits of typing, now and then one of the pool's constructs)
      const e = r() < 0.05 ? directive(text, r) : r() < 0.8 ? typing(text, r) : randomEdit(text, r);
      const base = text;
      text = e.text;
      const got = await checker.checkInSlices(
        text,
        options,
        async () => {},
        () => false,
        8,
        { base, edit: e },
      );
      const want = new Checker(index).check(text, options);
      assert.deepEqual(got?.findings, want.findings, `seed ${seed}, after edit ${i}`);
      if (i % 10 === 0) assert.deepEqual(got?.annotations, want.annotations, `seed ${seed}, annotations after edit ${i}`);
    }
  }
});

/** Offset → LSP position (line breaks \n, \r\n and \r; UTF-16 characters). */
function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

test('over LSP, diagnostics after incremental edits are those of the same text opened afresh', async () => {
  // (the fresh copies go to a second server: the first one's checker keeps the edited text as the last prepared)
  const lsp = new LspClient();
  const other = new LspClient();
  try {
    await Promise.all([lsp.initialize(), other.initialize()]);
    const r = rng(21);
    const uri = 'file:///tmp/perf2-edits.md';
    let text = `---\ndate: 2025-06-30\n---\n\n${seeds.slice(0, 3).join('\n\n')}\n\n${longParagraph.slice(0, 6000)}\r\n\r\n${markdown}`;
    let version = 1;
    lsp.open(uri, text, 'markdown', version);
    await lsp.diagnostics(uri, version);
    for (let step = 0; step < 40; step++) {
      // one to three notifications, each with one to three changes (each change's range is in the text the one before left)
      const notifications = 1 + Math.floor(r() * 3);
      for (let n = 0; n < notifications; n++) {
        const contentChanges: unknown[] = [];
        for (let c = 1 + Math.floor(r() * 3); c > 0; c--) {
          const e = r() < 0.8 ? typing(text, r) : randomEdit(text, r);
          contentChanges.push({ range: { start: lspPosition(text, e.start), end: lspPosition(text, e.oldEnd) }, text: e.text.slice(e.start, e.newEnd) });
          text = e.text;
        }
        lsp.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges });
      }
      const got = await lsp.diagnostics(uri, version);
      const fresh = `file:///tmp/perf2-fresh-${step}.md`;
      other.open(fresh, text, 'markdown', 1);
      const want = (await other.diagnostics(fresh, 1)).map((d) => withUri(d, fresh, uri));
      other.notify('textDocument/didClose', { textDocument: { uri: fresh } });
      // (the same but for the version each diagnostic's data was made for)
      const strip = (ds: Array<Record<string, any>>) => ds.map((d) => ({ ...d, data: { ...d.data, version: 0 } }));
      assert.deepEqual(strip(got), strip(want), `after step ${step}`);
    }
  } finally {
    lsp.kill();
    other.kill();
  }
});

/** A diagnostic of document `from` as if of `to` (its related places are in the same document). */
function withUri(d: Record<string, any>, from: string, to: string): Record<string, any> {
  return JSON.parse(JSON.stringify(d).split(JSON.stringify(from)).join(JSON.stringify(to)));
}
