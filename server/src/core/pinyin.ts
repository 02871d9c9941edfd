// Pinyin of terms (completion by initials and full pinyin) and of characters (sound-alike typos).
// pinyin-pro takes ~25–100 ms to load and warm up, so it is loaded on first use, not at start-up; the
// reading of a single character comes from a table generated from it (pinyin-chars.json, written by
// scripts/gen-pinyin.mjs), so that checking text never needs the library.
import CHARS from './pinyin-chars.json';
type PinyinFn = typeof import('pinyin-pro').pinyin;
let pinyinFn: PinyinFn | undefined;
function lib(): PinyinFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pinyinFn ??= (require('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyinFn;
}

let table: Uint16Array | undefined;
function charTable(): Uint16Array {
  if (!table) {
    const bytes = Buffer.from(CHARS.codes, 'base64');
    table = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return table;
}

/** Toneless pinyin of one character ('' for non-Han; the character itself where none is known). */
export function pinyinOf(ch: string): string {
  if (ch.length !== 1) return '';
  const i = ch.charCodeAt(0) - CHARS.first;
  const t = charTable();
  if (i < 0 || i >= t.length) return '';
  const code = t[i];
  return code === CHARS.self ? ch : CHARS.syllables[code];
}

/** pinyinOf() as pinyin-pro itself answers it (the source of the table; for its test). */
export function pinyinOfByLibrary(ch: string): string {
  return /^[\u3400-\u9fff]$/.test(ch) ? lib()(ch, { toneType: 'none', v: true }) : '';
}

export interface PinyinKeys {
  /** full toneless pinyin, no separators: xinzhishengchanli */
  full: string;
  /** initials: xzscl */
  initials: string;
}

/** Pinyin keys of a word, reading it as a phrase (so polyphones follow context). */
export function pinyinKeys(word: string): PinyinKeys {
  const syllables = lib()(word, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
  return {
    full: syllables.join('').toLowerCase(),
    initials: syllables
      .map((s) => s[0] ?? '')
      .join('')
      .toLowerCase(),
  };
}
