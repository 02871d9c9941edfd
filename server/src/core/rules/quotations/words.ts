// What the quotation rules share about the official wording's words: word boundaries (the segmenter's
// token boundaries of each form, stored once, sorted: QuoteForm.boundaries), the official slice of a
// range, and the differences of an alignment widened to whole words, in a writer's terms
// (“高效率”应为“高效能”, 缺“这个”). Pure functions of an alignment and a form.
import { diffChunks, type Alignment } from '../../align';
import { msg } from '../../i18n';
import type { QuoteForm } from '../../index';

/** Punctuation: never part of a wording's words, and a difference of punctuation alone is no misquote. */
export const PUNCT = /[，。；：！？、（）—…]/;
const WORDING = /[^，。；：！？、（）—…]/;

/** Do these characters (a run of differences) hold anything but punctuation? */
export function hasWords(s: string): boolean {
  return WORDING.test(s);
}

/** A run of this many characters of the writer's own inside an official wording: another statement, not a misquote. */
export const MAX_EXTRA_RUN = 6;

/** Index of the first boundary ≥ i (boundaries.length when none is). */
function lowerBound(b: Int32Array, i: number): number {
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Does a word of the form start or end at normalised offset `i`? */
export function isBoundary(form: QuoteForm, i: number): boolean {
  const b = form.boundaries;
  const k = lowerBound(b, i);
  return k < b.length && b[k] === i;
}

/** The largest word boundary ≤ i (i itself when i ≤ 0). */
export function wordStart(form: QuoteForm, i: number): number {
  if (i <= 0) return i;
  const b = form.boundaries;
  const k = lowerBound(b, i);
  return k < b.length && b[k] === i ? i : b[k - 1];
}

/** The smallest word boundary ≥ i (i itself when i is at or past the end). */
export function wordEnd(form: QuoteForm, i: number): number {
  if (i >= form.normalized.text.length) return i;
  return form.boundaries[lowerBound(form.boundaries, i)];
}

/** The first word boundary after i (the end of the wording when there is none). */
export function nextBoundary(form: QuoteForm, i: number): number {
  const b = form.boundaries;
  const k = lowerBound(b, i + 1);
  return k < b.length ? b[k] : form.normalized.text.length;
}

/** The last word boundary before i (0 when there is none). */
export function prevBoundary(form: QuoteForm, i: number): number {
  const k = lowerBound(form.boundaries, i);
  return k > 0 ? form.boundaries[k - 1] : 0;
}

/** Official wording of normalised range [cs, ce) of a form, as published. */
export function officialSlice(form: QuoteForm, cs: number, ce: number): string {
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
export function toWordBoundaries(al: Alignment, form: QuoteForm): Alignment {
  const c = form.normalized.text;
  let { cStart, cEnd } = al;
  const ops = [...al.ops];
  if (!isBoundary(form, cEnd) && !PUNCT.test(c[cEnd] ?? '')) {
    const next = nextBoundary(form, cEnd);
    for (let j = cEnd; j < next; j++) ops.push({ kind: 'D', q: al.qEnd, c: j });
    cEnd = next;
  }
  if (!isBoundary(form, cStart) && !PUNCT.test(c[cStart - 1] ?? '')) {
    const prev = prevBoundary(form, cStart);
    for (let j = cStart - 1; j >= prev; j--) ops.unshift({ kind: 'D', q: al.qStart, c: j });
    cStart = prev;
  }
  return { ...al, ops, cStart, cEnd, edits: ops.filter((o) => o.kind !== 'M').length };
}

export interface WordChunk {
  /** the writer's range [q0, q1) and the official range [c0, c1) of one run of differences */
  q0: number;
  q1: number;
  c0: number;
  c1: number;
  missing: string;
  extra: string;
  /**
   * a slip inside one official word: one character dropped, doubled, inserted or changed inside a
   * word that otherwise stands (OCR, typing), or two neighbouring characters of one word the other way
   * round (高量质发展), as opposed to a word of the writer's own choosing
   */
  slip: boolean;
}

/** The runs of differences of an alignment, each with its place among the official wording's words. */
export function wordChunks(al: Alignment, q: string, form: QuoteForm, isWord?: (word: string) => boolean): WordChunk[] {
  const c = form.normalized.text;
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
    if (!hasWords(missing + extra)) slip = true;
    else if (Math.max(missing.length, extra.length) <= 1) {
      if (c1 > c0) {
        // inside one word that keeps at least one of its characters
        const crosses = nextBoundary(form, c0) < c1;
        const ws = wordStart(form, c0);
        const we = wordEnd(form, c1);
        slip = !crosses && (ws < c0 || we > c1);
        // a changed character that, with its neighbour in the word, makes another word of the dictionary
        // where the official pair is one too (我国 → 中国, 全局 → 全域, 展示出 → 展现出) is a word of the
        // writer's (or the outlet's) choosing, not a slip
        if (slip && isWord && missing.length === 1 && extra.length === 1) {
          const swapped = (a: string, b: string, x: string, y: string) => isWord(a + b) && isWord(x + y);
          if ((c0 > ws && swapped(c[c0 - 1], extra, c[c0 - 1], missing)) || (c1 < we && swapped(extra, c[c1], missing, c[c1]))) slip = false;
        }
      } else {
        // an inserted character: inside a word, or a doubled neighbour (先先进)
        slip = !isBoundary(form, c0) || extra === c[c0] || extra === c[c0 - 1];
      }
    } else if (missing.length === 2 && extra === missing[1] + missing[0] && extra !== missing) {
      // two neighbours of one word transposed (质量 → 量质); not when both orders are words (生产, 产生)
      slip = nextBoundary(form, c0) >= c1 && !(isWord?.(missing) && isWord(extra));
    }
    out.push({ q0, q1, c0, c1, missing, extra, slip });
    i = j;
  }
  return out;
}

export interface WordDiff {
  /** the writer's range [q0, q1) (normalised) and the official range [c0, c1), both whole words */
  q0: number;
  q1: number;
  c0: number;
  c1: number;
}

/**
 * The differences of an alignment in a writer's terms: each run of differing characters widened to
 * the whole official words it touches (高效率 for 高效能, not 率 for 能), runs that share a word merged.
 */
export function wordDiffs(al: Alignment, q: string, form: QuoteForm): WordDiff[] {
  const out: WordDiff[] = [];
  for (const ch of wordChunks(al, q, form)) {
    if (!hasWords(ch.missing + ch.extra)) continue;
    // an insertion between two words stays an insertion; anything else takes its whole words
    const between = ch.c0 === ch.c1 && isBoundary(form, ch.c0);
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
export function describeWords(diffs: WordDiff[], q: string, form: QuoteForm): string {
  const c = form.normalized.text;
  return diffs
    .slice(0, 3)
    .map((d) => {
      const official = c.slice(d.c0, d.c1);
      const written = q.slice(d.q0, d.q1);
      return !written
        ? msg('diff.missing', { text: official })
        : !official
          ? msg('diff.extra', { text: written })
          : msg('diff.changed', { from: written, to: official });
    })
    .join(msg('diff.separator'));
}

/** A message part per run of differing characters (when no word difference is left to name). */
export function describeChars(al: Alignment, q: string, c: string): string {
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

/**
 * The writer's words to underline for these differences (normalised range): from the first to the
 * last; where a word is only missing, the word before the gap (or after it) is underlined with it.
 */
export function underline(diffs: WordDiff[], q: string, form: QuoteForm): [number, number] {
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
export function trimRange(q: string, q0: number, q1: number): [number, number] {
  let a = q0;
  let b = q1;
  while (a < b - 1 && PUNCT.test(q[a])) a++;
  while (b > a + 1 && PUNCT.test(q[b - 1])) b--;
  return [a, b];
}
