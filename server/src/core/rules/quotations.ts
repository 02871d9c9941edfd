// Feature: misquotations and misattributions.
// A quoted span (“…”) or a near-verbatim unquoted sentence is compared with the official wording of
// every vetted quotation and official definition. Differences of punctuation width, quotation marks,
// whitespace and traditional/simplified characters do not count (see normalize.ts); accepted variants
// and exact sub-clauses are not misquotes. A quotation whose lead-in names another occasion or date is
// a misattribution.
import { alignInside, alignLocal, diffChunks, type Alignment } from '../align';
import { afford } from '../budget';
import { GramTable } from '../grams';
import { attributionOf, finding, type BlockContext } from '../context';
import { occasionChain, type KnowledgeIndex, type QuoteForm } from '../index';
import { normalize, type Normalized } from '../normalize';
import { findDates, formatDate, msg, sentenceEnd, sentenceStart, type DateMention } from '../text';
import type { Occasion } from '../types';

const MIN_QUOTED = 8;
const MIN_FUZZY = 12;
const MIN_UNQUOTED_REGION = 15;
/** An unquoted near-verbatim reproduction is only reported over this many characters (shorter ones are paraphrase). */
const MIN_UNQUOTED_FUZZY = 28;
/** …with at most this share of edits. */
const MAX_UNQUOTED_EDIT_RATIO = 0.12;
const MAX_EXTRA_RUN = 6;
const PUNCT = /[，。；：！？、（）—…]/;

