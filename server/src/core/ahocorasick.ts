// Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern
// in one pass, so a whole knowledge base is matched against a document in linear time.

export interface Match<T> {
  start: number;
  end: number;
  value: T;
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
  private built = false;

  add(pattern: string, value: T): void {
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
    children[0].forEach((c, k) => (this.root[childCode[0][k]] = c));
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
    this.built = true;
    return this;
  }

  /** All matches in text[from, to), in order of end position. */
  scan(text: string, from = 0, to = text.length): Match<T>[] {
    if (!this.built) this.build();
    const result: Match<T>[] = [];
    const root = this.root;
    let node = 0;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      for (;;) {
        if (node === 0) {
          node = root[code];
          break;
        }
        const next = this.goto.get(node * 65536 + code);
        if (next !== undefined) {
          node = next;
          break;
        }
        node = this.fail[node];
      }
      const outs = this.out[node];
      for (let k = 0; k < outs.length; k++) {
        const id = outs[k];
        const len = this.lengths[id];
        result.push({ start: i + 1 - len, end: i + 1, value: this.values[id] });
      }
    }
    return result;
  }

}

/** Keeps, among overlapping matches, the leftmost-longest ones. */
export function leftmostLongest<T>(matches: Match<T>[]): Match<T>[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match<T>[] = [];
  let until = -1;
  for (const m of sorted) {
    if (m.start >= until) {
      kept.push(m);
      until = m.end;
    }
  }
  return kept;
}
