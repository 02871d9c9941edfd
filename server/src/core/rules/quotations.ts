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
import cues from '../cues.json';
import { occasionChain, type KnowledgeIndex, type QuoteForm } from '../index';
import { annotationsIn, normalize, withoutAnnotations, type Normalized } from '../normalize';
import { findDates, formatDate, msg, sentenceEnd, sentenceStart, type DateMention } from '../text';
import type { Finding, Occasion } from '../types';

const MIN_QUOTED = 8;
/** An exact quotation shorter than this (normalised characters) is a phrase later texts repeat: its attribution is not judged. */
const MIN_ATTRIBUTED = 15;
const MIN_FUZZY = 12;
const MIN_UNQUOTED_REGION = 15;
/** An unquoted near-verbatim reproduction is only reported over this many characters (shorter ones are paraphrase). */
const MIN_UNQUOTED_FUZZY = 28;
/** …with at most this share of edits. */
const MAX_UNQUOTED_EDIT_RATIO = 0.12;
const MAX_EXTRA_RUN = 6;
/** A quotation with several changed words is compared only with this many matched characters per changed word. */
const MIN_MATCHED_PER_WORD = 8;
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
  // words credited to someone the corpus does not quote (马克思在《资本论》中指出：) are not compared
  if (creditedElsewhere(ctx.text, leadInStart(ctx, open), open)) return;
  const cands = candidates(index, q, Math.max(4, Math.floor((q.length - 1) * 0.5)), 8);
  if (!cands.length) return;

  // 1. exact: a contiguous part of an official wording (or accepted variant)
  let truncated: { form: QuoteForm; at: number } | undefined;
  const byLength = [...cands].sort((a, b) => index.forms[a.form].normalized.text.length - index.forms[b.form].normalized.text.length);
  for (let k = 0; k < byLength.length; k++) {
    const form = index.forms[byLength[k].form];
    if (!afford(form.normalized.text.length)) return;
    const at = form.normalized.text.indexOf(q);
    if (at < 0) continue;
    if (form.boundaries.has(at) && form.boundaries.has(at + q.length)) {
      ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: index.refs[form.ref].entry, ref: form.ref });
      reportAnnotations(ctx, ps, pe, form, at, at + q.length);
      // the same words may be official in several places (a sentence of the 公报 repeated in a speech):
      // the lead-in is right when it names any of them
      const others: number[] = [];
      for (const o of byLength.slice(k + 1)) {
        const other = index.forms[o.form];
        const oat = other.normalized.text.indexOf(q);
        if (other.ref !== form.ref && oat >= 0 && other.boundaries.has(oat) && other.boundaries.has(oat + q.length)) others.push(other.ref);
      }
      // a short phrase, or words official on several occasions (因地制宜发展新质生产力), is a formula that
      // later occasions repeat: the corpus cannot tell that a lead-in naming another occasion is wrong
      // (occasions of one event — a plenum and the document it adopted — count once)
      const occasions = new Set(
        [form.ref, ...others].map((r) => {
          const o = index.refs[r].occasion;
          const chain = o ? occasionChain(index, o) : [];
          return chain.length ? chain[chain.length - 1].id : o;
        }),
      );
      if (q.length >= MIN_ATTRIBUTED && occasions.size < 2) checkAttribution(ctx, open, form.ref, others);
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
    const marks = annotationMarks(ctx, ps, pe);
    if (marks) parts.push(msg('diff.pinyin', { text: marks }));
    const expected = officialSlice(form, cs, ce);
    const ref = index.refs[form.ref];
    const [s, e] = originalRange(n, 0, q.length);
    // underlined: the part of each cut word the quotation has (深度融 of 深度融合)
    const head = cs < at ? wordEnd(form, at) - at : 0;
    const tail = ce > at + q.length ? at + q.length - wordStart(form, at + q.length) : 0;
    const [us, ue] = originalRange(n, head > 0 ? 0 : q.length - Math.max(1, tail), tail > 0 ? q.length : Math.max(1, head));
    ctx.findings.push(
      finding(
        'misquote',
        head > 0 && tail > 0 ? s : us,
        head > 0 && tail > 0 ? e : ue,
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
    // underlined: the words on both sides of the gap
    const gq = cut.gapStart - cut.start;
    const [us, ue] = originalRange(n, ...trimRange(q, Math.max(0, gq - (cut.gapStart - wordStart(form, Math.max(0, cut.gapStart - 1)))), Math.min(q.length, gq + Math.max(1, wordEnd(form, cut.gapEnd + 1) - cut.gapEnd))));
    const attribution = attributionOf(index, ref);
    const shown = omitted.length > 24 ? omitted.slice(0, 24) + '…' : omitted;
    const marks = annotationMarks(ctx, ps, pe);
    const diff = [
      ...(cs < cut.start ? [msg('diff.missing', { text: ct.slice(cs, cut.start) })] : []),
      msg('diff.missing', { text: shown }),
      ...(ce > cut.end ? [msg('diff.missing', { text: ct.slice(cut.end, ce) })] : []),
      ...(marks ? [msg('diff.pinyin', { text: marks })] : []),
    ].join(msg('diff.separator'));
    ctx.findings.push(
      finding('misquote', us, ue, msg('misquote', { diff, expected, attribution }), ref.entry, [{ title: msg('fix.quote'), start: s, end: e, text: expected }], {
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
  const ref = index.refs[form.ref];
  const attribution = attributionOf(index, ref);
  // several words of the writer's own with little official wording around them: another statement
  // of the same shape (a course title, 必须把坚持高质量发展作为新时代的硬道理 of another meeting), not a
  // misquote of this one — each changed word must stand among at least 8 official characters
  // (words merely added at the quotation's edges — 发展 before 新质生产力本身… — are not counted)
  const words = wordChunks(best.al, q, form).filter((ch) => !ch.slip && !(ch.missing === '' && (ch.q0 === 0 || ch.q1 === q.length))).length;
  const matched = best.al.ops.filter((o) => o.kind === 'M').length;
  if (words >= 2 && matched < MIN_MATCHED_PER_WORD * words) return;
  // page numbers left in the quotation (……转型升级而2、催生……): page damage, removed by the fix
  const chunks = wordChunks(best.al, q, form).filter((ch) => /[^，。；：！？、（）—…]/.test(ch.missing + ch.extra));
  if (chunks.length && chunks.every((ch) => !ch.missing && /^、?\d{1,3}、?$/.test(ch.extra))) {
    const marks = chunks.map((ch) => originalRange(n, ch.q0, ch.q1));
    const expected = officialSlice(form, best.al.cStart, best.al.cEnd);
    for (const [ms, me] of marks) {
      ctx.findings.push(
        unquoted(
          finding('misquote', ms, me, msg('misquote.page', { marks: ctx.written.slice(ms, me), expected, attribution }), ref.entry, [{ title: msg('fix.removePage'), start: ms, end: me, text: '' }], {
            expected,
            source: attribution,
          }),
        ),
      );
    }
    ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ref.entry, ref: form.ref });
    checkAttribution(ctx, open, form.ref);
    return;
  }
  // symbols injected by a page (⬇, emoji) are page damage: a warning, not a wrong word
  const injected = chunks.length > 0 && chunks.every((ch) => !ch.missing && /^[\p{So}\p{Sk}\uFE0F\u200D]+$/u.test(ch.extra));
  const al = toWordBoundaries(best.al, form);
  const expected = officialSlice(form, al.cStart, al.cEnd);
  const [s, e] = originalRange(n, al.qStart, al.qEnd, [ps, pe], ctx.text);
  const marks = annotationMarks(ctx, s, e);
  // the differing words are underlined; the fix still gives the whole official wording
  const diffs = wordDiffs(al, q, form);
  const [us, ue] = diffs.length ? originalRange(n, ...underline(diffs, q, form)) : [s, e];
  const found = (f: Finding) => (injected ? unquoted(f) : f);
  ctx.findings.push(
    found(finding(
      'misquote',
      us,
      ue,
      msg('misquote', { diff: (diffs.length ? describeWords(diffs, q, form) : describe(al, q, form.normalized.text)) + (marks ? msg('diff.separator') + msg('diff.pinyin', { text: marks }) : ''), expected, attribution }),
      ref.entry,
      [{ title: msg('fix.quote'), start: s, end: e, text: expected }],
      { expected, source: attribution },
    )),
  );
  ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ref.entry, ref: form.ref });
  checkAttribution(ctx, open, form.ref);
}

