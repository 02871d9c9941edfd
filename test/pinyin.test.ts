// The character pinyin table (server/src/core/pinyin-chars.json) against the library it was generated
// from: sound-alike typo detection must read every character exactly as pinyin-pro does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pinyinOf, pinyinOfByLibrary } from '../server/src/core/pinyin';

test('every character U+3400..U+9FFF reads as pinyin-pro reads it (else run scripts/gen-pinyin.mjs)', () => {
  const differ: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) {
    const ch = String.fromCharCode(c);
    if (pinyinOf(ch) !== pinyinOfByLibrary(ch)) differ.push(`${ch} U+${c.toString(16)}: table ${pinyinOf(ch)}, library ${pinyinOfByLibrary(ch)}`);
  }
  assert.deepEqual(differ.slice(0, 20), []);
});

test('readings of sound-alike pairs, and nothing for what is not a Han character', () => {
  assert.equal(pinyinOf('率'), pinyinOfByLibrary('率'));
  assert.equal(pinyinOf('新'), 'xin');
  assert.equal(pinyinOf('质'), pinyinOf('制'));
  assert.notEqual(pinyinOf('力'), pinyinOf('率'));
  for (const ch of ['a', '1', '，', '𠀀', '\ud840', '']) assert.equal(pinyinOf(ch), '', JSON.stringify(ch));
});
