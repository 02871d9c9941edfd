// Quoted passages: the text in quotation marks (each part between ellipses) against the official
// wordings it may quote. In order: (1) exact — a contiguous part of a wording, reported only when it is
// cut inside a word; (2) one part left out without an ellipsis; (3) near — the best alignment within
// tolerance, reported by whole words, with page damage (page numbers, symbols) as such. A quotation
// that is one of the wordings has its lead-in checked (attribution.ts).
import { alignInside, diffChunks, type Alignment } from '../../align';
import { afford } from '../../budget';
import type { BlockContext } from '../../context';
import { msg } from '../../i18n';
import { occasionChain, type QuoteForm } from '../../index';
import { normalize } from '../../normalize';
import { checkAttribution, creditedElsewhere, leadInStart } from './attribution';
import { type Candidate, candidates, sharedCharacters } from './candidates';
import { annotationMarks, originalRange, reportAnnotations, reportMisquote, trimPunctuation } from './report';
import {
  describeChars,
  describeWords,
  hasWords,
  isBoundary,
  MAX_EXTRA_RUN,
  officialSlice,
  PUNCT,
  toWordBoundaries,
  trimRange,
  underline,
  wordChunks,
  wordDiffs,
  wordEnd,
  wordStart,
} from './words';

/** A quoted passage shorter than this (normalised characters) is not compared. */
const MIN_QUOTED = 8;

/** An exact quotation shorter than this (normalised characters) is a phrase later texts repeat: its attribution is not judged. */
const MIN_ATTRIBUTED = 15;

const MIN_FUZZY = 12;

/** A quotation with several changed words is compared only with this many matched characters per changed word. */
const MIN_MATCHED_PER_WORD = 8;

/** The quoted passage ctx.text[ps, pe) (its quotation opens at `open`) against the official wordings. */
/**
 * The cheapest alignment may take a quotation's first words for changed ones (经济平稳 against 经济运行总体平稳
 * aligned as 经济 → 总体) when those words stand, as written, a few characters earlier in the official
 * wording: the writer left words out after them (缺“运行总体”), and the fix restores them rather than
 * dropping the writer's first words.
 */
function leadingWordsLeftOut(al: Alignment, q: string, c: string): Alignment {
  if (al.qStart !== 0) return al;
  let k = 0;
  while (k < al.ops.length && al.ops[k].kind === 'S') k++;
  if (k < 2 || al.ops[k]?.kind !== 'M') return al;
  const head = q.slice(0, k);
  for (let s = al.cStart - k; s >= Math.max(0, al.cStart - k - LEFT_OUT_MAX); s--) {
    if (c.slice(s, s + k) !== head) continue;
    const gap = c.slice(s + k, al.cStart + k);
    if (PUNCT.test(gap)) return al;
    const ops: Alignment['ops'] = [];
    for (let i = 0; i < k; i++) ops.push({ kind: 'M', q: i, c: s + i });
    for (let j = s + k; j < al.cStart + k; j++) ops.push({ kind: 'D', q: k, c: j });
    ops.push(...al.ops.slice(k));
    return { ...al, ops, cStart: s, edits: al.edits - k + gap.length };
  }
  return al;
}

/** At most this many official characters left out after the writer's first words (leadingWordsLeftOut). */
const LEFT_OUT_MAX = 6;

/** How many candidate passages a quotation is compared with at most, ties included. */
const MAX_TIED = 16;

/** The first `k` candidates and those tied with the k-th (candidates come sorted, most shared first). */
function withTies(cands: Candidate[], k: number): Candidate[] {
  if (cands.length <= k) return cands;
  const last = cands[k - 1].shared;
  let end = k;
  while (end < cands.length && cands[end].shared === last) end++;
  return cands.slice(0, end);
}