/**
 * A local alignment stops before a slip in the last characters of the writer's clause (先进生产力态,
 * 安全可菲: a gap or a mismatch there costs more than the one character after it gains). When the
 * writer's clause ends (punctuation) at most 3 characters later and those characters are one edit
 * away from the official text up to a word end, the alignment is carried on to the clause end.
 */
function extendTail(al: Alignment, q: string, form: QuoteForm): Alignment {
  let p = al.qEnd;
  while (p < q.length && !PUNCT.test(q[p])) p++;
  const tail = p - al.qEnd;
  if (tail < 1 || tail > 3 || p >= q.length) return al;
  const c = form.normalized.text;
  let best: { ops: Alignment['ops']; cost: number; end: number } | undefined;
  for (let e = al.cEnd + tail - 1; e <= al.cEnd + tail + 1 && e <= c.length; e++) {
    if (e <= al.cEnd || !(form.boundaries.has(e) || PUNCT.test(c[e] ?? ''))) continue;
    const r = alignSmall(q, al.qEnd, p, c, al.cEnd, e);
    if (r.cost === 1 && (!best || r.cost < best.cost)) best = { ...r, end: e };
  }
  if (!best) return al;
  return { ...al, ops: [...al.ops, ...best.ops], edits: al.edits + best.cost, qEnd: p, cEnd: best.end };
}