interface Candidate {
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
const MIN_SHARED_GRAMS = minSharedGrams();

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
function candidates(index: KnowledgeIndex, t: string, minShared: number, limit: number): Candidate[] {
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
function formsSharingGrams(index: KnowledgeIndex, t: string, from: number, to: number, band: number): Map<number, [number, number, number]> | undefined {
  const g = gramIndex(index);
  const { shared, grams } = g;
  // first the 4-grams of the writer's text that any form has: too few, and no form can have enough
  if (g.found.length < to - from) g.found = new Int32Array(Math.max(to - from, 2 * g.found.length));
  const found = g.found;
  let hits = 0;
  for (let k = from; k + GRAM <= to; k++) {
    const gram = grams.find(t, k);
    found[k - from] = gram;
    if (gram >= 0) hits++;
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
function sharedCharacters(q: string, c: string): number {
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

function describe(al: Alignment, q: string, c: string): string {
  const chunks = diffChunks(al.ops, q, c).slice(0, 3);
  return chunks
    .map((ch) =>
      !ch.extra
        ? msg('diff.missing', { text: ch.missing })
        : !ch.missing
          ? msg('diff.extra', { text: ch.extra })
          : msg('diff.changed', { from: ch.extra, to: ch.missing }),
    )
    .join(msg('diff.separator'));
}

/** Official wording of normalised range [cs, ce) of a form, as published. */
function officialSlice(form: QuoteForm, cs: number, ce: number): string {
  const m = form.normalized.map;
  const t = form.normalized.text;
  while (cs < ce && PUNCT.test(t[cs])) cs++;
  while (ce > cs && PUNCT.test(t[ce - 1])) ce--;
  if (ce <= cs) return '';
  let end = m[ce - 1] + 1;
  const code = form.original.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end++;
  return form.original.slice(m[cs], end);
}

/** Extends the official side of an alignment to whole words: a quotation ending in 着力 has lost its 点. */
function toWordBoundaries(al: Alignment, form: QuoteForm): Alignment {
  const c = form.normalized.text;
  const sorted = [...form.boundaries].sort((a, b) => a - b);
  let { cStart, cEnd } = al;
  const ops = [...al.ops];
  if (!form.boundaries.has(cEnd) && !PUNCT.test(c[cEnd] ?? '')) {
    const next = sorted.find((b) => b > cEnd) ?? c.length;
    for (let j = cEnd; j < next; j++) ops.push({ kind: 'D', q: al.qEnd, c: j });
    cEnd = next;
  }
  if (!form.boundaries.has(cStart) && !PUNCT.test(c[cStart - 1] ?? '')) {
    const prev = [...sorted].reverse().find((b) => b < cStart) ?? 0;
    for (let j = cStart - 1; j >= prev; j--) ops.unshift({ kind: 'D', q: al.qStart, c: j });
    cStart = prev;
  }
  return { ...al, ops, cStart, cEnd, edits: ops.filter((o) => o.kind !== 'M').length };
}

/** q = c[start, gapStart) + c[gapEnd, end): the writer left out c[gapStart, gapEnd). Both parts ≥ 4 characters. */
function oneOmission(q: string, c: string): { start: number; gapStart: number; gapEnd: number; end: number } | undefined {
  for (let p = q.length - 4; p >= 4; p--) {
    if (!afford(c.length)) return undefined;
    const a = c.indexOf(q.slice(0, p));
    if (a < 0) continue;
    const rest = q.slice(p);
    const b = c.indexOf(rest, a + p + 1);
    if (b < 0) return undefined;
    return { start: a, gapStart: a + p, gapEnd: b, end: b + rest.length };
  }
  return undefined;
}

/** Drops matched punctuation at the ends of a local alignment (the writer's 。 is not part of the range). */
function trimPunctuationEnds(al: Alignment, q: string): Alignment {
  const ops = [...al.ops];
  while (ops.length && ops[ops.length - 1].kind === 'M' && PUNCT.test(q[ops[ops.length - 1].q])) ops.pop();
  while (ops.length && ops[0].kind === 'M' && PUNCT.test(q[ops[0].q])) ops.shift();
  if (ops.length === al.ops.length) return al;
  const firstQ = ops.find((o) => o.kind !== 'D')?.q ?? al.qStart;
  const lastQ = [...ops].reverse().find((o) => o.kind !== 'D')?.q ?? al.qEnd - 1;
  const firstC = ops.find((o) => o.kind !== 'I')?.c ?? al.cStart;
  const lastC = [...ops].reverse().find((o) => o.kind !== 'I')?.c ?? al.cEnd - 1;
  return { ...al, ops, qStart: firstQ, qEnd: lastQ + 1, cStart: firstC, cEnd: lastC + 1 };
}

/** Original offsets spanning every edit of an alignment (where the writer's text differs). */
function editedRange(al: Alignment, n: Normalized): [number, number] {
  const edits = al.ops.filter((o) => o.kind !== 'M');
  const first = Math.min(...edits.map((o) => o.q));
  const last = Math.max(...edits.map((o) => (o.kind === 'D' ? o.q : o.q + 1)));
  return [n.map[Math.max(0, Math.min(first, n.text.length - 1))], n.map[Math.min(last, n.text.length)]];
}

/** Drops punctuation at both ends (the writer's sentence end inside the marks is not part of the wording). */
function trimPunctuation(n: Normalized): Normalized {
  let s = 0;
  let e = n.text.length;
  while (s < e && PUNCT.test(n.text[s])) s++;
  while (e > s && PUNCT.test(n.text[e - 1])) e--;
  if (s === 0 && e === n.text.length) return n;
  return { text: n.text.slice(s, e), map: n.map.slice(s, e + 1) };
}

function originalRange(n: Normalized, qs: number, qe: number, span?: [number, number], text?: string): [number, number] {
  let end = n.map[qe - 1] + 1;
  // an astral character: both of its code units map to its first one
  if (n.map[qe] === n.map[qe - 1] || (qe >= 2 && n.map[qe - 2] === n.map[qe - 1])) end++;
  let start = n.map[qs];
  // covering the whole quotation: include inner quotation marks at its edges (‘十五五’时期…)
  if (span && text) {
    if (qs === 0) while (start > span[0] && /[‘“「『《"']/.test(text[start - 1])) start--;
    if (qe === n.text.length) while (end < span[1] && /[’”」』》"']/.test(text[end])) end++;
  }
  return [start, end];
}

export function checkQuotations(ctx: BlockContext): void {
  const covered: Array<[number, number]> = [];
  for (const span of ctx.quotes) {
    covered.push([span.open, span.end + 1]);
    let prevEnd = span.start;
    const parts: Array<[number, number]> = [];
    const ell = /……|…|\.{3,}/g;
    const inner = ctx.text.slice(span.start, span.end);
    for (let m = ell.exec(inner); m; m = ell.exec(inner)) {
      parts.push([prevEnd, span.start + m.index]);
      prevEnd = span.start + m.index + m[0].length;
    }
    parts.push([prevEnd, span.end]);
    for (const [ps, pe] of parts) checkQuoted(ctx, ps, pe, span.open);
  }
  checkUnquoted(ctx, covered);
}

function checkQuoted(ctx: BlockContext, ps: number, pe: number, open: number): void {
  const { index } = ctx;
  const n = trimPunctuation(normalize(ctx.text, ps, pe));
  const q = n.text;
  if (q.length < MIN_QUOTED) return;
  const cands = candidates(index, q, Math.max(4, Math.floor((q.length - 1) * 0.5)), 8);
  if (!cands.length) return;

  // 1. exact: a contiguous part of an official wording (or accepted variant)
  let truncated: { form: QuoteForm; at: number } | undefined;
  const byLength = [...cands].sort((a, b) => index.forms[a.form].normalized.text.length - index.forms[b.form].normalized.text.length);
  for (const c of byLength) {
    const form = index.forms[c.form];
    if (!afford(form.normalized.text.length)) return;
    const at = form.normalized.text.indexOf(q);
    if (at < 0) continue;
    if (form.boundaries.has(at) && form.boundaries.has(at + q.length)) {
      ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: index.refs[form.ref].entry, ref: form.ref });
      checkAttribution(ctx, open, form.ref);
      return;
    }
    truncated ??= { form, at };
  }
  if (truncated) {
    const { form, at } = truncated;
    const bounds = [...form.boundaries].sort((a, b) => a - b);
    const cs = [...bounds].reverse().find((b) => b <= at) ?? 0;
    const ce = bounds.find((b) => b >= at + q.length) ?? form.normalized.text.length;
    const c = form.normalized.text;
    const parts: string[] = [];
    if (cs < at) parts.push(msg('diff.missing', { text: c.slice(cs, at) }));
    if (ce > at + q.length) parts.push(msg('diff.missing', { text: c.slice(at + q.length, ce) }));
    const expected = officialSlice(form, cs, ce);
    const ref = index.refs[form.ref];
    const [s, e] = originalRange(n, 0, q.length);
    ctx.findings.push(
      finding(
        'misquote',
        s,
        e,
        msg('misquote.truncated', { diff: parts.join(msg('diff.separator')), expected, attribution: attributionOf(index, ref) }),
        ref.entry,
        [{ title: msg('fix.quote'), start: s, end: e, text: expected }],
        { expected, source: attributionOf(index, ref) },
      ),
    );
    ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ref.entry, ref: form.ref });
    checkAttribution(ctx, open, form.ref);
    return;
  }

  // 2. a passage with one part left out, without an ellipsis
  for (const c of cands.slice(0, 4)) {
    const form = index.forms[c.form];
    const cut = oneOmission(q, form.normalized.text);
    if (!cut) continue;
    const ct = form.normalized.text;
    const omitted = ct.slice(cut.gapStart, cut.gapEnd);
    if (!/[^，。；：！？、（）—…]/.test(omitted)) continue;
    const ref = index.refs[form.ref];
    // the fix restores whole words at both ends, as a truncated quotation would be fixed (step 1)
    const bounds = [...form.boundaries].sort((a, b) => a - b);
    const cs = [...bounds].reverse().find((b) => b <= cut.start) ?? 0;
    const ce = bounds.find((b) => b >= cut.end) ?? ct.length;
    const expected = officialSlice(form, cs, ce);
    const [s, e] = originalRange(n, 0, q.length);
    const attribution = attributionOf(index, ref);
    const shown = omitted.length > 24 ? omitted.slice(0, 24) + '…' : omitted;
    const diff = [
      ...(cs < cut.start ? [msg('diff.missing', { text: ct.slice(cs, cut.start) })] : []),
      msg('diff.missing', { text: shown }),
      ...(ce > cut.end ? [msg('diff.missing', { text: ct.slice(cut.end, ce) })] : []),
    ].join(msg('diff.separator'));
    ctx.findings.push(
      finding('misquote', s, e, msg('misquote', { diff, expected, attribution }), ref.entry, [{ title: msg('fix.quote'), start: s, end: e, text: expected }], {
        expected,
        source: attribution,
      }),
    );
    ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ref.entry, ref: form.ref });
    checkAttribution(ctx, open, form.ref);
    return;
  }

  // 3. near: the best alignment within tolerance
  let best: { form: QuoteForm; al: Alignment; score: number; length: number } | undefined;
  const punct = [...q].filter((ch) => PUNCT.test(ch)).length;
  for (const c of cands.slice(0, 4)) {
    if (q.length < MIN_FUZZY) break;
    const form = index.forms[c.form];
    if (!afford(q.length + form.normalized.text.length)) return;
    // skipped unaligned when the characters the two share cannot make it close (see below)
    const ub = sharedCharacters(q, form.normalized.text);
    if (ub < MIN_FUZZY - 2) continue;
    if (ub < q.length - punct && q.length - ub > Math.max(2, Math.floor(q.length * 0.25)) && ub / q.length < 0.7) continue;
    if (!afford(q.length * form.normalized.text.length)) return;
    const al = alignInside(q, form.normalized.text);
    const len = al.qEnd - al.qStart;
    if (len < MIN_FUZZY) continue;
    const matched = al.ops.filter((o) => o.kind === 'M').length;
    if (matched < MIN_FUZZY - 2) continue;
    const chunks = diffChunks(al.ops, q, form.normalized.text);
    // differences of punctuation only: the quotation is right (e.g. 。 for ， where the writer stops)
    if (chunks.every((ch) => !/[^，。；：！？、（）—…]/.test(ch.missing + ch.extra))) {
      ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: index.refs[form.ref].entry, ref: form.ref });
      checkAttribution(ctx, open, form.ref);
      return;
    }
    // close enough to be this quotation: few edits, or most of the writer's words are official ones;
    // but a long run of the writer's own words means another statement, not a misquote of this one
    const close = al.edits <= Math.max(2, Math.floor(len * 0.25)) || (matched / len >= 0.7 && chunks.length <= 3);
    if (!close || chunks.some((ch) => ch.extra.length >= MAX_EXTRA_RUN)) continue;
    // the passage that explains most of the writer's words with fewest edits; the shorter passage on a tie
    const score = matched - 2 * al.edits;
    const length = form.normalized.text.length;
    if (!best || score > best.score || (score === best.score && length < best.length)) best = { form, al, score, length };
  }
  if (!best) return;
  const { form } = best;
  const al = toWordBoundaries(best.al, form);
  const ref = index.refs[form.ref];
  const expected = officialSlice(form, al.cStart, al.cEnd);
  const [s, e] = originalRange(n, al.qStart, al.qEnd, [ps, pe], ctx.text);
  const attribution = attributionOf(index, ref);
  ctx.findings.push(
    finding(
      'misquote',
      s,
      e,
      msg('misquote', { diff: describe(al, q, form.normalized.text), expected, attribution }),
      ref.entry,
      [{ title: msg('fix.quote'), start: s, end: e, text: expected }],
      { expected, source: attribution },
    ),
  );
  ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ref.entry, ref: form.ref });
  checkAttribution(ctx, open, form.ref);
}

