// Text structure shared by the rules: blocks, quoted spans, sentences and dates as written. Pure string
// work; offsets are JavaScript string indices. (What the rules say about them is written in i18n.ts.)

export interface Block {
  start: number;
  end: number;
}

/** The index of the block holding `offset` (the last block starting at or before it; 0 before the first). */
export function blockAt(blocks: Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Splits text into blocks (paragraphs), the unit of incremental re-checking. Long paragraphs are cut at sentence ends. */
export function splitBlocks(text: string, maxBlock = 4000): Block[] {
  const steps = splitBlocksSteps(text, maxBlock);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** splitBlocks() with a pause point (a `yield`) every 65,536 paragraphs (20 million characters of empty paragraphs took 1.5 s). */
export function* splitBlocksSteps(text: string, maxBlock = 4000): Generator<void, Block[]> {
  const blocks: Block[] = [];
  const re = /\n[ \t\u3000]*\r?\n|\r[ \t\u3000]*\r(?!\n)/g;
  let start = 0;
  const push = (s: number, e: number) => {
    while (e - s > maxBlock) {
      let cut = -1;
      for (let i = s + maxBlock / 2; i < s + maxBlock; i++) {
        const ch = text[i];
        if (ch === '。' || ch === '！' || ch === '？' || ch === '\n') {
          cut = i + 1;
          break;
        }
      }
      if (cut < 0) {
        cut = s + maxBlock;
        const c = text.charCodeAt(cut - 1);
        if (c >= 0xd800 && c <= 0xdbff) cut++;
      }
      blocks.push({ start: s, end: cut });
      s = cut;
    }
    if (e > s) blocks.push({ start: s, end: e });
  };
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    push(start, m.index + m[0].length);
    start = m.index + m[0].length;
    if ((++n & 0xffff) === 0) yield;
  }
  push(start, text.length);
  return blocks;
}

export interface QuotedSpan {
  /** Offsets of the content, inside the marks. */
  start: number;
  end: number;
  /** Offset of the opening mark. */
  open: number;
}

/** Opening mark → closing mark, by UTF-16 code: “…”, 「…」, 『…』, "…", 〝…〞. */
const PAIRS = new Map<number, number>([
  [0x201c, 0x201d],
  [0x300c, 0x300d],
  [0x300e, 0x300f],
  [0x22, 0x22],
  [0x301d, 0x301e],
]);

/** Does a blank line start right after the line break at `j` (judged on the next three code units)? */
function blankLineAfter(text: string, j: number): boolean {
  const end = Math.min(j + 4, text.length);
  let k = j + 1;
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0x3000) break;
  }
  if (k < end && text.charCodeAt(k) === 0x0d) k++;
  return k < end && text.charCodeAt(k) === 0x0a;
}

/** Quoted spans in text[from, to): “…”, 「…」, 『…』, "…". Nested marks stay inside the outer span. */
export function quotedSpans(text: string, from = 0, to = text.length, maxLength = 2000): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  for (let i = from; i < to; i++) {
    const open = text.charCodeAt(i);
    // (most characters are none of the marks: one comparison for them)
    if (open !== 0x22 && (open < 0x201c || open > 0x301e)) continue;
    const close = PAIRS.get(open);
    if (close === undefined) continue;
    let depth = 0;
    let j = i + 1;
    for (; j < to && j - i <= maxLength; j++) {
      const ch = text.charCodeAt(j);
      if (ch === close && depth === 0) break;
      if (close !== 0x22 && ch === open) depth++;
      else if (ch === close) depth--;
      // a blank line ends any quotation
      if (ch === 0x0a && blankLineAfter(text, j)) {
        j = to;
        break;
      }
    }
    if (j < to && text.charCodeAt(j) === close) {
      spans.push({ start: i + 1, end: j, open: i });
      i = j;
    }
  }
  return spans;
}

/** Sentence ends: 。！？, line feed, ! and ?. */
function isSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0a || c === 0x21 || c === 0x3f;
}

/** Start of the sentence containing offset (just after the previous sentence end, or `from`). */
export function sentenceStart(text: string, offset: number, from = 0): number {
  for (let i = offset - 1; i >= from; i--) if (isSentenceEnd(text.charCodeAt(i))) return i + 1;
  return from;
}

/** End of the sentence containing offset (after its terminator, or `to`). */
export function sentenceEnd(text: string, offset: number, to = text.length): number {
  for (let i = offset; i < to; i++) if (isSentenceEnd(text.charCodeAt(i))) return i + 1;
  return to;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Parses a small Chinese numeral (一 … 九十九) or Arabic digits. */
export function parseSmallNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return undefined;
  if (s === '十') return 10;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? CN_DIGITS[s] : undefined;
  const tens = ten === 0 ? 1 : CN_DIGITS[s[0]];
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS[s[ten + 1]];
  return tens * 10 + ones;
}