/** Global alignment (unit costs) of q[qs, qe) with c[cs, ce): both a few characters long. */
function alignSmall(q: string, qs: number, qe: number, c: string, cs: number, ce: number): { ops: Alignment['ops']; cost: number } {
  const m = qe - qs;
  const n = ce - cs;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) d[i][j] = Math.min(d[i - 1][j - 1] + (q[qs + i - 1] === c[cs + j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1);
  const ops: Alignment['ops'] = [];
  let i = m;
  let j = n;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i][j] === d[i - 1][j - 1] + (q[qs + i - 1] === c[cs + j - 1] ? 0 : 1)) {
      ops.push({ kind: q[qs + i - 1] === c[cs + j - 1] ? 'M' : 'S', q: qs + i - 1, c: cs + j - 1 });
      i--;
      j--;
    } else if (i > 0 && d[i][j] === d[i - 1][j] + 1) {
      ops.push({ kind: 'I', q: qs + i - 1, c: cs + j });
      i--;
    } else {
      ops.push({ kind: 'D', q: qs + i, c: cs + j - 1 });
      j--;
    }
  }
  return { ops: ops.reverse(), cost: d[m][n] };
}

/** The pinyin annotations in text[s, e) as written, one after another ('' when there are none). */
function annotationMarks(ctx: BlockContext, s: number, e: number): string {
  return annotationsIn(ctx.text, s, e)
    .map(([a, b]) => ctx.written.slice(a, b))
    .join('');
}

/**
 * A quotation or reproduction that is official wording once the pinyin annotations a mirror site left
 * in it are taken out (新質(zhì)生產(chǎn)力): reported as the page damage it is (a warning), over the
 * annotated part, with a fix that removes the annotations and keeps the writer's script.
 */
function reportAnnotations(ctx: BlockContext, s: number, e: number, form: QuoteForm, cs: number, ce: number): boolean {
  const found = annotationsIn(ctx.text, s, e);
  if (!found.length) return false;
  const ref = ctx.index.refs[form.ref];
  const attribution = attributionOf(ctx.index, ref);
  const expected = officialSlice(form, cs, ce);
  const fs = Math.max(s, found[0][0] - 1);
  const fe = found[found.length - 1][1];
  ctx.findings.push(
    unquoted(
      finding(
        'misquote',
        fs,
        fe,
        msg('misquote.pinyin', { marks: found.map(([a, b]) => ctx.written.slice(a, b)).join(''), expected, attribution }),
        ref.entry,
        [{ title: msg('fix.removePinyin'), start: fs, end: fe, text: withoutAnnotations(ctx.written, fs, fe, found) }],
        { expected, source: attribution },
      ),
    ),
  );
  return true;
}

