// Generators and checks shared by the robustness tests (test/fuzz.test.ts, test/robust-*.test.ts)
// and the long fuzz run (scripts/fuzz-long.mjs): strange Unicode documents built from corpus material.
import fc from 'fast-check';
import type { Finding } from '../server/src/core/types';
import { builtinCorpus } from './helpers';

/** Fixed seed and bounded runs in CI; the long run sets TIFA_FUZZ_RUNS / TIFA_FUZZ_SEED. */
export const FUZZ = {
  seed: Number(process.env.TIFA_FUZZ_SEED ?? 20260707),
  runs: (n: number) => Math.max(1, Math.round(n * Number(process.env.TIFA_FUZZ_SCALE ?? 1))),
};

export const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when an offset falls between the two halves of a surrogate pair. */
export function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

// ------------------------------------------------------------------ material

const ODD = [
  '\u0000', // NUL
  '\u0301',
  '\u0308',
  '\u20dd',
  '\u3099', // combining marks
  '\u202e',
  '\u202c',
  '\u200f',
  '\u200e',
  '\u2066',
  '\u2069', // bidi controls
  'שלום',
  'مرحبا',
  '\u05d0\u05b8', // right-to-left text
  '👍🏽',
  '👨‍👩‍👧',
  '🇨🇳',
  '❤️',
  '😀', // emoji: modifiers, ZWJ sequences, flags, variation selectors
  '𠀀',
  '𪚥',
  '𝕏', // astral Han and math letters (surrogate pairs)
  '\ud800',
  '\udc00',
  '\udbff', // lone surrogates
  '\ufeff',
  '\u200b',
  '\u00a0',
  '\u3000',
  '\t',
  '\f',
  '\v',
  '\u2028',
  '\u2029',
  '\u0085',
  '\ufffd',
  '\uffff',
];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', '\n\r'];
const MARKUP = [
  '```',
  '~~~',
  '<!--',
  '-->',
  '---\n',
  '`',
  '[',
  '](',
  ')',
  '# ',
  '> ',
  '* ',
  '1. ',
  '<http://x.y/',
  '>',
  'https://example.org/a?b=c',
  'www.example.org',
];
const PUNCT = [
  '“',
  '”',
  '「',
  '」',
  '『',
  '』',
  '"',
  '〝',
  '〞',
  '，',
  '。',
  '、',
  '；',
  '：',
  '！',
  '？',
  '（',
  '）',
  '《',
  '》',
  '…',
  '—',
  ',',
  '.',
  ':',
  ';',
  '!',
  '?',
];
const HAN = '的是在了发展新质生产力要素全率高质量推动创新科技产业中国式现代化习近平总书记强调指出年月日第次'.split('');
const NUMBERS = ['2024年1月31日', '2023年', '2025年5月', '2.65%', '3.6万亿元', '12.6', '一', '十二', '百分之五', '1,234', '0', '-1', '99999999999999999999'];

let material: { quotes: string[]; terms: string[]; wrongs: string[]; stats: string[]; occasions: string[] } | undefined;

/** Texts from the knowledge base: quotations (and variants, clauses), terms, wrong forms, indicator and occasion names. */
export function corpusMaterial() {
  if (!material) {
    const k = builtinCorpus().index.knowledge;
    material = {
      quotes: k.quotations
        .flatMap((q) => [q.text, ...q.variants, ...q.clauses])
        .concat(k.terms.filter((t) => t.definition.kind === 'official').map((t) => t.definition.text)),
      terms: k.terms.flatMap((t) => [t.term, ...t.aliases]),
      wrongs: k.formulations.flatMap((f) => [f.right, ...f.wrong]),
      stats: k.statistics.flatMap((s) => [s.name, ...s.aliases]),
      occasions: k.occasions.flatMap((o) => [o.name, ...o.aliases]),
    };
  }
  return material;
}

/** One edit to a string: delete, insert, replace, swap, duplicate a span, break the line, add a mark. */
const mutation = fc.record({
  op: fc.constantFrom('delete', 'insert', 'replace', 'swap', 'dup', 'break', 'odd', 'halfwidth', 'cut'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 6 }),
  ch: fc.constantFrom(...HAN, ...PUNCT, ...ODD, ...BREAKS),
});

