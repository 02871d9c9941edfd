// Tables of the character n-grams (bigrams and 4-grams) of the official wordings: for any n-gram of a
// writer's normalised text, which wordings contain it. Keys are numbers made of the code units (no
// strings are built while checking); open addressing in typed arrays; postings in one flat array.

/** An n-gram (n ≤ 4) of code units as two 32-bit halves. */
function keyHi(t: string, k: number): number {
  return ((t.charCodeAt(k) << 16) | t.charCodeAt(k + 1)) >>> 0;
}

export class GramTable {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  /** slot → gram number + 1 (0: empty slot) */
  private readonly slot: Int32Array;
  private readonly mask: number;
  /** postings of gram g: items[start[g] .. start[g + 1]) (form numbers, increasing) */
  readonly start: Int32Array;
  readonly items: Int32Array;

  /** `texts[i]`'s distinct n-grams, each listing the texts that contain it. */
  constructor(
    texts: string[],
    readonly n: 2 | 4,
  ) {
    const lists = new Map<string, number[]>();
    texts.forEach((t, i) => {
      for (let k = 0; k + n <= t.length; k++) {
        const g = t.slice(k, k + n);
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        if (list[list.length - 1] !== i) list.push(i);
      }
    });
    let size = 16;
    while (size < 2 * lists.size) size *= 2;
    this.mask = size - 1;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.slot = new Int32Array(size);
    this.start = new Int32Array(lists.size + 1);
    let total = 0;
    for (const list of lists.values()) total += list.length;
    this.items = new Int32Array(total);
    let g = 0;
    let at = 0;
    for (const [gram, list] of lists) {
      const hi = keyHi(gram, 0);
      const lo = n === 4 ? keyHi(gram, 2) : 0;
      let s = this.hash(hi, lo);
      while (this.slot[s] !== 0) s = (s + 1) & this.mask;
      this.hi[s] = hi;
      this.lo[s] = lo;
      this.slot[s] = g + 1;
      this.start[g] = at;
      this.items.set(list, at);
      at += list.length;
      g++;
    }
    this.start[g] = at;
  }

  private hash(hi: number, lo: number): number {
    return (Math.imul(hi ^ (hi >>> 15), 0x2c1b3c6d) ^ Math.imul(lo ^ (lo >>> 13), 0x297a2d39)) & this.mask;
  }

  /** The gram number of t[k, k + n), or −1 when no official wording has it. */
  find(t: string, k: number): number {
    const hi = keyHi(t, k);
    const lo = this.n === 4 ? keyHi(t, k + 2) : 0;
    let s = this.hash(hi, lo);
    for (;;) {
      const g = this.slot[s];
      if (g === 0) return -1;
      if (this.hi[s] === hi && this.lo[s] === lo) return g - 1;
      s = (s + 1) & this.mask;
    }
  }
}