/** Is there an ellipsis (……, ⋯, ...) at `at`, after spaces? */
function ellipsisAt(text: string, at: number, to: number): boolean {
  let i = at;
  while (i < to && (text[i] === ' ' || text[i] === '\u3000')) i++;
  return text[i] === '…' || text[i] === '⋯' || (text[i] === '.' && text[i + 1] === '.');
}

/**
 * Does the lead-in text[from, to) credit the words that follow to someone other than the speakers of
 * the corpus — 马克思, 《资本论》, a foreign president — named after any of theirs (习近平, 总书记…)?
 * Then no official wording may be compared with them: a fix would put one speaker's words into
 * another's mouth.
 */
function creditedElsewhere(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  // (one pass of one pattern over the lead-in for each list)
  const other = lastMatch(OTHER_SPEAKERS, text, from, to);
  return other >= 0 && other > lastMatch(OWN_SPEAKERS, text, from, to);
}
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const OTHER_SPEAKERS = new RegExp([...cues.otherSpeakers, ...cues.foreignTitles].map(escape).join('|'), 'g');
const OWN_SPEAKERS = new RegExp(cues.ownSpeakers.map(escape).join('|'), 'g');

/** Start of the last match of `re` in text[from, to), or −1. */
function lastMatch(re: RegExp, text: string, from: number, to: number): number {
  const lead = text.slice(from, to);
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(lead); m; m = re.exec(lead)) last = m.index;
  return last;
}

/** A finding on text outside quotation marks: one step below a quotation in marks (error → warning). */
function unquoted(f: Finding): Finding {
  if (f.severity === 'error') f.severity = 'warning';
  return f;
}

/**
 * Does the writer introduce the text at `at` as someone's words: a reporting verb and a colon just
 * before it (指出：), or 正如…所指出的，(所说，所强调的，)?
 */
function colonLead(ctx: BlockContext, at: number): boolean {
  const before = ctx.text.slice(Math.max(ctx.start, at - 12), at).replace(/[\s\u3000]+$/, '');
  if (/[：:]$/.test(before)) {
    const head = before.slice(0, -1);
    return cues.colonLeadVerbs.some((v) => head.endsWith(v));
  }
  if (/[，,]$/.test(before)) {
    const head = before.slice(0, -1).replace(/的$/, '');
    return cues.colonLeadVerbs.some((v) => v.startsWith('所') && head.endsWith(v));
  }
  return false;
}

interface WordChunk {
  /** the writer's range [q0, q1) and the official range [c0, c1) of one run of differences */
  q0: number;
  q1: number;
  c0: number;
  c1: number;
  missing: string;
  extra: string;
  /**
   * a slip inside one official word: one character dropped, doubled, inserted or changed inside a
   * word that otherwise stands (OCR, typing), as opposed to a word of the writer's own choosing
   */
  slip: boolean;
}

