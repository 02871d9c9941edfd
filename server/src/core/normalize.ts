// Normalisation for comparing a writer's text with official wording.
// Differences of punctuation width, quotation-mark style, whitespace, line breaks and
// traditional/simplified characters are not misquotations: they vanish here.
import { pinyinOf } from './pinyin';
import T2S_CHARS from './t2s-chars.json';

type Convert = (s: string) => string;
let t2s: Convert | undefined;
/**
 * OpenCC's traditional → mainland-simplified converter (building one loads its dictionaries): only
 * for the test that checks the table below against it. Checking text reads the table.
 */
export function simplifiedByLibrary(ch: string): string {
  if (!t2s) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require('opencc-js/t2cn') as typeof import('opencc-js/t2cn');
    t2s = OpenCC.Converter({ from: 't', to: 'cn' });
  }
  return t2s(ch);
}

/**
 * Per code unit: its simplified code unit (itself for most), as OpenCC converts the character alone,
 * from the table scripts/gen-t2s.mjs wrote (t2s-chars.json); built on first use.
 */
let T2S: Uint16Array | undefined;
function t2sTable(): Uint16Array {
  if (!T2S) {
    const table = new Uint16Array(65536);
    for (let c = 0; c < 65536; c++) table[c] = c;
    const bytes = Buffer.from(T2S_CHARS.pairs, 'base64');
    const pairs = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    for (let k = 0; k + 1 < pairs.length; k += 2) table[pairs[k]] = pairs[k + 1];
    T2S = table;
  }
  return T2S;
}

/** Simplified form of one character (traditional → mainland simplified, one code unit for one). */
export function simplifiedChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x3400 || ch.length !== 1) return ch;
  const out = String.fromCharCode(t2sTable()[code]);
  return EXTRA_SIMPLIFY[out] ?? out;
}

/**
 * The text with every traditional character written in its simplified form, one code unit for one,
 * so that every offset stays valid; the same string when nothing changes. The rules read this view:
 * 全要素生產率 is the term 全要素生产率, 二十大三中全會 the wrong formulation, 十四屆全國人大三次會議 an
 * occasion. (Variant characters such as 著 are kept: only quotation comparison folds them.)
 */
export function simplifiedText(s: string): string {
  const table = t2sTable();
  let first = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x3400 && table[c] !== c) {
      first = i;
      break;
    }
  }
  if (first < 0) return s;
  const buf = new Uint16Array(s.length - first);
  for (let i = first; i < s.length; i++) buf[i - first] = table[s.charCodeAt(i)];
  let out = s.slice(0, first);
  for (let k = 0; k < buf.length; k += 4096) out += String.fromCharCode.apply(null, buf.subarray(k, Math.min(buf.length, k + 4096)) as unknown as number[]);
  return out;
}

/** Variant characters that OpenCC keeps but mainland usage writes otherwise in these texts. */
const EXTRA_SIMPLIFY: Record<string, string> = { 著: '着' };

const PUNCT: Record<string, string> = {
  ',': '，',
  '，': '，',
  '﹐': '，',
  '。': '。',
  '｡': '。',
  ';': '；',
  '；': '；',
  ':': '：',
  '：': '：',
  '!': '！',
  '！': '！',
  '?': '？',
  '？': '？',
  '(': '（',
  '（': '（',
  ')': '）',
  '）': '）',
  '、': '、',
  '､': '、',
  '—': '—',
  '－': '—',
  '–': '—',
  '…': '…',
};

// quotation marks, book-title marks, whitespace, and Markdown emphasis markers
const DROPPED = new Set([...'“”‘’「」『』"\'〝〞«»《》〈〉 \t\r\n\u3000\u00a0\u200b*']);

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Canonical form of one character for comparison, or '' when it is dropped. */
function canonUncached(ch: string): string {
  if (DROPPED.has(ch)) return '';
  const p = PUNCT[ch];
  if (p) return p;
  const code = ch.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code >= 0x3400) return simplifiedChar(ch);
  return ch;
}

/** Per code unit: 0 not yet known, 1 dropped, otherwise the canonical code unit + 2. */
const CANON = new Uint32Array(65536);

/** Canonical code unit of text[i], or −1 when it is dropped. */
function canonCode(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 0x2e) return isDigit(text[i - 1]) && isDigit(text[i + 1]) ? 0x2e : 0x3002;
  let v = CANON[code];
  if (v === 0) {
    const c = canonUncached(text[i]);
    v = c === '' ? 1 : c.charCodeAt(0) + 2;
    CANON[code] = v;
  }
  return v - 2;
}