export interface DateMention {
  start: number;
  end: number;
  year?: number;
  month?: number;
  day?: number;
}

/** Dates written as 2024年1月31日, 2024年1月, 1月31日, with or without spaces (2024 年 3 月 5 日). */
export function findDates(text: string, from: number, to: number): DateMention[] {
  const out: DateMention[] = [];
  const re = /(?:(\d{4})[ \t\u3000]*年[ \t\u3000]*)?(\d{1,2})[ \t\u3000]*月(?:[ \t\u3000]*(\d{1,2})[ \t\u3000]*日)?/g;
  const slice = text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    if (!m[1] && !m[3]) continue;
    out.push({
      start: from + m.index,
      end: from + m.index + m[0].length,
      year: m[1] ? Number(m[1]) : undefined,
      month: Number(m[2]),
      day: m[3] ? Number(m[3]) : undefined,
    });
  }
  return out;
}

/** The document's own date, when it states one: front matter `date:`, or a dated line such as 2025年5月 at its head or foot. */
export function documentDate(text: string): string | undefined {
  const fm = /^(?:\uFEFF)?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (fm) {
    const d = /^date:\s*["']?(\d{4})-(\d{1,2})(?:-(\d{1,2}))?/m.exec(fm[1]);
    if (d) return iso(Number(d[1]), Number(d[2]), d[3] ? Number(d[3]) : undefined);
  }
  const { head, tail } = edgeLines(text, 8);
  const candidates = [...tail.reverse(), ...head];
  for (const raw of candidates) {
    const line = raw.replace(/[#*_>\s\u3000]/g, '');
    const m = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$/.exec(line) ?? /^[^，。]{0,30}?(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$/.exec(line);
    if (m && line.length <= 40) return iso(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  }
  return undefined;
}

/**
 * The first and the last `k` lines (as text.split(/\r?\n|\r/) cuts them), without cutting the whole
 * text: a 20-million-character document of short lines made ten million strings (2.6 s, 550 MB).
 */
function edgeLines(text: string, k: number): { head: string[]; tail: string[] } {
  const LINE = /\r?\n|\r/;
  // just after the k-th line break from the start, and from the end (\r\n is one break)
  let from = 0;
  for (let n = 0; n < k && from < text.length; from++) {
    const c = text.charCodeAt(from);
    if (c === 0x0d && text.charCodeAt(from + 1) === 0x0a) from++;
    if (c === 0x0a || c === 0x0d) n++;
  }
  let to = text.length;
  let n = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (++n === k) {
        to = i + 1;
        break;
      }
      if (c === 0x0a && text.charCodeAt(i - 1) === 0x0d) i--;
    }
  }
  if (n < k || to <= from) {
    const lines = text.split(LINE);
    return { head: lines.slice(0, k), tail: lines.slice(-k) };
  }
  return { head: text.slice(0, from).split(LINE).slice(0, k), tail: text.slice(to).split(LINE) };
}

function iso(y: number, m: number, d?: number): string {
  const mm = String(m).padStart(2, '0');
  // a month-only date means the end of that month for "latest as of" purposes
  const dd = d ?? new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${mm}-${String(dd).padStart(2, '0')}`;
}

/**
 * Compares ISO-like dates ("2024", "2024-03", "2024-03-05") by their string prefix order: code-unit
 * order, as digits and '-' sort the same in every collation (localeCompare would be ~50× slower).
 */
export function dateLE(a: string, b: string): boolean {
  return a <= b;
}

/**
 * Text to stand inside a pair of double quotation marks: its own double marks become single ones (“‘十五五’
 * 时期”), or 『』 inside 「」; a mark whose partner lies outside the text (an official wording cut after
 * the “ of “十五五”时期) gets its partner back at the text's edge.
 */
export function nestQuotes(value: string, marks: readonly [string, string] = ['‘', '’']): string {
  let depth = 0;
  let opensMissing = 0;
  for (const ch of value) {
    if (ch === '“') depth++;
    else if (ch === '”') {
      if (depth > 0) depth--;
      else opensMissing++;
    }
  }
  if (!opensMissing && !depth && !value.includes('“')) return value;
  return marks[0].repeat(opensMissing) + value.replace(/“/g, marks[0]).replace(/”/g, marks[1]) + marks[1].repeat(depth);
}

/**
 * A string equal to `s` that holds no reference to a longer string. V8 makes a slice of a long string
 * point into it (a "sliced string"), so keeping a paragraph cut from a document keeps the whole
 * document; a concatenation read back is a fresh string of its own.
 */
export function detached(s: string): string {
  return ` ${s}`.slice(1);
}