/** The runs of differences of an alignment, each with its place among the official wording's words. */
function wordChunks(al: Alignment, q: string, form: QuoteForm): WordChunk[] {
  const c = form.normalized.text;
  const bounds = form.boundaries;
  const out: WordChunk[] = [];
  const ops = al.ops;
  for (let i = 0; i < ops.length; ) {
    if (ops[i].kind === 'M') {
      i++;
      continue;
    }
    let j = i;
    let q0 = Infinity;
    let q1 = -Infinity;
    let c0 = Infinity;
    let c1 = -Infinity;
    let missing = '';
    let extra = '';
    for (; j < ops.length && ops[j].kind !== 'M'; j++) {
      const op = ops[j];
      if (op.kind !== 'D') {
        q0 = Math.min(q0, op.q);
        q1 = Math.max(q1, op.q + 1);
        extra += q[op.q];
      }
      if (op.kind !== 'I') {
        c0 = Math.min(c0, op.c);
        c1 = Math.max(c1, op.c + 1);
        missing += c[op.c];
      }
    }
    if (q0 === Infinity) q0 = q1 = ops[i].q;
    if (c0 === Infinity) c0 = c1 = ops[i].c;
    let slip = false;
    if (!/[^，。；：！？、（）—…]/.test(missing + extra)) slip = true;
    else if (Math.max(missing.length, extra.length) <= 1) {
      if (c1 > c0) {
        // inside one word that keeps at least one of its characters
        let crosses = false;
        for (let b = c0 + 1; b < c1; b++) if (bounds.has(b)) crosses = true;
        let ws = c0;
        while (ws > 0 && !bounds.has(ws)) ws--;
        let we = c1;
        while (we < c.length && !bounds.has(we)) we++;
        slip = !crosses && (ws < c0 || we > c1);
      } else {
        // an inserted character: inside a word, or a doubled neighbour (先先进)
        slip = !bounds.has(c0) || extra === c[c0] || extra === c[c0 - 1];
      }
    }
    out.push({ q0, q1, c0, c1, missing, extra, slip });
    i = j;
  }
  return out;
}

interface WordDiff {
  /** the writer's range [q0, q1) (normalised) and the official range [c0, c1), both whole words */
  q0: number;
  q1: number;
  c0: number;
  c1: number;
}

/** Largest word boundary ≤ i, smallest ≥ i (token boundaries of the official wording). */
function wordStart(form: QuoteForm, i: number): number {
  while (i > 0 && !form.boundaries.has(i)) i--;
  return i;
}
function wordEnd(form: QuoteForm, i: number): number {
  const n = form.normalized.text.length;
  while (i < n && !form.boundaries.has(i)) i++;
  return i;
}

/**
 * The differences of an alignment in a writer's terms: each run of differing characters widened to
 * the whole official words it touches (高效率 for 高效能, not 率 for 能), runs that share a word merged.
 */
function wordDiffs(al: Alignment, q: string, form: QuoteForm): WordDiff[] {
  const out: WordDiff[] = [];
  for (const ch of wordChunks(al, q, form)) {
    if (!/[^，。；：！？、（）—…]/.test(ch.missing + ch.extra)) continue;
    // an insertion between two words stays an insertion; anything else takes its whole words
    const between = ch.c0 === ch.c1 && form.boundaries.has(ch.c0);
    const c0 = between ? ch.c0 : wordStart(form, ch.c0);
    const c1 = between ? ch.c1 : wordEnd(form, ch.c1 > ch.c0 ? ch.c1 : ch.c1 + 1);
    // (the characters between the word's edges and the run are matched, one for one)
    const d = { q0: Math.max(0, ch.q0 - (ch.c0 - c0)), q1: Math.min(q.length, ch.q1 + (c1 - ch.c1)), c0, c1 };
    const last = out[out.length - 1];
    // (adjacent words merge: 飞跃 for 跃升 reads as one change, not 多“飞” and 跃 for 跃升)
    if (last && d.c0 <= last.c1 && d.q0 <= last.q1) {
      last.c1 = Math.max(last.c1, d.c1);
      last.q1 = Math.max(last.q1, d.q1);
    } else out.push(d);
  }
  return out;
}

/** A message part per word difference: 缺“这个”, 多“的”, “高效率”应为“高效能”. */
function describeWords(diffs: WordDiff[], q: string, form: QuoteForm): string {
  const c = form.normalized.text;
  return diffs
    .slice(0, 3)
    .map((d) => {
      const official = c.slice(d.c0, d.c1);
      const written = q.slice(d.q0, d.q1);
      return !written ? msg('diff.missing', { text: official }) : !official ? msg('diff.extra', { text: written }) : msg('diff.changed', { from: written, to: official });
    })
    .join(msg('diff.separator'));
}

/**
 * The writer's words to underline for these differences (normalised range): from the first to the
 * last; where a word is only missing, the word before the gap (or after it) is underlined with it.
 */
