// Property tests (fast-check, fixed seed, bounded runs): the core and the position converter on
// strange Unicode documents and near misses of corpus quotations. scripts/fuzz-long.mjs runs the same
// properties for much longer with a random seed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Checker } from '../server/src/core/check';
import { complete } from '../server/src/core/complete';
import { hoverAt } from '../server/src/core/hover';
import { LineIndex } from '../server/src/shared/positions';
import { builtinCorpus, TODAY } from './helpers';
import { applyLspEdit, corpusMaterial, documentText, FUZZ, fragment, nearMiss, rangeProblems, splitsPair } from './robust-gen';

const params = (numRuns: number) => ({ seed: FUZZ.seed, numRuns: FUZZ.runs(numRuns) });

function checker(): Checker {
  return new Checker(builtinCorpus().index);
}

/**
 * Applies every quick fix of every finding of `text`, as an editor would (through LineIndex ranges), and
 * reports: an edit that does not change exactly its range, and the same finding (code and entry) raised
 * again over the replaced text.
 */
function fixProblems(c: Checker, text: string, o: { markdown: boolean; today: string }): { problems: string[]; applied: number } {
  const problems: string[] = [];
  let applied = 0;
  const r = c.check(text, o);
  const lines = new LineIndex(text);
  for (const f of r.findings) {
    for (const fix of f.fixes) {
      const byOffset = text.slice(0, fix.start) + fix.text + text.slice(fix.end);
      const byRange = applyLspEdit(text, lines.range(fix.start, fix.end), fix.text);
      if (byRange !== byOffset) problems.push(`fix of ${f.code} ${f.entry} at [${fix.start}, ${fix.end}) changes more than its range`);
      const again = c
        .check(byOffset, o)
        .findings.filter((g) => g.code === f.code && g.entry === f.entry && g.start < fix.start + fix.text.length && g.end > fix.start);
      for (const g of again)
        problems.push(
          `after “${fix.title}” on “${text.slice(f.start, f.end)}”: ${g.code} ${g.entry} again on “${byOffset.slice(g.start, g.end)}” (${g.message.slice(0, 60)})`,
        );
      applied++;
    }
  }
  return { problems, applied };
}

const options = fc.record({ markdown: fc.boolean(), today: fc.constantFrom(TODAY, '2024-03-01', '2025-12-31') });

