// Unquoted reproductions: sentences outside quotation marks that reproduce an official wording almost
// verbatim. The writer's own voice is not a quotation: only a passage after a colon lead-in (指出：)
// that differs in any word, a long verbatim run whose every difference is a slip inside one official
// word, or a verbatim run cut mid-word where the writer put punctuation is reported, as a warning.
import { isTwoCharacterWord } from '../../segmenter';
import { alignLocal, diffChunks, type Alignment } from '../../align';
import { afford } from '../../budget';
import type { BlockContext } from '../../context';
import cues from '../../cues.json';
import { msg } from '../../i18n';
import type { QuoteForm } from '../../index';
import { normalize, type Normalized } from '../../normalize';
import { sentenceEnd, sentenceStart } from '../../text';
import { creditedElsewhere } from './attribution';
import { candidates, formsSharingGrams, MAX_UNQUOTED_EDIT_RATIO, MIN_SHARED_GRAMS, MIN_UNQUOTED_FUZZY, MIN_UNQUOTED_REGION } from './candidates';
import { editedRange, originalRange, reportAnnotations, reportMisquote } from './report';
import {
  describeChars,
  describeWords,
  hasWords,
  isBoundary,
  MAX_EXTRA_RUN,
  nextBoundary,
  officialSlice,
  PUNCT,
  underline,
  wordChunks,
  wordDiffs,
  wordStart,
} from './words';

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
export function checkUnquoted(ctx: BlockContext, covered: Array<[number, number]>): void {
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
  const cands = aligned
    ? [...aligned]
        .map(([form, v]) => ({ form, shared: v[2] }))
        .sort((a, b) => b.shared - a.shared || a.form - b.form)
        .slice(0, 5)
    : candidates(index, q, 10, 5);
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
    if (al.edits > 0 && al.edits <= len * MAX_UNQUOTED_EDIT_RATIO && len >= MIN_UNQUOTED_FUZZY) {
      const chunks = diffChunks(al.ops, q, cn);
      if (chunks.every((ch) => !hasWords(ch.missing + ch.extra))) continue;
      if (chunks.some((ch) => ch.extra.length >= MAX_EXTRA_RUN)) continue;
      // the writer's words are exactly another official passage
      const region = q.slice(al.qStart, al.qEnd);
      if (cands.some((o) => index.forms[o.form].normalized.text.includes(region))) continue;
      // unquoted text is the writer's own voice: a reproduction only after a colon lead-in (指出：), or
      // a long verbatim run whose every difference is a slip inside one word (a dropped, doubled or
      // changed character, or two of its characters transposed), never a word put in the writer's own way (是指, a dropped 而, 质变 for 跃升)
      if (!colonLead(ctx, n.map[al.qStart]) && !wordChunks(al, q, form, twoCharacterWord(ctx)).every((ch) => ch.slip)) continue;
      if (creditedElsewhere(ctx.text, sentenceStart(ctx.text, n.map[al.qStart], ctx.start), n.map[al.qStart])) continue;
      // stopping in the middle of an official word at the writer's clause end: the fix completes the word
      // (as the exact branch below would report once the other differences are fixed)
      let ce = al.cEnd;
      const diffs = wordDiffs(al, q, form);
      let diff = diffs.length ? describeWords(diffs, q, form) : describeChars(al, q, cn);
      let cut = false;
      if (
        al.qEnd < q.length &&
        PUNCT.test(q[al.qEnd]) &&
        !ellipsisAt(ctx.text, n.map[al.qEnd], ctx.end) &&
        ce < cn.length &&
        !isBoundary(form, ce) &&
        !PUNCT.test(cn[ce])
      ) {
        ce = nextBoundary(form, al.cEnd);
        diff += msg('diff.separator') + msg('diff.missing', { text: cn.slice(al.cEnd, ce) });
        cut = true;
      }
      const [fs, fe] = originalRange(n, al.qStart, al.qEnd);
      // the differing words are underlined (and the cut word at the end); the fix gives the whole passage
      let [u0, u1] = diffs.length ? underline(diffs, q, form) : [al.qStart, al.qEnd];
      if (cut) {
        u0 = Math.min(u0, al.qEnd - Math.max(1, al.cEnd - wordStart(form, al.cEnd)));
        u1 = al.qEnd;
      }
      const [us, ue] = originalRange(n, Math.max(al.qStart, u0), Math.min(al.qEnd, u1));
      ctx.focus.set(ctx.findings.length, editedRange(al, n));
      reportMisquote(ctx, form, {
        start: us,
        end: ue,
        message: 'misquote',
        detail: { diff },
        expected: officialSlice(form, al.cStart, ce),
        fix: { start: fs, end: fe },
        warning: true,
      });
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
      if (atClauseEnd && al.cEnd < cn.length && !isBoundary(form, al.cEnd) && !PUNCT.test(cn[al.cEnd])) {
        const ce = nextBoundary(form, al.cEnd);
        const diff = msg('diff.missing', { text: cn.slice(al.cEnd, ce) });
        reportMisquote(ctx, form, {
          start: fs,
          end: fe,
          message: 'misquote.truncated',
          detail: { diff },
          expected: officialSlice(form, al.cStart, ce),
          fix: { start: fs, end: fe },
          warning: true,
        });
        return;
      }
    }
  }
}

/** Drops matched punctuation at the ends of a local alignment (the writer's 。 is not part of the range). */
function trimPunctuationEnds(al: Alignment, q: string): Alignment {
  const trimmed = (o: Alignment['ops'][number] | undefined) => o !== undefined && o.kind === 'M' && PUNCT.test(q[o.q]);
  if (!trimmed(al.ops[0]) && !trimmed(al.ops[al.ops.length - 1])) return al;
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
    if (e <= al.cEnd || !(isBoundary(form, e) || PUNCT.test(c[e] ?? ''))) continue;
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

/** Is there an ellipsis (……, ⋯, ...) at `at`, after spaces? */
function ellipsisAt(text: string, at: number, to: number): boolean {
  let i = at;
  while (i < to && (text[i] === ' ' || text[i] === '\u3000')) i++;
  return text[i] === '…' || text[i] === '⋯' || (text[i] === '.' && text[i + 1] === '.');
}

/**
 * Is this a two-character Han dictionary word (我国 → 中国, 全局 → 全域, 展示 → 展现)? Answered from the
 * corpus's recorded word pairs without loading the segmenter's dictionary; a longer word (一拥而上 for
 * 一哄而上) is not asked about, so a changed character in it stays a slip.
 */
function twoCharacterWord(ctx: BlockContext): (word: string) => boolean {
  return (word) => isTwoCharacterWord(ctx.index.segmenter, word);
}