function underline(diffs: WordDiff[], q: string, form: QuoteForm): [number, number] {
  let q0 = Math.min(...diffs.map((d) => d.q0));
  let q1 = Math.max(...diffs.map((d) => d.q1));
  if (q1 <= q0) {
    const c0 = diffs[0].c0;
    const before = c0 - wordStart(form, Math.max(0, c0 - 1));
    if (before > 0 && q0 - before >= 0) q0 -= before;
    else q1 = Math.min(q.length, q1 + Math.max(1, wordEnd(form, diffs[0].c1 + 1) - diffs[0].c1));
  }
  return trimRange(q, q0, Math.max(q1, q0 + 1));
}

/** Drops punctuation at both ends of q[q0, q1) (unless nothing else is left). */
function trimRange(q: string, q0: number, q1: number): [number, number] {
  let a = q0;
  let b = q1;
  while (a < b - 1 && PUNCT.test(q[a])) a++;
  while (b > a + 1 && PUNCT.test(q[b - 1])) b--;
  return [a, b];
}

/** A sentence longer than this (without 。！？) is taken line by line after all. */
const MAX_UNWRAPPED = 600;

/**
 * End of the sentence starting at `pos`, reading across single line breaks: text pasted from PDF or
 * Word breaks lines inside sentences and words (a blank line ends the paragraph, and so the block).
 */
