// Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern
// in one pass, so a whole knowledge base is matched against a document in linear time.
// Patterns added `aside` (a term's typo anchors: short, frequent, most of a report's matches) are not
// made into Match objects: scan() lists them as numbers in an AsideList the caller gives (and may reuse),
// so that they cost no allocation each and the rules that loop over the matches never see them.

export interface Match<T> {
  start: number;
  end: number;
  value: T;
}

/**
 * Matches of patterns added aside: pattern ids and end offsets, in order of end, `length` of them. The
 * caller may clear and reuse one list from scan to scan: its arrays grow and are kept (a list per scan
 * grown by push cost more allocation than all the other matches of a report).
 */
export class AsideList {
  ids = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;

  push(id: number, end: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(2 * this.length);
      const ends = new Int32Array(2 * this.length);
      ids.set(this.ids);
      ends.set(this.ends);
      this.ids = ids;
      this.ends = ends;
    }
    this.ids[this.length] = id;
    this.ends[this.length] = end;
    this.length++;
  }
}

export class Automaton<T> {
  private readonly goto = new Map<number, number>();
  private fail: Int32Array = new Int32Array(1);
  /** transitions of the root, by code unit (0: stay at the root) */
  private root: Int32Array = new Int32Array(65536);
  private readonly out: number[][] = [[]];
  private readonly depth: number[] = [0];
  private readonly values: T[] = [];
  private readonly lengths: number[] = [];
  /** per pattern: added aside (see scan) */
  private readonly asides: boolean[] = [];
  private aside = new Uint8Array(0);
  private built = false;
  /** goto as an open-addressing table (node, code unit) → next node, for scanning */
  private tNode = new Int32Array(0);
  private tCode = new Uint16Array(0);
  private tNext = new Int32Array(0);
  private tMask = 0;
  /**
   * Per node: the code unit of its one child (that child in `onlyNext`), LEAF for a node without
   * children, MANY for a node with several (looked up in the table above). Most steps of a scan start
   * from a node with one child or none: they need no hashing.
   */
  private only = new Int32Array(0);
  private onlyNext = new Int32Array(0);
  /** the patterns ending at each node, flat: those of node k are outIds[outStart[k], outStart[k + 1]) */
  private outStart = new Int32Array(1);
  private outIds = new Int32Array(0);

  add(pattern: string, value: T, aside = false): void {
    if (!pattern) return;
    if (this.built) throw new Error('automaton already built');
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const key = node * 65536 + pattern.charCodeAt(i);
      let next = this.goto.get(key);
      if (next === undefined) {
        next = this.out.length;
        this.out.push([]);
        this.depth.push(this.depth[node] + 1);
        this.goto.set(key, next);
      }
      node = next;
    }
    this.out[node].push(this.values.length);
    this.lengths.push(pattern.length);
    this.values.push(value);
    this.asides.push(aside);
  }

  /** The value and the length of pattern `id` (the ids scan() lists aside). */
  valueOf(id: number): T {
    return this.values[id];
  }
  lengthOf(id: number): number {
    return this.lengths[id];
  }

  get size(): number {
    return this.values.length;
  }

  build(): this {
    const n = this.out.length;
    this.fail = new Int32Array(n);
    const children: number[][] = Array.from({ length: n }, () => []);
    const childCode: number[][] = Array.from({ length: n }, () => []);
    for (const [key, child] of this.goto) {
      const parent = Math.floor(key / 65536);
      children[parent].push(child);
      childCode[parent].push(key % 65536);
    }
    const queue: number[] = [];
    children[0].forEach((c, k) => {
      this.root[childCode[0][k]] = c;
    });
    for (const c of children[0]) {
      this.fail[c] = 0;
      queue.push(c);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      const kids = children[node];
      for (let k = 0; k < kids.length; k++) {
        const child = kids[k];
        const code = childCode[node][k];
        let f = this.fail[node];
        let target: number | undefined;
        for (;;) {
          target = this.goto.get(f * 65536 + code);
          if (target !== undefined || f === 0) break;
          f = this.fail[f];
        }
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const inherited = this.out[this.fail[child]];
        if (inherited.length) this.out[child] = this.out[child].concat(inherited);
        queue.push(child);
      }
    }
    let size = 16;
    while (size < 2 * this.goto.size) size *= 2;
    this.tMask = size - 1;
    this.tNode = new Int32Array(size).fill(-1);
    this.tCode = new Uint16Array(size);
    this.tNext = new Int32Array(size);
    this.aside = Uint8Array.from(this.asides, (a) => (a ? 1 : 0));
    this.only = new Int32Array(n);
    this.onlyNext = new Int32Array(n);
    for (let node = 0; node < n; node++) {
      const kids = children[node];
      this.only[node] = kids.length === 0 ? LEAF : kids.length === 1 ? childCode[node][0] : MANY;
      if (kids.length === 1) this.onlyNext[node] = kids[0];
    }
    this.outStart = new Int32Array(n + 1);
    for (let node = 0; node < n; node++) this.outStart[node + 1] = this.outStart[node] + this.out[node].length;
    this.outIds = Int32Array.from(this.out.flat());
    for (const [key, child] of this.goto) {
      const parent = Math.floor(key / 65536);
      const code = key % 65536;
      let h = slot(parent, code, this.tMask);
      while (this.tNode[h] !== -1) h = (h + 1) & this.tMask;
      this.tNode[h] = parent;
      this.tCode[h] = code;
      this.tNext[h] = child;
    }
    this.built = true;
    return this;
  }

  /** The child of `node` by `code`, or −1. */
  private step(node: number, code: number): number {
    let h = slot(node, code, this.tMask);
    for (;;) {
      const n = this.tNode[h];
      if (n === -1) return -1;
      if (n === node && this.tCode[h] === code) return this.tNext[h];
      h = (h + 1) & this.tMask;
    }
  }

  /**
   * All matches in text[from, to), in order of end position; those of patterns added aside are
   * appended to `aside` instead (left out when no list is given).
   */
  scan(text: string, from = 0, to = text.length, aside?: AsideList): Match<T>[] {
    if (!this.built) this.build();
    const result: Match<T>[] = [];
    const { root, fail, only, onlyNext, outStart, outIds } = this;
    const isAside = this.aside;
    let node = 0;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      for (;;) {
        if (node === 0) {
          node = root[code];
          break;
        }
        const o = only[node];
        const next = o === code ? onlyNext[node] : o === MANY ? this.step(node, code) : -1;
        if (next !== -1) {
          node = next;
          break;
        }
        node = fail[node];
      }
      for (let k = outStart[node], last = outStart[node + 1]; k < last; k++) {
        const id = outIds[k];
        if (isAside[id] === 1) {
          aside?.push(id, i + 1);
          continue;
        }
        const len = this.lengths[id];
        result.push({ start: i + 1 - len, end: i + 1, value: this.values[id] });
      }
    }
    return result;
  }
}

/** `only` of a node without children, and of a node with several (code units are 0–65535) */
const LEAF = -1;
const MANY = -2;

function slot(node: number, code: number, mask: number): number {
  let x = Math.imul(node, 0x9e3779b1) ^ code;
  x = Math.imul(x ^ (x >>> 15), 0x85ebca77);
  return (x ^ (x >>> 13)) & mask;
}