export function mutate(s: string, muts: Array<{ op: string; at: number; len: number; ch: string }>): string {
  for (const m of muts) {
    if (!s.length) return m.ch;
    const i = m.at % (s.length + 1);
    switch (m.op) {
      case 'delete':
        s = s.slice(0, i) + s.slice(i + m.len);
        break;
      case 'insert':
      case 'odd':
        s = s.slice(0, i) + m.ch + s.slice(i);
        break;
      case 'replace':
        s = s.slice(0, i) + m.ch + s.slice(i + 1);
        break;
      case 'swap':
        if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
        break;
      case 'dup':
        s = s.slice(0, i + m.len) + s.slice(i, i + m.len) + s.slice(i + m.len);
        break;
      case 'break':
        s = s.slice(0, i) + ['\n', '\r\n', '\r'][m.len % 3] + s.slice(i);
        break;
      case 'halfwidth':
        s = s.replace(/[，。：；“”]/g, (c) => ({ '，': ',', '。': '.', '：': ':', '；': ';', '“': '"', '”': '"' })[c]!);
        break;
      case 'cut':
        s = s.slice(i, i + m.len * 8);
        break;
    }
  }
  return s;
}

/** A quotation, term, wrong form or indicator from the corpus, possibly mutated into a near miss. */
export function nearMiss(): fc.Arbitrary<string> {
  const m = corpusMaterial();
  const base = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...m.quotes) },
    { weight: 2, arbitrary: fc.constantFrom(...m.terms) },
    { weight: 2, arbitrary: fc.constantFrom(...m.wrongs) },
    { weight: 1, arbitrary: fc.constantFrom(...m.stats) },
    { weight: 1, arbitrary: fc.constantFrom(...m.occasions) },
  );
  return fc.tuple(base, fc.array(mutation, { maxLength: 3 }), fc.boolean()).map(([s, muts, quoted]) => {
    const t = mutate(s, muts);
    return quoted ? `习近平总书记强调：“${t}”` : t;
  });
}

const loneOrAny = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }), // any code point, astral ones as surrogate pairs
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 4 }), // lone surrogates too
);

/** A fragment of a strange document. */
export function fragment(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: nearMiss() },
    { weight: 3, arbitrary: fc.constantFrom(...HAN) },
    { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
    { weight: 2, arbitrary: fc.constantFrom(...BREAKS) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD) },
    { weight: 1, arbitrary: fc.constantFrom(...MARKUP) },
    { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) },
    { weight: 1, arbitrary: loneOrAny },
  );
}

/** A whole document: fragments joined, up to `maxFragments` of them. */
export function documentText(maxFragments = 40): fc.Arbitrary<string> {
  return fc.array(fragment(), { maxLength: maxFragments }).map((parts) => parts.join(''));
}

// ------------------------------------------------------------------ checks

/** Every finding, fix and annotation range lies inside the text and splits no surrogate pair. */
export function rangeProblems(text: string, findings: Finding[], annotations: Array<{ start: number; end: number }> = []): string[] {
  const bad: string[] = [];
  const check = (what: string, s: number, e: number) => {
    if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s <= e && e <= text.length)) bad.push(`${what} [${s}, ${e}) outside [0, ${text.length}]`);
    else if (splitsPair(text, s) || splitsPair(text, e)) bad.push(`${what} [${s}, ${e}) splits a surrogate pair`);
  };
  for (const f of findings) {
    check(`${f.code} ${f.entry}`, f.start, f.end);
    for (const x of f.fixes) check(`fix of ${f.code} ${f.entry}`, x.start, x.end);
  }
  for (const a of annotations) check('annotation', a.start, a.end);
  return bad;
}

/** Applies a text edit given as an LSP range, by splitting lines on its own (the editor's view). */
export function applyLspEdit(
  text: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  newText: string,
): string {
  const starts = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  const toOffset = (p: { line: number; character: number }) => {
    if (p.line >= starts.length) return text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
    const content = text.slice(starts[p.line], lineEnd).replace(/(\r\n|\r|\n)$/, '').length;
    return starts[p.line] + Math.min(p.character, content);
  };
  const s = toOffset(range.start);
  const e = toOffset(range.end);
  return text.slice(0, s) + newText + text.slice(e);
}
