// Segmentation recorded and replayed, for warm starts (the on-disk cache, ./cache.ts, and the prebuilt
// index, ./prebuilt.ts). The index asks jieba for the words of each official wording and, while
// checking, whether two Han characters form one word. What is kept: jieba's answers to the former, and
// the list of two-character dictionary words jieba keeps whole (jieba without HMM cuts a Han pair that
// is not in its dictionary into two characters), so a warm start answers both without loading jieba;
// any other text is cut by jieba, loaded on first need. Stored answers are used only with the same
// user words (their hash is the key).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Segmenter } from '../core/segmenter';

/** The jieba dictionary the segmenter loads (the same search as server/src/segmenter/jieba.ts). */
export function dictionaryFile(): string | undefined {
  const candidates = [path.join(__dirname, 'jieba', 'dict.txt')];
  try {
    candidates.push(require.resolve('@node-rs/jieba/dict.txt'));
  } catch {
    /* bundled: the copy beside the bundle */
  }
  return candidates.find((c) => fs.existsSync(c));
}

/** What the segmenter answered while the index was built, and the Han pairs it keeps whole. */
export interface Segmentation {
  /** text → token lengths */
  cuts: Array<[string, number[]]>;
  /** sorted (code << 16 | code) of two-character Han words cut as one token */
  pairs?: Uint32Array;
}

const isHanCode = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);

/** Wraps a segmenter to record its answers (until `stop()`), for the cache. */
export function recordingSegmenter(inner: Segmenter): Segmenter & { cuts: Map<string, number[]>; stop(): void } {
  let on = true;
  const cuts = new Map<string, number[]>();
  return {
    cuts,
    stop: () => (on = false),
    cut(text: string) {
      const tokens = inner.cut(text);
      if (on)
        cuts.set(
          text,
          tokens.map((t) => t.length),
        );
      return tokens;
    },
  };
}

/**
 * The two-character Han words of the dictionary and of the user words that `segmenter` keeps as one
 * token, found in slices: `step(ms)` works for about that long and returns true when done.
 */
export class PairCollector {
  private text: string | undefined;
  private pos = 0;
  private readonly candidates = new Set<number>();
  private queue: number[] | undefined;
  private next = 0;
  private readonly whole: number[] = [];
  readonly available: boolean;
  private readonly dict: string | undefined;

  constructor(
    private readonly segmenter: Segmenter,
    private readonly userWords: string[],
  ) {
    this.dict = dictionaryFile();
    this.available = !!this.dict;
  }

  private consider(a: number, b: number): void {
    if (isHanCode(a) && isHanCode(b)) this.candidates.add(((a << 16) | b) >>> 0);
  }

  step(budgetMs = Infinity): boolean {
    if (!this.dict) return true;
    const until = performance.now() + budgetMs;
    this.text ??= fs.readFileSync(this.dict, 'utf8');
    const text = this.text;
    // 1. candidates: each dictionary line is "word freq tag"; a two-character word is followed by a space
    for (let lines = 1; this.pos < text.length; lines++) {
      let end = text.indexOf('\n', this.pos);
      if (end < 0) end = text.length;
      if (end - this.pos === 2 || text.charCodeAt(this.pos + 2) === 32) this.consider(text.charCodeAt(this.pos), text.charCodeAt(this.pos + 1));
      this.pos = end + 1;
      if ((lines & 0x3ff) === 0 && performance.now() > until) return false;
    }
    if (!this.queue) {
      for (const w of this.userWords) if (w.length === 2) this.consider(w.charCodeAt(0), w.charCodeAt(1));
      this.queue = [...this.candidates];
    }
    // 2. ask the segmenter about each
    for (; this.next < this.queue.length; this.next++) {
      const key = this.queue[this.next];
      if (this.segmenter.cut(String.fromCharCode(key >>> 16, key & 0xffff)).length === 1) this.whole.push(key);
      if ((this.next & 0x3ff) === 0 && performance.now() > until) {
        this.next++;
        return false;
      }
    }
    return true;
  }

  result(): Uint32Array | undefined {
    return this.dict ? Uint32Array.from(this.whole).sort() : undefined;
  }
}

export function wholePairs(segmenter: Segmenter, userWords: string[]): Uint32Array | undefined {
  const c = new PairCollector(segmenter, userWords);
  c.step();
  return c.result();
}

/**
 * A segmenter answering from the cache: recorded cuts, Han pairs from the pair list; anything else
 * from jieba, created on first need by `load()`.
 */
export function cachedSegmenter(seg: Segmentation, load: () => Segmenter): Segmenter {
  const cuts = new Map(seg.cuts);
  const pairs = seg.pairs;
  let inner: Segmenter | undefined;
  const has = (key: number) => {
    let lo = 0;
    let hi = pairs!.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = pairs![mid];
      if (v === key) return true;
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  return {
    cut(text: string): string[] {
      const lengths = cuts.get(text);
      if (lengths) {
        const out: string[] = [];
        let pos = 0;
        for (const n of lengths) {
          out.push(text.slice(pos, pos + n));
          pos += n;
        }
        return out;
      }
      if (pairs && text.length === 2) {
        const a = text.charCodeAt(0);
        const b = text.charCodeAt(1);
        if (isHanCode(a) && isHanCode(b)) return has(((a << 16) | b) >>> 0) ? [text] : [text[0], text[1]];
      }
      inner ??= load();
      return inner.cut(text);
    },
  };
}

// ------------------------------------------------------------------ the cache file

function segmentationKey(userWords: string[]): string {
  return crypto.createHash('sha1').update(userWords.join('\n')).digest('hex');
}

/** The segmenter's answers as stored (cache or prebuilt index), if made with these user words. */
export interface StoredSegmentation {
  key: string;
  cuts: Segmentation['cuts'];
  /** sorted Uint32Array, base64 */
  pairs?: string;
}

export function storeSegmentation(userWords: string[], cuts: Map<string, number[]>, pairs: Uint32Array | undefined): StoredSegmentation {
  return {
    key: segmentationKey(userWords),
    cuts: [...cuts],
    pairs: pairs ? Buffer.from(pairs.buffer, pairs.byteOffset, pairs.byteLength).toString('base64') : undefined,
  };
}

export function storedSegmentation(stored: StoredSegmentation, userWords: string[]): Segmentation {
  const seg: Segmentation = { cuts: [] };
  if (stored.key !== segmentationKey(userWords)) return seg; // other words: jieba would cut differently
  seg.cuts = stored.cuts;
  if (stored.pairs) {
    const buf = Buffer.from(stored.pairs, 'base64');
    seg.pairs = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  }
  return seg;
}