function unwrappedSentenceEnd(text: string, pos: number, to: number): number {
  const limit = Math.min(to, pos + MAX_UNWRAPPED);
  for (let i = pos; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f) return i + 1;
  }
  return limit === to ? to : sentenceEnd(text, pos, to);
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
    const end = unwrappedSentenceEnd(text, pos, ctx.end);
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
    const al = extendTail(trimPunctuationEnds(alignLocal(q, cn, dLo, dHi), q), q, form);
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
      // unquoted text is the writer's own voice: a reproduction only after a colon lead-in (指出：), or
      // a long verbatim run whose every difference is a slip inside one word (a dropped, doubled or
      // changed character), never a word put in the writer's own way (是指, a dropped 而, 质变 for 跃升)
      if (!colonLead(ctx, n.map[al.qStart]) && !wordChunks(al, q, form).every((ch) => ch.slip)) continue;
      if (creditedElsewhere(ctx.text, sentenceStart(ctx.text, n.map[al.qStart], ctx.start), n.map[al.qStart])) continue;
      // stopping in the middle of an official word at the writer's clause end: the fix completes the word
      // (as the exact branch below would report once the other differences are fixed)
      let ce = al.cEnd;
      const diffs = wordDiffs(al, q, form);
      let diff = diffs.length ? describeWords(diffs, q, form) : describe(al, q, cn);
      let cut = false;
      if (al.qEnd < q.length && PUNCT.test(q[al.qEnd]) && !ellipsisAt(ctx.text, n.map[al.qEnd], ctx.end) && ce < cn.length && !form.boundaries.has(ce) && !PUNCT.test(cn[ce])) {
        ce = [...form.boundaries].sort((a, b) => a - b).find((b) => b > al.cEnd) ?? cn.length;
        diff += msg('diff.separator') + msg('diff.missing', { text: cn.slice(al.cEnd, ce) });
        cut = true;
      }
      const expected = officialSlice(form, al.cStart, ce);
      const [fs, fe] = originalRange(n, al.qStart, al.qEnd);
      // the differing words are underlined (and the cut word at the end); the fix gives the whole passage
      let [u0, u1] = diffs.length ? underline(diffs, q, form) : [al.qStart, al.qEnd];
      if (cut) {
        u0 = Math.min(u0, al.qEnd - Math.max(1, al.cEnd - wordStart(form, al.cEnd)));
        u1 = al.qEnd;
      }
      const [us, ue] = originalRange(n, Math.max(al.qStart, u0), Math.min(al.qEnd, u1));
      ctx.focus.set(ctx.findings.length, editedRange(al, n));
      ctx.findings.push(
        unquoted(
          finding(
            'misquote',
            us,
            ue,
            msg('misquote', { diff, expected, attribution }),
            ref.entry,
            [{ title: msg('fix.quote'), start: fs, end: fe, text: expected }],
            { expected, source: attribution },
          ),
        ),
      );
      ctx.annotations.push({ start: fs, end: fe, kind: 'quote', id: ref.entry, ref: form.ref });
      return;
    }
    if (al.edits > 0) continue;
    {
      const [fs, fe] = originalRange(n, al.qStart, al.qEnd);
      if (creditedElsewhere(ctx.text, sentenceStart(ctx.text, fs, ctx.start), fs)) continue;
      ctx.annotations.push({ start: fs, end: fe, kind: 'quote', id: ref.entry, ref: form.ref });
      // (a short verbatim run is the writer's phrase: its annotated key terms are reported as terms)
      if (al.qEnd - al.qStart >= MIN_UNQUOTED_FUZZY && reportAnnotations(ctx, fs, fe, form, al.cStart, al.cEnd)) return;
      // reproduction that stops in the middle of an official word, at the end of the writer's clause
      // (punctuation the writer wrote: a text that simply stops, or a line break, is no clause end)
      // (an ellipsis after the cut marks the omission: 重要…… is cut on purpose)
      const atClauseEnd = al.qEnd < q.length && PUNCT.test(q[al.qEnd]) && !ellipsisAt(ctx.text, n.map[al.qEnd], ctx.end);
      if (atClauseEnd && al.cEnd < cn.length && !form.boundaries.has(al.cEnd) && !PUNCT.test(cn[al.cEnd])) {
        const ce = [...form.boundaries].sort((a, b) => a - b).find((b) => b > al.cEnd) ?? cn.length;
        const missing = cn.slice(al.cEnd, ce);
        const expected = officialSlice(form, al.cStart, ce);
        ctx.findings.push(
          unquoted(
            finding(
              'misquote',
              fs,
              fe,
              msg('misquote.truncated', { diff: msg('diff.missing', { text: missing }), expected, attribution }),
              ref.entry,
              [{ title: msg('fix.quote'), start: fs, end: fe, text: expected }],
              { expected, source: attribution },
            ),
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
  /** the year of a session of the NPC (2024年全国两会) */
  session?: number;
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

/**
 * Start of the lead-in of a quotation opening at `open`: the writer's words that introduce it. It runs
 * from the start of its sentence (a line ending in ：or ， goes on onto the quotation's line), but only
 * after an earlier quotation of the same sentence and after its last ；, and in a chronology (从…到…)
 * after its last 到: the part nearest the quotation is the one that attributes it.
 */
export function leadInStart(ctx: BlockContext, open: number): number {
  const { text } = ctx;
  let start = sentenceStart(text, open, ctx.start);
  const sentence = start;
  if (!text.slice(start, open).trim()) {
    // the quotation starts a line: a line ending in a colon or comma leads into it
    let k = start - 1;
    while (k > ctx.start && /\s/.test(text[k])) k--;
    if (k >= ctx.start && k < start && /[：:，,]/.test(text[k])) start = sentenceStart(text, k, ctx.start);
  }
  for (const span of ctx.quotes) if (span.end < open && span.end + 1 > start) start = span.end + 1;
  const lead = text.slice(start, open);
  const semi = Math.max(lead.lastIndexOf('；'), lead.lastIndexOf(';'));
  if (semi >= 0) start += semi + 1;
  // (the 从 may come before an earlier quotation of the sentence)
  const from = text.slice(sentence, open).indexOf(cues.chronologyFrom);
  const to = text.slice(start, open).lastIndexOf(cues.chronologyTo);
  if (from >= 0 && to >= 0 && start + to > sentence + from) start += to + 1;
  return start;
}

/** Does the lead-in say someone said or wrote what follows (a reporting verb, or a colon just before the quotation)? */
function reports(lead: string): boolean {
  return /[：:][\s]*$/.test(lead) || cues.reportingVerbs.some((v) => lead.includes(v));
}

/** Sessions of the NPC named by the year (2024年全国两会, 2025年两会). */
const SESSION = /(\d{4})[ \t\u3000]*年[ \t\u3000]*(?:的)?[ \t\u3000]*(?:全国)?两会/g;
/** An occasion held during the NPC session of its year (its name or place names the session). */
const DURING_SESSION = /全国人大.{0,3}次会议|全国人民代表大会.{0,6}次会议/;

/**
 * The lead-in of a quotation (same sentence, before the opening mark) must not name another occasion or
 * date. `alternatives`: other official sources of exactly the same words; the lead-in may name any of them.
 */
function checkAttribution(ctx: BlockContext, open: number, refIndex: number, alternatives: number[] = []): void {
  if (alternatives.some((alt) => !wrongAttribution(ctx, open, alt))) return;
  const f = wrongAttribution(ctx, open, refIndex, alternatives);
  if (f) ctx.findings.push(f);
}

/** The misattribution finding when the lead-in names another occasion or date than the reference's; else undefined. */
function wrongAttribution(ctx: BlockContext, open: number, refIndex: number, alsoFrom: number[] = []): Finding | undefined {
  const { index, text } = ctx;
  const ref = index.refs[refIndex];
  if (!ref.occasion || !index.occasions.has(ref.occasion)) return;
  const leadStart = leadInStart(ctx, open);
  // only a lead-in that reports words attributes them (以“…”为主题 names a theme, not a speech)
  if (!reports(text.slice(leadStart, open))) return;
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
  const lead = text.slice(leadStart, open);
  const sessions: Mention[] = [];
  SESSION.lastIndex = 0;
  for (let m = SESSION.exec(lead); m; m = SESSION.exec(lead)) sessions.push({ start: leadStart + m.index, end: leadStart + m.index + m[0].length, session: Number(m[1]) });
  // a date inside a session mention (2024年两会) is that mention
  const all = [...occMentions, ...dates.filter((d) => !sessions.some((x) => x.start <= d.start && x.end >= d.end)), ...sessions];
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
    m.session !== undefined
      ? chain.some((c) => c.date.startsWith(`${m.session}-`) && DURING_SESSION.test(`${c.name} ${c.aliases.join(' ')} ${c.place ?? ''}`))
      : m.occasion
      ? aliasCompatible(m)
      : (m.date!.day !== undefined ? chain.slice(0, 1) : chain).some((c) => dateMatches(m.date!, c.date, c.end ?? c.date)) ||
        pubDates.some((p) => dateMatches(m.date!, p, p));
  // a wrong date down to the day is wrong whatever else the lead-in says; otherwise one right mention is enough
  const wrongDay = all.find((m) => m.date?.day !== undefined && !compatible(m));
  if (!wrongDay && all.some(compatible)) return;
  const wrong = wrongDay ?? all.sort((a, b) => a.start - b.start)[0];
  const actual = chain[0];
  const claimed = text.slice(wrong.start, wrong.end);
  // a session of the wrong year: the right year when the words were spoken during that year's session
  const sessionYear = wrong.session !== undefined ? chain.find((c) => DURING_SESSION.test(`${c.name} ${c.aliases.join(' ')} ${c.place ?? ''}`))?.date.slice(0, 4) : undefined;
  const correct = sessionYear
    ? text.slice(wrong.start, wrong.end).replace(/\d{4}/, sessionYear)
    : wrong.occasion || wrong.session !== undefined
      ? actual.name
      : formatDateLike(wrong.date!, actual.date);
  // every official occasion of these words, first the one the fix names
  const occasions = [actual];
  for (const alt of alsoFrom) {
    const o = index.refs[alt].occasion;
    const first = o ? occasionChain(index, o)[0] : undefined;
    if (first && !occasions.some((x) => x.id === first.id)) occasions.push(first);
  }
  return finding(
    'misattribution',
    wrong.start,
    wrong.end,
    msg('misattribution', { actual: occasions.map((o) => `${o.name}（${formatDate(o.date)}）`).join(msg('list.separator')), claimed }),
    ref.entry,
    [{ title: msg('fix.attribution', { text: correct }), start: wrong.start, end: wrong.end, text: correct }],
    { expected: correct, source: attributionOf(index, ref) },
  );
}

/** The occasion's date written at the same precision as the writer's date. */
function formatDateLike(d: DateMention, iso: string): string {
  const [y, m, dd] = iso.split('-').map(Number);
  return (d.year !== undefined ? `${y}年` : '') + `${m}月` + (d.day !== undefined && dd ? `${dd}日` : '');
}
