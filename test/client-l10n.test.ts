// The VS Code extension in the writer's language: every contributed string (package.nls.json and
// package.nls.zh-cn.json) and every client string (l10n bundle) exists in Chinese, and the commands are
// found in the palette by typing 提法 or 语料.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from './helpers';

const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the VS Code extension in Chinese and English', () => {
  test('every %key% of package.json is in package.nls.json and package.nls.zh-cn.json, and the two have the same keys', () => {
    const pkg = read('package.json');
    const keys = [...new Set([...pkg.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]))];
    const en = JSON.parse(read('package.nls.json'));
    const zh = JSON.parse(read('package.nls.zh-cn.json'));
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const k of keys) assert.ok(en[k] && zh[k], k);
    // every command is found in the palette by typing 提法, the Tifa ones about the corpus by 语料
    const commands = JSON.parse(pkg).contributes.commands as Array<{ command: string; title: string; category: string }>;
    for (const c of commands) assert.match(`${zh[c.category.slice(1, -1)]}: ${zh[c.title.slice(1, -1)]}`, /提法/, c.command);
    for (const id of ['tifa.searchCorpus', 'tifa.addToCorpus', 'tifa.createCorpusFolder', 'tifa.showCorpusStatus']) {
      const c = commands.find((x) => x.command === id)!;
      assert.match(zh[c.title.slice(1, -1)], /语料/, id);
      assert.match(en[c.title.slice(1, -1)], /语料/, `${id} (English title keeps the Chinese words to type)`);
    }
  });

  test('every string of the client (vscode.l10n.t) has its Chinese in l10n/bundle.l10n.zh-cn.json, with the same placeholders', () => {
    const src = read('client/src/extension.ts');
    const keys = [...new Set([...src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'")))];
    assert.ok(keys.length > 30, `${keys.length} strings found`);
    const zh = JSON.parse(read('l10n/bundle.l10n.zh-cn.json'));
    for (const k of keys) {
      assert.ok(zh[k], `no Chinese for “${k}”`);
      assert.deepEqual(placeholders(zh[k]), placeholders(k), k);
    }
    assert.deepEqual(
      Object.keys(zh).filter((k) => !keys.includes(k)),
      [],
      'no translation left without its string',
    );
  });
});