describe('fuzz: the core never throws and keeps its ranges inside the text', () => {
  test('random documents: no exception; findings, fixes and annotations lie inside the text, no split surrogate pair', () => {
    const c = checker();
    fc.assert(
      fc.property(documentText(), options, (text, o) => {
        const r = c.check(text, o);
        assert.deepEqual(rangeProblems(text, r.findings, r.annotations), []);
        for (const f of r.findings) assert.ok(f.message && f.code && f.entry, JSON.stringify(f));
      }),
      params(400),
    );
  });

  test('check in slices equals check in one go, with a fresh and with a warm cache', async () => {
    await fc.assert(
      fc.asyncProperty(documentText(), options, async (text, o) => {
        const one = new Checker(builtinCorpus().index).check(text, o);
        const warm = checker();
        warm.check(text.slice(0, text.length >> 1), o);
        const sliced = await warm.checkInSlices(
          text,
          o,
          () => Promise.resolve(),
          () => false,
          0,
        );
        assert.deepEqual(sliced?.findings, one.findings);
      }),
      params(60),
    );
  });

  test('near misses of corpus quotations: every quick fix changes exactly its range, and the fixed text does not raise the same finding there', () => {
    const c = checker();
    let fixesApplied = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(nearMiss(), fragment()), { minLength: 1, maxLength: 6 }), options, (parts, o) => {
        const text = parts.join('');
        const r = fixProblems(c, text, o);
        fixesApplied += r.applied;
        assert.deepEqual(r.problems, []);
      }),
      params(300),
    );
    assert.ok(fixesApplied > 50, `only ${fixesApplied} fixes exercised`);
  });

  // Counterexamples the properties above found (shrunk); kept as plain cases so that a regression names itself.
  const FOUND: Array<[string, string]> = [
    ['term-typo window ending inside an emoji (rules/terms.ts)', '新质生产👨‍👩‍👧力'],
    ['term-typo window ending inside an astral character (rules/terms.ts)', '提高全要素生产𠀀，不断塑造发展新动能'],
    [
      'misquote range ending inside an emoji (rules/quotations/report.ts originalRange)',
      '习近平总书记强调：“\r\n力争在加强原始创新和关键核心技术攻关、抢占科技制高点上实现新突😀”',
    ],
    [
      'a character that OpenCC simplifies to an astral one: 勣 → 𪟝 shifts every offset after it (normalize.ts)',
      '勣积极培育新能源、新材料、先进制造、电\r\n\r\n子信息等战略性新兴产业，积极培育未来产业，加快形成新质生产力，增强发展新动能。“',
    ],
    [
      'lone high surrogate before a Han character (normalize.ts, rules/quotations/report.ts originalRange)',
      '习近平总书记强调：“我们要及时将科技创新成果应用到具体产业和产业链上，改造提升传统产业，培育壮大新兴产业，布局建设未来产业，完善现代化产业体\udbff系。”\n',
    ],
    [
      'quoted passage with one part left out, starting mid-word (rules/quotations/quoted.ts step 2)',
      '习近平总书记强调：“育新能源材料、先进制造、电子信息等战略性新兴产业，积极培育未来产业，加快形成新质生产力，增强发展新动能。”',
    ],
    [
      'unquoted near-verbatim passage with a part left out, ending mid-word (rules/quotations/unquoted.ts checkSegment)',
      '积极培新能源、新材料、先进制造、电子信息等战略性新兴产业，积极培育未来产业，加快形，增强发展新动能。',
    ],
    [
      'unquoted near-verbatim passage stopping mid-word (rules/quotations/unquoted.ts checkSegment)',
      '中国式代化，是中国共产党领导的社会主义现代化，既有各国现代化的共同特征，更有基于自己国情的中。',
    ],
    [
      'unquoted near-verbatim passage stopping mid-word (rules/quotations/unquoted.ts checkSegment)',
      '积极培新能源、新材料、先进制造、电子信息等战略性新兴产业，积极培育未来产业，加快形成新质生产力，增强发展新动。',
    ],
    [
      'a year left before the replaced occasion makes it wrong again (rules/quotations/attribution.ts checkAttribution)',
      '2023年2023年9月黑龙江考察习近平总书记强调：“促进数字经济和实体经济深度融合”',
    ],
    [
      'found by the long run: an exact clause fixed, then the whole sentence differs (rules/quotations/unquoted.ts checkSegment)',
      '抓科技创新着眼建设现代化产业体系，既多出科技成果，又把科技成果转化为实实在。',
    ],
    // (two the long run found as quick fixes that needed a second step: one step is enough now)
    [
      'found by the long run: unquoted: a word completed at a clause end that is really an omission (rules/quotations/unquoted.ts checkSegment)',
      '以科技创新引领现代化产业体系建设。要以科技创新推动产业创新，特别是以颠覆性技术和前沿技术催生新产业、新，发展新质生产力。',
    ],
    [
      'found by the long run: nested quotation marks: the fixed span changes the nesting (rules/quotations/quoted.ts checkQuoted)',
      '习近平总书记强调：“的持续推进“人工智行动，将数字技术与制造优势、市场优势更好结合起来，支持大模型广泛应用，大力发展智能网联新能源汽车、人工智能手机和电脑、智能机器人等新一代智能终端以及智能制造装备。”',
    ],
  ];
  FOUND.forEach(([name, text], i) => {
    test(`found by fuzzing #${i + 1}: ${name}`, () => {
      for (const markdown of [false, true]) {
        const o = { markdown, today: TODAY };
        const r = checker().check(text, o);
        assert.deepEqual(rangeProblems(text, r.findings, r.annotations), [], JSON.stringify(text));
        assert.deepEqual(fixProblems(checker(), text, o).problems, [], JSON.stringify(text));
      }
    });
  });

  test('hover and completion at any offset: no exception, ranges inside the text', () => {
    const index = builtinCorpus().index;
    const c = checker();
    fc.assert(
      fc.property(documentText(20), fc.nat(), options, (text, at, o) => {
        const offset = at % (text.length + 1);
        const r = c.check(text, o);
        const h = hoverAt(index, r, offset);
        if (h) assert.ok(0 <= h.start && h.start <= h.end && h.end <= text.length && !splitsPair(text, h.start) && !splitsPair(text, h.end), JSON.stringify(h));
        const lazy = c.annotationsAt(text, o, offset);
        assert.deepEqual(rangeProblems(text, [], lazy.annotations), []);
        for (const item of complete(index, text, offset, { style: 'lead', markdown: o.markdown, today: o.today })) {
          assert.ok(0 <= item.start && item.start <= item.end && item.end <= text.length, `${item.label} [${item.start}, ${item.end})`);
          for (const e of item.additionalEdits) assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length);
        }
      }),
      params(200),
    );
  });

  test('long lines: a 1 MB single line of corpus material is checked completely, with offsets inside the text', () => {
    const m = corpusMaterial();
    const c = checker();
    for (const [name, unit] of [
      ['quotations', m.quotes.join('')],
      ['near misses', m.quotes.map((q) => q.replace(/的/g, '得')).join('，')],
      ['astral', '𠀀👨‍👩‍👧全要素生产力'],
      ['no punctuation', '新质生产力'],
      ['open quotes', '“'],
    ] as const) {
      let text = unit;
      while (text.length < 1_000_000) text += text;
      const r = c.check(text, { markdown: true, today: TODAY });
      assert.deepEqual(rangeProblems(text, r.findings, r.annotations).slice(0, 3), [], name);
      assert.equal(r.truncated, false);
    }
  });
});

