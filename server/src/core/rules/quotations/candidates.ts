// Candidate search: which official wordings (QuoteForm) a writer's passage may reproduce, before any
// alignment is paid for. A quoted passage is compared with the forms sharing most distinct bigrams with
// it; an unquoted sentence only with the forms sharing enough 4-grams inside one narrow band of
// diagonals to make a reportable alignment possible (and the alignment is confined to that band).
// Per knowledge index, built on first use: the forms' bigram and 4-gram tables (grams.ts).
import { afford } from '../../budget';
import { GramTable } from '../../grams';
import type { KnowledgeIndex } from '../../index';

/**
 * What an unquoted reproduction must be to be reported (unquoted.ts): at least this many characters
 * verbatim, or this many with at most that share of edits (shorter ones are paraphrase). The bound of
 * the 4-gram filter below follows from them.
 */
export const MIN_UNQUOTED_REGION = 15;
export const MIN_UNQUOTED_FUZZY = 28;
export const MAX_UNQUOTED_EDIT_RATIO = 0.12;

export interface Candidate {
  form: number;
  shared: number;
}

/**
 * Per knowledge index, built on first use: the forms' bigrams keyed by number, and their 4-grams.
 * An unquoted reproduction is reported or annotated only over an alignment of L characters with e
 * edits where L ≥ MIN_UNQUOTED_REGION and e = 0, or L ≥ MIN_UNQUOTED_FUZZY and e ≤ L × ratio. Its
 * matched runs (at most e + 1) then hold at least L − e − 3(e + 1) positions of the writer's text
 * whose 4-gram occurs in the form (q-gram lemma), all on diagonals (form offset − writer's offset)
 * within e of each other, as e edits shift the diagonal at most e times; so a form without that many
 * shared 4-grams inside one band of ⌊ratio × length⌋ diagonals cannot produce anything and is not
 * aligned at all, and the alignment of one that has them is confined to those bands.
 */
interface GramIndex {
  bigrams: GramTable;
  grams: GramTable;
  /** scratch counters, one per form */
  counts: Int32Array;
  shared: Int32Array;
  /** scratch: a counter per writer's offset */
  perOffset: Int32Array;
  /** scratch: the gram number at each offset of the writer's text (−1: none) */
  found: Int32Array;
  /** scratch: seeds (diagonal, writer's offset) packed as numbers (see seedOf) */
  seeds: Float64Array;
  /** per bigram: the call of candidates() that last counted it (distinct bigrams only) */
  stamp: Int32Array;
  calls: number;
}

const GRAM = 4;

const gramIndexes = new WeakMap<KnowledgeIndex, GramIndex>();

function minSharedGrams(): number {
  if (MAX_UNQUOTED_EDIT_RATIO * GRAM >= 1) return 0; // no useful bound: align every candidate
  let min = MIN_UNQUOTED_REGION - (GRAM - 1);
  for (let L = MIN_UNQUOTED_FUZZY; L < MIN_UNQUOTED_FUZZY + 400; L++) {
    const e = Math.floor(L * MAX_UNQUOTED_EDIT_RATIO);
    min = Math.min(min, L - e - (GRAM - 1) * (e + 1));
  }
  return min;
}

export const MIN_SHARED_GRAMS = minSharedGrams();

function gramIndex(index: KnowledgeIndex): GramIndex {
  let g = gramIndexes.get(index);
  if (g) return g;
  const texts = index.forms.map((f) => f.normalized.text);
  const bigrams = new GramTable(texts, 2);
  const forms = index.forms.length;
  g = {
    bigrams,
    grams: new GramTable(texts, GRAM, true),
    counts: new Int32Array(forms),
    shared: new Int32Array(forms),
    perOffset: new Int32Array(1024),
    found: new Int32Array(1024),
    seeds: new Float64Array(1024),
    stamp: new Int32Array(bigrams.start.length),
    calls: 0,
  };
  gramIndexes.set(index, g);
  return g;
}

/** Forms sharing at least `minShared` distinct bigrams with `t`, best first. */
export function candidates(index: KnowledgeIndex, t: string, minShared: number, limit: number): Candidate[] {
  const g = gramIndex(index);
  const { counts, stamp, bigrams } = g;
  const call = ++g.calls;
  const touched: number[] = [];
  for (let k = 0; k + 1 < t.length; k++) {
    const b = bigrams.find(t, k);
    if (b < 0 || stamp[b] === call) continue;
    stamp[b] = call;
    if (!afford(bigrams.start[b + 1] - bigrams.start[b])) break; // (over budget: the block is checked in pieces)
    for (let x = bigrams.start[b], end = bigrams.start[b + 1]; x < end; x++) {
      const form = bigrams.items[x];
      if (counts[form]++ === 0) touched.push(form);
    }
  }
  const out: Candidate[] = [];
  for (const form of touched) {
    if (counts[form] >= minShared) out.push({ form, shared: counts[form] });
    counts[form] = 0;
  }
  out.sort((a, b) => b.shared - a.shared || a.form - b.form);
  return out.slice(0, limit);
}