/**
 * What a page injects into a passage: symbols and emoji, their joiners (U+FE0F and U+200D stand alone in
 * the class on purpose, matched one by one), and letters of scripts no Chinese quotation is written in
 * (Georgian ღ as decoration) — never Han, Latin, Greek or Cyrillic letters, digits or punctuation.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: joiners are matched one by one
const INJECTED = /^(?:[\p{So}\p{Sk}\uFE0F\u200D]|(?![\p{Script=Han}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{L})+$/u;

export function checkQuoted(ctx: BlockContext, ps: number, pe: number, open: number): void {
  const { index } = ctx;
  const n = trimPunctuation(normalize(ctx.text, ps, pe));
  const q = n.text;
  if (q.length < MIN_QUOTED) return;
  // words credited to someone the corpus does not quote (马克思在《资本论》中指出：) are not compared
  if (creditedElsewhere(ctx.text, leadInStart(ctx, open), open)) return;
  // the forms sharing most bigrams, with every form tied with the last one kept: a cut in the middle of
  // a tie would drop a passage as good as those kept (培育壮大新兴产业和未来产业 of 2026 behind older
  // sentences sharing the same words), and a worse one could then be taken for it
  const all = candidates(index, q, Math.max(4, Math.floor((q.length - 1) * 0.5)), MAX_TIED);
  const cands = withTies(all, 8);
  const near = all.slice(0, 4);
  // passages kept only by a tie with the fourth: compared as a near quotation only when few edits away
  const tied = withTies(all, 4).slice(4);
  if (!cands.length) return;

  // 1. exact: a contiguous part of an official wording (or accepted variant)
  let truncated: { form: QuoteForm; at: number } | undefined;
  const byLength = [...cands].sort((a, b) => index.forms[a.form].normalized.text.length - index.forms[b.form].normalized.text.length);
  for (let k = 0; k < byLength.length; k++) {
    const form = index.forms[byLength[k].form];
    if (!afford(form.normalized.text.length)) return;
    const at = form.normalized.text.indexOf(q);
    if (at < 0) continue;
    if (isBoundary(form, at) && isBoundary(form, at + q.length)) {
      ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: index.refs[form.ref].entry, ref: form.ref });
      reportAnnotations(ctx, ps, pe, form, at, at + q.length);
      // the same words may be official in several places (a sentence of the 公报 repeated in a speech):
      // the lead-in is right when it names any of them
      const others: number[] = [];
      for (const o of byLength.slice(k + 1)) {
        const other = index.forms[o.form];
        const oat = other.normalized.text.indexOf(q);
        if (other.ref !== form.ref && oat >= 0 && isBoundary(other, oat) && isBoundary(other, oat + q.length)) others.push(other.ref);
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
    const cs = wordStart(form, at);
    const ce = wordEnd(form, at + q.length);
    const c = form.normalized.text;
    const parts: string[] = [];
    if (cs < at) parts.push(msg('diff.missing', { text: c.slice(cs, at) }));
    if (ce > at + q.length) parts.push(msg('diff.missing', { text: c.slice(at + q.length, ce) }));
    const marks = annotationMarks(ctx, ps, pe);
    if (marks) parts.push(msg('diff.pinyin', { text: marks }));
    const [s, e] = originalRange(n, 0, q.length);
    // underlined: the part of each cut word the quotation has (深度融 of 深度融合)
    const head = cs < at ? wordEnd(form, at) - at : 0;
    const tail = ce > at + q.length ? at + q.length - wordStart(form, at + q.length) : 0;
    const [us, ue] = head > 0 && tail > 0 ? [s, e] : originalRange(n, head > 0 ? 0 : q.length - Math.max(1, tail), tail > 0 ? q.length : Math.max(1, head));
    reportMisquote(ctx, form, {
      start: us,
      end: ue,
      message: 'misquote.truncated',
      detail: { diff: parts.join(msg('diff.separator')) },
      expected: officialSlice(form, cs, ce),
      fix: { start: s, end: e },
      nested: true,
    });
    quotes(ctx, ps, pe, form, open);
    return;
  }

  // 2. a passage with one part left out, without an ellipsis
  for (const c of near) {
    const form = index.forms[c.form];
    const cut = oneOmission(q, form.normalized.text);
    if (!cut) continue;
    const ct = form.normalized.text;
    const omitted = ct.slice(cut.gapStart, cut.gapEnd);
    if (!hasWords(omitted)) continue;
    // the fix restores whole words at both ends, as a truncated quotation would be fixed (step 1)
    const cs = wordStart(form, cut.start);
    const ce = wordEnd(form, cut.end);
    const [s, e] = originalRange(n, 0, q.length);
    // underlined: the words on both sides of the gap
    const gq = cut.gapStart - cut.start;
    const [us, ue] = originalRange(
      n,
      ...trimRange(
        q,
        Math.max(0, gq - (cut.gapStart - wordStart(form, Math.max(0, cut.gapStart - 1)))),
        Math.min(q.length, gq + Math.max(1, wordEnd(form, cut.gapEnd + 1) - cut.gapEnd)),
      ),
    );
    const shown = omitted.length > 24 ? omitted.slice(0, 24) + '…' : omitted;
    const marks = annotationMarks(ctx, ps, pe);
    const diff = [
      ...(cs < cut.start ? [msg('diff.missing', { text: ct.slice(cs, cut.start) })] : []),
      msg('diff.missing', { text: shown }),
      ...(ce > cut.end ? [msg('diff.missing', { text: ct.slice(cut.end, ce) })] : []),
      ...(marks ? [msg('diff.pinyin', { text: marks })] : []),
    ].join(msg('diff.separator'));
    reportMisquote(ctx, form, {
      start: us,
      end: ue,
      message: 'misquote',
      detail: { diff },
      expected: officialSlice(form, cs, ce),
      fix: { start: s, end: e },
      nested: true,
    });
    quotes(ctx, ps, pe, form, open);
    return;
  }

  // 3. near: the best alignment within tolerance
  let best: { form: QuoteForm; al: Alignment; score: number; length: number } | undefined;
  const punct = [...q].filter((ch) => PUNCT.test(ch)).length;
  for (const c of [...near, ...tied]) {
    const byTie = tied.includes(c);
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
    if (chunks.every((ch) => !hasWords(ch.missing + ch.extra))) {
      quotes(ctx, ps, pe, form, open);
      return;
    }
    // close enough to be this quotation: few edits, or most of the writer's words are official ones;
    // but a long run of the writer's own words means another statement, not a misquote of this one
    const close = al.edits <= Math.max(2, Math.floor(len * 0.25)) || (!byTie && matched / len >= 0.7 && chunks.length <= 3);
    if (!close || chunks.some((ch) => ch.extra.length >= MAX_EXTRA_RUN)) continue;
    // the passage that explains most of the writer's words with fewest edits; the shorter passage on a tie
    const score = matched - 2 * al.edits;
    const length = form.normalized.text.length;
    if (!best || score > best.score || (score === best.score && length < best.length)) best = { form, al, score, length };
  }
  if (!best) return;
  const { form } = best;
  // several words of the writer's own with little official wording around them: another statement
  // of the same shape (a course title, 必须把坚持高质量发展作为新时代的硬道理 of another meeting), not a
  // misquote of this one — each changed word must stand among at least 8 official characters
  // (words merely added at the quotation's edges — 发展 before 新质生产力本身… — are not counted)
  const words = wordChunks(best.al, q, form).filter((ch) => !ch.slip && !(ch.missing === '' && (ch.q0 === 0 || ch.q1 === q.length))).length;
  const matched = best.al.ops.filter((o) => o.kind === 'M').length;
  if (words >= 2 && matched < MIN_MATCHED_PER_WORD * words) return;
  // page numbers left in the quotation (……转型升级而2、催生……): page damage, removed by the fix
  const chunks = wordChunks(best.al, q, form).filter((ch) => hasWords(ch.missing + ch.extra));
  if (chunks.length && chunks.every((ch) => !ch.missing && /^、?\d{1,3}、?$/.test(ch.extra))) {
    const expected = officialSlice(form, best.al.cStart, best.al.cEnd);
    for (const ch of chunks) {
      const [ms, me] = originalRange(n, ch.q0, ch.q1);
      const fix = { title: 'fix.removePage', start: ms, end: me, text: '' } as const;
      reportMisquote(ctx, form, { start: ms, end: me, message: 'misquote.page', detail: { marks: ctx.written.slice(ms, me) }, expected, fix, warning: true });
    }
    quotes(ctx, ps, pe, form, open);
    return;
  }
  // symbols injected by a page (⬇, emoji, ღ★ღ) are page damage: a warning, not a wrong word
  const injected = chunks.length > 0 && chunks.every((ch) => !ch.missing && INJECTED.test(ch.extra));
  const al = toWordBoundaries(leadingWordsLeftOut(best.al, q, form.normalized.text), form);
  const [s, e] = originalRange(n, al.qStart, al.qEnd, [ps, pe], ctx.text);
  const marks = annotationMarks(ctx, s, e);
  // the differing words are underlined; the fix still gives the whole official wording
  const diffs = wordDiffs(al, q, form);
  const [us, ue] = diffs.length ? originalRange(n, ...underline(diffs, q, form)) : [s, e];
  const diff =
    (diffs.length ? describeWords(diffs, q, form) : describeChars(al, q, form.normalized.text)) +
    (marks ? msg('diff.separator') + msg('diff.pinyin', { text: marks }) : '');
  reportMisquote(ctx, form, {
    start: us,
    end: ue,
    message: 'misquote',
    detail: { diff },
    expected: officialSlice(form, al.cStart, al.cEnd),
    fix: { start: s, end: e },
    warning: injected,
    nested: true,
  });
  quotes(ctx, ps, pe, form, open);
}

/** The quoted passage [ps, pe) quotes `form`: hover shows it, and its lead-in must name the right occasion. */
function quotes(ctx: BlockContext, ps: number, pe: number, form: QuoteForm, open: number): void {
  ctx.annotations.push({ start: ps, end: pe, kind: 'quote', id: ctx.index.refs[form.ref].entry, ref: form.ref });
  checkAttribution(ctx, open, form.ref);
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