export interface Normalized {
  /** The normalised text. */
  text: string;
  /** map[i] = index in the original string of normalised character i; map[text.length] = end. */
  map: number[];
}

/** Scratch buffer for the normalised code units (grown as needed, kept small). */
let units = new Uint16Array(1024);
/** Scratch buffer for the map of the normalised code units (one longer than units). */
let origins = new Int32Array(1025);

/** Normalise `s` (or s.slice(start, end)), keeping a map back to original offsets. */
export function normalize(s: string, start = 0, end = s.length): Normalized {
  if (units.length < end - start) {
    units = new Uint16Array(end - start);
    origins = new Int32Array(end - start + 1);
  }
  const buf = units;
  const map = origins;
  let n = 0;
  for (let i = start; i < end; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // astral character: keep as is, both code units map to the same origin
      map[n] = i;
      buf[n++] = code;
      map[n] = i;
      buf[n++] = s.charCodeAt(i + 1);
      i++;
      continue;
    }
    // page damage: a pinyin annotation left by a mirror site (質(zhì)) is not the writer's text
    if ((code === 0x28 || code === 0xff08) && i > 0) {
      const e = annotationEnd(s, i, end);
      if (e > 0) {
        i = e - 1;
        continue;
      }
    }
    // (the common case inline: a code unit whose canonical form is known)
    let v = CANON[code];
    if (v === 0 || code === 0x2e) v = canonCode(s, i) + 2;
    if (v !== 1) {
      map[n] = i;
      buf[n++] = v - 2;
    }
  }
  map[n] = end;
  let text = '';
  for (let k = 0; k < n; k += 4096) text += String.fromCharCode.apply(null, buf.subarray(k, Math.min(n, k + 4096)) as unknown as number[]);
  // (a plain array: a typed array of its own per call costs more to allocate than this copy)
  const out: number[] = new Array(n + 1);
  for (let k = 0; k <= n; k++) out[k] = map[k];
  if (units.length > 1 << 16) {
    units = new Uint16Array(1024);
    origins = new Int32Array(1025);
  }
  return { text, map: out };
}

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
const TONELESS = 'aeiouü';

/**
 * End (after the closing parenthesis) of a pinyin annotation opening at s[i] — ( or （ right after a
 * Han character, then pinyin, then ) or ） — as mirror sites leave them (新質(zhì)生產(chǎn)力, 產(chan)); −1
 * when there is none. Pinyin with tone marks is enough; toneless pinyin must be the reading of the
 * character before it (so 措施(a) or 能(ai) are not taken for annotations).
 */
export function annotationEnd(s: string, i: number, end = s.length): number {
  const open = s.charCodeAt(i);
  if ((open !== 0x28 && open !== 0xff08) || !isHan(s[i - 1])) return -1;
  let letters = '';
  let toned = false;
  let j = i + 1;
  for (; j < end && j - i <= 7; j++) {
    const ch = s[j];
    if ((ch >= 'a' && ch <= 'z') || ch === 'ü') letters += ch;
    else {
      const t = TONED.indexOf(ch);
      if (t < 0) break;
      toned = true;
      letters += TONELESS[t >> 2];
    }
  }
  const close = s.charCodeAt(j);
  if (!letters || j >= end || (close !== 0x29 && close !== 0xff09)) return -1;
  if (!toned && pinyinOf(simplifiedChar(s[i - 1])) !== letters.replace(/ü/g, 'v')) return -1;
  // some mirror sites put a space after each annotation (產(chan) 力): it goes with it
  if (s[j + 1] === ' ' && j + 2 < end && isHan(s[j + 2])) return j + 2;
  return j + 1;
}

/** The pinyin annotations in s[from, to), as [start, end) pairs (found from each parenthesis: cheap). */
export function annotationsIn(s: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // (only the range is read, so that the work is bounded by the range, not by the document)
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x28 && c !== 0xff08) continue;
    const e = annotationEnd(s, i, to);
    if (e > 0) {
      out.push([i, e]);
      i = e - 1;
    }
  }
  return out;
}

/** s[from, to) without the pinyin annotations in it. */
export function withoutAnnotations(s: string, from: number, to: number, found = annotationsIn(s, from, to)): string {
  let out = '';
  let pos = from;
  for (const [a, b] of found) {
    out += s.slice(pos, a);
    pos = b;
  }
  return out + s.slice(pos, to);
}

/** Normalised text only (for building indexes). */
export function norm(s: string): string {
  return normalize(s).text;
}

/** True for CJK ideographs (BMP unified and extension A, compatibility). */
export function isHan(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}