/** Sentences outside quotation marks that reproduce an official sentence almost verbatim. */
function checkUnquoted(ctx: BlockContext, covered: Array<[number, number]>): void {
  const { text } = ctx;
  // the block is normalised once; each segment is a range of it
  const block = normalize(text, ctx.start, ctx.end);
  let pos = ctx.start;
  let at = 0;
  const segment = (s: number, e: number) => {
    if (e - s < MIN_UNQUOTED_REGION) return;
    while (at < block.text.length && block.map[at] < s) at++;
    let to = at;
    while (to < block.text.length && block.map[to] < e) to++;
    checkSegment(ctx, block, at, to, e);
    at = to;
  };
  while (pos < ctx.end) {
    const end = sentenceEnd(text, pos, ctx.end);
    // split the sentence around quoted spans
    let segStart = pos;
    for (const [cs, ce] of covered) {
      if (ce <= pos || cs >= end) continue;
      if (cs > segStart) segment(segStart, cs);
      segStart = Math.max(segStart, ce);
    }
    if (segStart < end) segment(segStart, end);
    pos = end;
  }
}

/** The writer's normalised text block.text[from, to) (original text up to `end`) against the official wordings. */
function checkSegment(ctx: BlockContext, block: Normalized, from: number, to: number, end: number): void {
  if (to - from < MIN_UNQUOTED_REGION) return;
  const { index } = ctx;
  const band = Math.floor((to - from) * MAX_UNQUOTED_EDIT_RATIO);
  const aligned = MIN_SHARED_GRAMS > 0 ? formsSharingGrams(index, block.text, from, to, band) : undefined;
  if (MIN_SHARED_GRAMS > 0 && !aligned) return;
  const map = block.map.slice(from, to + 1);
  map[to - from] = end;
  const n: Normalized = { text: block.text.slice(from, to), map };
  const q = n.text;
  // the forms that can produce something, most shared 4-grams first
  const cands = aligned ? [...aligned].map(([form, v]) => ({ form, shared: v[2] })).sort((a, b) => b.shared - a.shared || a.form - b.form).slice(0, 5) : candidates(index, q, 10, 5);
  for (const c of cands) {
    const form = index.forms[c.form];
    const cn = form.normalized.text;
    // a reportable alignment keeps to a dense band: its diagonals lie within `band` of the band's
    const diagonals = aligned?.get(c.form);
    const dLo = diagonals ? diagonals[0] - band - 1 : -q.length;
    const dHi = diagonals ? diagonals[1] + band + 1 : cn.length;
    if (!afford(q.length * Math.min(cn.length, dHi - dLo + 1))) return;
    const al = trimPunctuationEnds(alignLocal(q, cn, dLo, dHi), q);
    const len = al.qEnd - al.qStart;
    if (len < MIN_UNQUOTED_REGION) continue;
    const ref = index.refs[form.ref];
    const attribution = attributionOf(index, ref);
    if (al.edits > 0 && al.edits <= len * MAX_UNQUOTED_EDIT_RATIO && len >= MIN_UNQUOTED_FUZZY) {
      const chunks = diffChunks(al.ops, q, cn);
      if (chunks.every((ch) => !/[^，。；：！？、（）—…]/.test(ch.missing + ch.extra))) continue;
      if (chunks.some((ch) => ch.extra.length >= MAX_EXTRA_RUN)) continue;
      // the writer's words are exactly another official passage
      const region = q.slice(al.qStart, al.qEnd);
      if (cands.some((o) => index.forms[o.form].normalized.text.includes(region))) continue;
      // stopping in the middle of an official word at the writer's clause end: the fix completes the word
      // (as the exact branch below would report once the other differences are fixed)
      let ce = al.cEnd;
      let diff = describe(al, q, cn);
      if ((al.qEnd === q.length || PUNCT.test(q[al.qEnd])) && ce < cn.length && !form.boundaries.has(ce) && !PUNCT.test(cn[ce])) {
        ce = [...form.boundaries].sort((a, b) => a - b).find((b) => b > al.cEnd) ?? cn.length;
        diff += msg('diff.separator') + msg('diff.missing', { text: cn.slice(al.cEnd, ce) });
      }
      const expected = officialSlice(form, al.cStart, ce);
      const [fs, fe] = originalRange(n, al.qStart, al.qEnd);
      ctx.focus.set(ctx.findings.length, editedRange(al, n));
      ctx.findings.push(
        finding(
          'misquote',
          fs,
          fe,
          msg('misquote', { diff, expected, attribution }),
          ref.entry,
          [{ title: msg('fix.quote'), start: fs, end: fe, text: expected }],
          { expected, source: attribution },
        ),
      );
      ctx.annotations.push({ start: fs, end: fe, kind: 'quote', id: ref.entry, ref: form.ref });
      return;
    }
    if (al.edits > 0) continue;
    {
      const [fs, fe] = originalRange(n, al.qStart, al.qEnd);
      ctx.annotations.push({ start: fs, end: fe, kind: 'quote', id: ref.entry, ref: form.ref });
      // reproduction that stops in the middle of an official word, at the end of the writer's clause
      const atClauseEnd = al.qEnd === q.length || PUNCT.test(q[al.qEnd]);
      if (atClauseEnd && al.cEnd < cn.length && !form.boundaries.has(al.cEnd) && !PUNCT.test(cn[al.cEnd])) {
        const ce = [...form.boundaries].sort((a, b) => a - b).find((b) => b > al.cEnd) ?? cn.length;
        const missing = cn.slice(al.cEnd, ce);
        const expected = officialSlice(form, al.cStart, ce);
        ctx.findings.push(
          finding(
            'misquote',
            fs,
            fe,
            msg('misquote.truncated', { diff: msg('diff.missing', { text: missing }), expected, attribution }),
            ref.entry,
            [{ title: msg('fix.quote'), start: fs, end: fe, text: expected }],
            { expected, source: attribution },
          ),
        );
        return;
      }
    }
  }
}