/**
 * The forms with a band of `band` + 1 diagonals (form offset − writer's offset) on which at least
 * MIN_SHARED_GRAMS positions of t[from, to) start a 4-gram of theirs, each with the lowest diagonal
 * that starts such a band, the highest that ends one, and how many positions share a 4-gram with it.
 */
export function formsSharingGrams(index: KnowledgeIndex, t: string, from: number, to: number, band: number): Map<number, [number, number, number]> | undefined {
  const g = gramIndex(index);
  const { shared, grams } = g;
  // first the 4-grams of the writer's text that any form has: too few, and no form can have enough
  if (g.found.length < to - from) g.found = new Int32Array(Math.max(to - from, 2 * g.found.length));
  const found = g.found;
  let hits = 0;
  const last = to - GRAM;
  for (let k = from; k <= last; k++) {
    const gram = grams.find(t, k);
    found[k - from] = gram;
    if (gram >= 0) hits++;
    // (the positions left cannot make up the number: most sentences stop here)
    else if (hits + last - k < MIN_SHARED_GRAMS) return undefined;
  }
  if (hits < MIN_SHARED_GRAMS) return undefined;
  let touched: number[] | undefined;
  let paid = true;
  for (let k = from; k + GRAM <= to && paid; k++) {
    const gram = found[k - from];
    if (gram < 0) continue;
    paid = afford(grams.start[gram + 1] - grams.start[gram]);
    for (let x = grams.start[gram], end = paid ? grams.start[gram + 1] : 0; x < end; x++) {
      const form = grams.items[x];
      if (shared[form]++ === 0) (touched ??= []).push(form);
    }
  }
  if (!touched) return undefined;
  let out: Map<number, [number, number, number]> | undefined;
  const { occStart, occText, occPos } = grams;
  for (const f of touched) {
    if (paid && shared[f] >= MIN_SHARED_GRAMS) {
      // seeds (diagonal, writer's offset): every occurrence in this form of each shared 4-gram
      let n = 0;
      for (let k = 0; k + GRAM <= to - from && paid; k++) {
        const gram = found[k];
        if (gram < 0) continue;
        const end = occStart[gram + 1];
        const first = grams.firstOccurrence(gram, f);
        let x = first;
        for (; x < end && occText[x] === f; x++) {
          if (n === g.seeds.length) {
            const grown = new Float64Array(2 * n);
            grown.set(g.seeds);
            g.seeds = grown;
          }
          g.seeds[n++] = seedOf(occPos[x] - k, k);
        }
        paid = afford(x - first);
      }
      if (!paid) {
        shared[f] = 0;
        continue;
      }
      const bands = denseBands(g.seeds.subarray(0, n).sort(), band, to - from, g);
      if (bands) (out ??= new Map()).set(f, [bands[0], bands[1], shared[f]]);
    }
    shared[f] = 0;
  }
  return paid ? out : undefined;
}

/** A seed as one number, ordered by diagonal first: (diagonal + 2^24) · 2^23 + writer's offset (exact in a double). */
const SEED_K = 2 ** 23;

const SEED_D = 2 ** 24;

function seedOf(d: number, k: number): number {
  return (d + SEED_D) * SEED_K + k;
}

const seedDiagonal = (v: number) => Math.floor(v / SEED_K) - SEED_D;

const seedOffset = (v: number) => v % SEED_K;

/**
 * Seeds (sorted, packed by seedOf): the lowest and highest d such that diagonals [d, d + band] hold
 * seeds at MIN_SHARED_GRAMS distinct writer's offsets, or undefined when no band does.
 */
function denseBands(seeds: Float64Array, band: number, length: number, g: GramIndex): [number, number] | undefined {
  if (g.perOffset.length < length) g.perOffset = new Int32Array(Math.max(length, 2 * g.perOffset.length));
  const per = g.perOffset;
  let distinct = 0;
  let lo: number | undefined;
  let hi = 0;
  let l = 0;
  for (let r = 0; r < seeds.length; r++) {
    const dr = seedDiagonal(seeds[r]);
    if (per[seedOffset(seeds[r])]++ === 0) distinct++;
    while (dr - seedDiagonal(seeds[l]) > band) if (--per[seedOffset(seeds[l++])] === 0) distinct--;
    if (distinct >= MIN_SHARED_GRAMS) {
      // the band ending at this seed's diagonal starts at or after the diagonal of seeds[l]
      const start = Math.max(seedDiagonal(seeds[l]), dr - band);
      lo ??= start;
      hi = dr;
    }
  }
  for (let x = l; x < seeds.length; x++) per[seedOffset(seeds[x])]--;
  return lo === undefined ? undefined : [lo, hi];
}

/** How many characters of q can be matched in c at most (the size of their multiset intersection). */
export function sharedCharacters(q: string, c: string): number {
  const counts = charCounts;
  for (let i = 0; i < q.length; i++) counts[q.charCodeAt(i)]++;
  let shared = 0;
  for (let j = 0; j < c.length; j++) {
    const code = c.charCodeAt(j);
    if (counts[code] > 0) {
      counts[code]--;
      shared++;
    }
  }
  for (let i = 0; i < q.length; i++) counts[q.charCodeAt(i)] = 0;
  return shared;
}

const charCounts = new Int32Array(65536);
