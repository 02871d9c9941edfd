// Tables of the character n-grams (bigrams and 4-grams) of the official wordings: for any n-gram of a
// writer's normalised text, which wordings contain it. Keys are numbers made of the code units (no
// strings are built while checking); open addressing in typed arrays; postings in one flat array.

/** Two code units as one 32-bit integer (signed: stored in an Int32Array). */
function keyHi(t: string, k: number): number {
  return (t.charCodeAt(k) << 16) | t.charCodeAt(k + 1);
}

/** Bits of GramTable.bloom, as a power of two. */
const BLOOM_BITS = 17;

/**
 * The hash of a key: its low bits pick the first slot of the open-addressing table, its high bits
 * the filter bit (one hash for both: most look-ups end at the filter).
 */
function hashKey(hi: number, lo: number): number {
  return Math.imul(hi ^ (hi >>> 15), 0x2c1b3c6d) ^ Math.imul(lo ^ (lo >>> 13), 0x297a2d39);
}

export class GramTable {
  /**
   * One bit per filter hash, set for the grams of the texts (16 KB: stays in the processor's cache);
   * a clear bit means the gram is in no text, without a look at the table itself.
   */
  private readonly bloom = new Int32Array((1 << BLOOM_BITS) >>> 5);
  /** per slot, side by side: key high half, key low half, gram number + 1 (0: empty slot) */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Postings of gram g: items[start[g] .. start[g + 1]), the texts containing it, in increasing order. */
  readonly start: Int32Array;
  readonly items: Int32Array;
  /**
   * With `positions`: every occurrence of gram g, ordered by text then offset, at
   * [occStart[g], occStart[g + 1]) of occText (the text) and occPos (the offset in it).
   */
  readonly occStart: Int32Array;
  readonly occText: Int32Array;
  readonly occPos: Int32Array;

  /** The distinct n-grams of `texts`, each listing the texts that contain it (and where, with `positions`). */
  constructor(
    texts: string[],
    readonly n: 2 | 4,
    positions = false,
  ) {
    // per gram: its occurrences as (text, offset) pairs, in order
    const lists = new Map<string, number[]>();
    texts.forEach((t, i) => {
      for (let k = 0; k + n <= t.length; k++) {
        const g = t.slice(k, k + n);
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        list.push(i, k);
      }
    });
    let size = 16;
    while (size < 2 * lists.size) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(3 * size);
    this.start = new Int32Array(lists.size + 1);
    this.occStart = new Int32Array(positions ? lists.size + 1 : 0);
    let distinct = 0;
    let occurrences = 0;
    for (const list of lists.values()) {
      occurrences += list.length / 2;
      for (let x = 0; x < list.length; x += 2) if (x === 0 || list[x] !== list[x - 2]) distinct++;
    }
    this.items = new Int32Array(distinct);
    this.occText = new Int32Array(positions ? occurrences : 0);
    this.occPos = new Int32Array(positions ? occurrences : 0);
    let g = 0;
    let at = 0;
    let occ = 0;
    for (const [gram, list] of lists) {
      const hi = keyHi(gram, 0);
      const lo = n === 4 ? keyHi(gram, 2) : 0;
      const h = hashKey(hi, lo);
      let s = h & this.mask;
      while (this.slots[3 * s + 2] !== 0) s = (s + 1) & this.mask;
      this.slots[3 * s] = hi;
      this.slots[3 * s + 1] = lo;
      this.slots[3 * s + 2] = g + 1;
      const bit = h >>> (32 - BLOOM_BITS);
      this.bloom[bit >>> 5] |= 1 << (bit & 31);
      this.start[g] = at;
      for (let x = 0; x < list.length; x += 2) if (x === 0 || list[x] !== list[x - 2]) this.items[at++] = list[x];
      if (positions) {
        this.occStart[g] = occ;
        for (let x = 0; x < list.length; x += 2, occ++) {
          this.occText[occ] = list[x];
          this.occPos[occ] = list[x + 1];
        }
      }
      g++;
    }
    this.start[g] = at;
    if (positions) this.occStart[g] = occ;
  }

  /** The gram number of t[k, k + n), or −1 when no official wording has it. */
  find(t: string, k: number): number {
    const hi = keyHi(t, k);
    const lo = this.n === 4 ? keyHi(t, k + 2) : 0;
    const h = hashKey(hi, lo);
    const bit = h >>> (32 - BLOOM_BITS);
    if ((this.bloom[bit >>> 5] & (1 << (bit & 31))) === 0) return -1;
    const slots = this.slots;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const g = slots[3 * s + 2];
      if (g === 0) return -1;
      if (slots[3 * s] === hi && slots[3 * s + 1] === lo) return g - 1;
    }
  }

  /**
   * The first occurrence of gram g in text `text`, an index of occPos (with `positions`); its
   * occurrences there run on while occText holds `text`, up to occStart[g + 1].
   */
  firstOccurrence(g: number, text: number): number {
    let l = this.occStart[g];
    let r = this.occStart[g + 1];
    while (l < r) {
      const mid = (l + r) >> 1;
      if (this.occText[mid] < text) l = mid + 1;
      else r = mid;
    }
    return l;
  }
}