interface Mention {
  start: number;
  end: number;
  occasion?: Occasion;
  /** the occasion's name or alias as written, and the year written before it */
  name?: string;
  year?: string;
  date?: DateMention;
}

function dateMatches(d: DateMention, from: string, to: string): boolean {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const probe = (y: number) => {
    if (!fm) return d.year === undefined || d.year === y;
    const key = (mm: number, dd: number) => mm * 100 + dd;
    const lo = key(fm, d.day === undefined ? 0 : fd || 0);
    const hi = key(tm || fm, d.day === undefined ? 0 : td || fd || 31);
    const v = key(d.month ?? 0, d.day ?? 0);
    return v >= lo && v <= hi;
  };
  if (d.year !== undefined) return (d.year === fy || d.year === ty) && probe(d.year);
  return probe(fy);
}

/** The lead-in of a quotation (same sentence, before the opening mark) must not name another occasion or date. */
function checkAttribution(ctx: BlockContext, open: number, refIndex: number): void {
  const { index, text } = ctx;
  const ref = index.refs[refIndex];
  if (!ref.occasion || !index.occasions.has(ref.occasion)) return;
  let leadStart = sentenceStart(text, open, ctx.start);
  for (const span of ctx.quotes) if (span.end < open && span.end + 1 > leadStart) leadStart = span.end + 1;
  const mentions: Mention[] = [];
  for (const hit of ctx.hits) {
    if (hit.value.kind === 'occasion' && hit.start >= leadStart && hit.end <= open) {
      // a year written just before the name (2024年政府工作报告) belongs to the mention
      const y = /(\d{4})\s*年\s*(?:的)?\s*$/.exec(text.slice(Math.max(leadStart, hit.start - 8), hit.start));
      mentions.push({ start: y ? hit.start - y[0].length : hit.start, end: hit.end, occasion: hit.value.occasion, name: text.slice(hit.start, hit.end), year: y?.[1] });
    }
  }
  // keep the longest occasion mention where several overlap
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const occMentions = mentions.filter((m, i) => !mentions.some((o, j) => j !== i && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
  const dates = findDates(text, leadStart, open).map((d) => ({ start: d.start, end: d.end, date: d }) as Mention);
  const all = [...occMentions, ...dates];
  if (!all.length) return;

  const chain = occasionChain(index, ref.occasion);
  const pubDates = [ref.source.date, ...ref.publishedIn.map((s) => s.date)].filter(Boolean);
  const sameNamed = (o: Occasion) =>
    chain.some((c) => c.id === o.id) || occasionChain(index, o.id).some((c) => c.id === ref.occasion) || pubDates.includes(o.date);
  // an alias shared by several occasions (e.g. 政府工作报告) is compatible when any of them is;
  // a year written before the name must be that occasion's year
  const aliasCompatible = (m: Mention) =>
    index.knowledge.occasions.some(
      (o) => (o.name === m.name || o.aliases.includes(m.name!)) && sameNamed(o) && (!m.year || o.date.startsWith(m.year)),
    );
  // a date down to the day names the occasion itself; a month or year may name a broader one (the inspection tour)
  const compatible = (m: Mention) =>
    m.occasion
      ? aliasCompatible(m)
      : (m.date!.day !== undefined ? chain.slice(0, 1) : chain).some((c) => dateMatches(m.date!, c.date, c.end ?? c.date)) ||
        pubDates.some((p) => dateMatches(m.date!, p, p));
  // a wrong date down to the day is wrong whatever else the lead-in says; otherwise one right mention is enough
  const wrongDay = all.find((m) => m.date?.day !== undefined && !compatible(m));
  if (!wrongDay && all.some(compatible)) return;
  const wrong = wrongDay ?? all.sort((a, b) => a.start - b.start)[0];
  const actual = chain[0];
  const claimed = text.slice(wrong.start, wrong.end);
  const correct = wrong.occasion ? actual.name : formatDateLike(wrong.date!, actual.date);
  ctx.findings.push(
    finding(
      'misattribution',
      wrong.start,
      wrong.end,
      msg('misattribution', { actual: `${actual.name}（${formatDate(actual.date)}）`, claimed }),
      ref.entry,
      [{ title: msg('fix.attribution', { text: correct }), start: wrong.start, end: wrong.end, text: correct }],
      { expected: correct, source: attributionOf(index, ref) },
    ),
  );
}

/** The occasion's date written at the same precision as the writer's date. */
function formatDateLike(d: DateMention, iso: string): string {
  const [y, m, dd] = iso.split('-').map(Number);
  return (d.year !== undefined ? `${y}年` : '') + `${m}月` + (d.day !== undefined && dd ? `${dd}日` : '');
}
