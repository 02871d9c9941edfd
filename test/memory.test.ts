// Memory that must be released (issue #18 "never leaks", issue #17 memory targets): what an editing
// session leaves behind once the garbage collector has run. Measured on the live heap after a full
// collection (not timings): old versions of an edited document and the indexes of corpora that were
// replaced must not stay reachable from any cache.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Checker, LIMITS } from '../server/src/core/check';
import { detached } from '../server/src/core/text';
import { complete } from '../server/src/core/complete';
import { hoverAt } from '../server/src/core/hover';
import { searchCorpus } from '../server/src/core/search';
import { openCorpus } from '../server/src/corpus/open';
import { builtinCorpus, ROOT, TODAY } from './helpers';

// a full collection on demand (node:test runs each test file in a process of its own)
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** A full collection after the current job, so that WeakRefs made in it can be cleared. */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}
const liveMb = () => process.memoryUsage().heapUsed / 2 ** 20;

const seedText = fs
  .readdirSync(path.join(ROOT, 'corpus', 'documents'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => fs.readFileSync(path.join(ROOT, 'corpus', 'documents', f), 'utf8'))
  .join('\n\n');

describe('memory', () => {
  test('a copy made by detached() keeps nothing of the text it was cut from', async () => {
    const kept: string[] = [];
    await collect();
    const before = liveMb();
    for (let i = 0; i < 50; i++) kept.push(detached(`第${i}稿`.repeat(200_000).slice(1000, 3000)));
    await collect();
    // 50 documents of 1.2 MB each; what is kept is 50 copies of 2,000 characters
    assert.ok(liveMb() - before < 10, `${(liveMb() - before).toFixed(1)} MB kept`);
    assert.equal(kept[7], `第7稿`.repeat(1000).slice(1000 % 3, (1000 % 3) + 2000));
  });

  test('an edited document does not stay in memory once per version', async () => {
    // about 600,000 characters (1.2 MB), of seed documents with their quotations and figures
    let text = '';
    for (let i = 0; text.length < 600_000; i++) text += `${seedText}\n\n第${i}部分\n\n`;
    const checker = new Checker(builtinCorpus().index);
    const options = { markdown: false, today: TODAY };
    checker.check(text, options);
    await collect();
    const before = liveMb();
    // 60 edits, each adding a paragraph (the whole text is masked and cut again), then typing into
    // another: 60 versions of 1.2 MB if each one were kept
    const paragraphs = [...text.matchAll(/\n\n/g)].map((m) => m.index);
    for (let k = 0; k < 60; k++) {
      const at = paragraphs[Math.floor(((k + 0.5) * paragraphs.length) / 60)] - 1;
      text = `${text.slice(0, at)}\n\n第${k}段：新质生产力。\n\n${text.slice(at)}`;
      checker.check(text, options);
      text = `${text.slice(0, at + 3)}发展${text.slice(at + 3)}`;
      checker.check(text, options);
    }
    await collect();
    const grown = liveMb() - before;
    // what may stay: the last version (the text, its masked copy) and 60 paragraphs' results
    assert.ok(grown < 24, `the live heap grew by ${grown.toFixed(1)} MB over 120 edits`);
  });

  test('the cache of paragraph results holds at most LIMITS.cacheChars characters, and still serves an edit', () => {
    // 3,000,000 characters in paragraphs of their own (a number in each: no two alike)
    const parts: string[] = [];
    for (let i = 0, n = 0; n < 3_000_000; i++) {
      const p = `第${i}段：${seedText.slice((i * 997) % (seedText.length - 600), ((i * 997) % (seedText.length - 600)) + 500).replace(/\n\s*\n/g, '\n')}`;
      parts.push(p);
      n += p.length + 2;
    }
    const text = parts.join('\n\n');
    const checker = new Checker(builtinCorpus().index);
    const options = { markdown: false, today: TODAY };
    const whole = checker.check(text, options).findings;
    const size = checker.cacheSize();
    assert.ok(size.chars <= LIMITS.cacheChars && size.chars > LIMITS.cacheChars / 2, `${size.chars} characters cached`);
    // an edit near the start (its paragraph long out of the cache) gives what a fresh check gives
    const at = parts[0].length + 2 + 3;
    const edited = `${text.slice(0, at)}发展${text.slice(at)}`;
    const again = checker.check(edited, options).findings;
    assert.deepEqual(again, new Checker(builtinCorpus().index).check(edited, options).findings);
    assert.ok(whole.length > 100, `${whole.length} findings`);
  });

  test("documents edited in turn each follow from their own previous version, with a fresh check's findings", () => {
    const checker = new Checker(builtinCorpus().index);
    const docs = [0, 1, 2].map((k) => seedText.slice(k * 30_000, k * 30_000 + 30_000));
    for (let round = 0; round < 4; round++) {
      docs.forEach((text, k) => {
        const at = (round * 7919 + k * 104_729) % text.length;
        docs[k] = `${text.slice(0, at)}${round % 2 ? '新质' : '，'}${text.slice(at)}`;
        const options = { markdown: k === 1, today: TODAY, document: `file:///doc-${k}.md` };
        assert.deepEqual(checker.check(docs[k], options).findings, new Checker(builtinCorpus().index).check(docs[k], options).findings);
      });
    }
  });

  test('a reloaded corpus releases the index it replaces, with everything cached for it', async () => {
    const refs: Array<WeakRef<object>> = [];
    const text = `${seedText.slice(0, 20_000)}\n\n新质生产力`;
    let checker: Checker | undefined;
    for (let i = 0; i < 6; i++) {
      // what a session does with a corpus: checks, hovers, completions, searches
      const { index } = openCorpus();
      checker = new Checker(index);
      const result = checker.check(text, { markdown: false, today: TODAY });
      for (const offset of [100, 5_000, 12_000, text.length - 2]) hoverAt(index, result, offset);
      complete(index, text, text.length, { style: 'lead', markdown: false, today: TODAY });
      searchCorpus(index, '新质生产力');
      refs.push(new WeakRef(index));
    }
    await collect();
    const alive = refs.map((r) => r.deref() !== undefined);
    // the one in use stays; every older one is gone
    assert.deepEqual(alive, [false, false, false, false, false, true]);
    assert.ok(checker);
  });
});