describe('fuzz: LineIndex', () => {
  const textArb = fc
    .array(
      fc.oneof(
        fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '\n\r', 'a', '中', '𠀀', '\ud800', '\udc00', '\u2028', '\u0085', ''),
        fc.string({ unit: 'binary', maxLength: 5 }),
      ),
      { maxLength: 60 },
    )
    .map((p) => p.join(''));

  /** Line starts by the LSP definition (\n, \r\n, \r), computed independently. */
  function reference(text: string): number[] {
    const starts = [0];
    const re = /\r\n|\r|\n/g;
    for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
    return starts;
  }

  test('offset → position → offset is the identity (except inside a CRLF, which maps to before it)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const li = new LineIndex(text);
        const starts = reference(text);
        assert.equal(li.lineCount, starts.length);
        for (let o = 0; o <= text.length; o++) {
          const p = li.position(o);
          let line = 0;
          while (line + 1 < starts.length && starts[line + 1] <= o) line++;
          assert.deepEqual(p, { line, character: o - starts[line] });
          const insideCrlf = text[o - 1] === '\r' && text[o] === '\n';
          assert.equal(li.offset(p), insideCrlf ? o - 1 : o);
        }
      }),
      params(500),
    );
  });

  test('position → offset → position is the identity for every position on a line; out-of-range positions clamp', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: -3, max: 80 }), fc.integer({ min: -3, max: 200 }), (text, line, character) => {
        const li = new LineIndex(text);
        const starts = reference(text);
        for (let l = 0; l < starts.length; l++) {
          const end = l + 1 < starts.length ? starts[l + 1] : text.length;
          const content = text.slice(starts[l], end).replace(/(\r\n|\r|\n)$/, '').length;
          for (let ch = 0; ch <= content; ch++) assert.deepEqual(li.position(li.offset({ line: l, character: ch })), { line: l, character: ch });
        }
        const o = li.offset({ line, character });
        assert.ok(0 <= o && o <= text.length);
        assert.deepEqual(li.position(-5), { line: 0, character: 0 });
        assert.equal(li.offset(li.position(text.length + 10)), text.length);
      }),
      params(500),
    );
  });
});
