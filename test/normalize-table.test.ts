// The traditional → simplified table (server/src/core/t2s-chars.json) against the library it was
// generated from: a quotation in traditional script must read exactly as OpenCC converts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simplifiedByLibrary, simplifiedChar, simplifiedText } from '../server/src/core/normalize';

test('every code unit from U+3400 converts as OpenCC converts it alone (else run scripts/gen-t2s.mjs)', () => {
  const differ: string[] = [];
  for (let c = 0x3400; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    const library = simplifiedByLibrary(ch);
    // one code unit for one: a character OpenCC writes with two (勣 → 𪟝) is kept
    const expected = library.length === 1 ? library : ch;
    if (simplifiedText(ch) !== expected) differ.push(`${ch} U+${c.toString(16)}: table ${simplifiedText(ch)}, library ${library}`);
  }
  assert.deepEqual(differ.slice(0, 20), []);
});

test('the simplified view keeps every offset and leaves what is not traditional alone', () => {
  assert.equal(simplifiedText('全要素生產率'), '全要素生产率');
  assert.equal(simplifiedText('勣'), '勣');
  assert.equal(simplifiedText('新质生产力 𠀀 abc，'), '新质生产力 𠀀 abc，');
  assert.equal(simplifiedText('二十屆三中全會'), '二十届三中全会');
  // the variant 著 reads as 着 only where quotations are compared
  assert.equal(simplifiedText('著'), '著');
  assert.equal(simplifiedChar('著'), '着');
  assert.equal(simplifiedChar('會'), '会');
  assert.equal(simplifiedChar('a'), 'a');
});
