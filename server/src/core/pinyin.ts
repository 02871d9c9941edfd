// Pinyin of terms (completion by initials and full pinyin) and of characters (sound-alike typos).
// pinyin-pro takes ~100 ms to load and warm up, so it is loaded on first use, not at start-up.
type PinyinFn = typeof import('pinyin-pro').pinyin;
let pinyinFn: PinyinFn | undefined;
function lib(): PinyinFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pinyinFn ??= (require('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyinFn;
}

const charCache = new Map<string, string>();

/** Toneless pinyin of one character ('' for non-Han), memoised. */
export function pinyinOf(ch: string): string {
  let p = charCache.get(ch);
  if (p === undefined) {
    p = /[\u3400-\u9fff]/.test(ch) ? lib()(ch, { toneType: 'none', v: true }) : '';
    charCache.set(ch, p);
  }
  return p;
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
    initials: syllables.map((s) => s[0] ?? '').join('').toLowerCase(),
  };
}
