// Feature: claims about where a key term comes from (a misattribution). "新质生产力是在二十届三中全会上
// 首次提出的" says the term was first proposed there; when a vetted quotation or official definition
// of the corpus already has the term at an earlier occasion, the claim is contradicted by the
// corpus's own timeline (facts only from the corpus: its occasions and the dated wordings it holds).
// Only the plain patterns are read: the term right after 首次提出 (了“X”这一概念…) or as the subject
// of the sentence (X是…首次提出的, X由…首次提出); a negated claim (并非…首次提出) is left alone.
import { finding, type BlockContext } from '../context';
import cues from '../cues.json';
import { occasionChain, type KnowledgeIndex } from '../index';
import { norm } from '../normalize';
import { attributionOf, formatDate, msg } from '../i18n';
import { findDates, sentenceEnd, sentenceStart } from '../text';
import type { Occasion, Term } from '../types';

interface Earliest {
  /** the occasion of the earliest vetted wording that has the term */
  occasion: Occasion;
  /** index into index.refs */
  ref: number;
}

const earliestByIndex = new WeakMap<KnowledgeIndex, Map<string, Earliest | null>>();

/** The earliest occasion at which a vetted wording of the corpus has the term (memoised per index). */
function earliest(index: KnowledgeIndex, term: Term): Earliest | undefined {
  let cache = earliestByIndex.get(index);
  if (!cache) earliestByIndex.set(index, (cache = new Map()));
  let e = cache.get(term.id);
  if (e === undefined) {
    e = null;
    const t = norm(term.term);
    index.refs.forEach((ref, i) => {
      const occasion = ref.occasion ? index.occasions.get(ref.occasion) : undefined;
      if (!occasion || !norm(ref.text).includes(t)) return;
      if (!e || occasion.date < e.occasion.date) e = { occasion, ref: i };
    });
    cache.set(term.id, e);
  }
  return e ?? undefined;
}

interface Claimed {
  start: number;
  end: number;
  /** the first day of what the writer names (an occasion's start, or a month) */
  from: string;
  occasion?: Occasion;
}

/** After the term (and a closing mark): what makes it the subject of a first-proposal sentence. */
const SUBJECT_AFTER = /^[”"」』]?(?:这一[^，。]{0,6}?|这个[^，。]{0,6}?|一词|的概念|概念|的提法)?(?:是|由|自|被|，)/;
/** Between the cue and the term: what makes the term its object (首次提出了“X”). */
const OBJECT_BETWEEN = /^了?[“"「『]?$/;
/** After the term as the object: the end of the object (“X”这一概念, X一词, X，). */
const OBJECT_AFTER = /^[”"」』]?(?:这一|这个|一词|的概念|概念|的提法|[，。；、,;]|$)/;

/** The first characters of the cues (首, 最, 第), each once. */
const CUE_FIRST = [...new Set(cues.firstProposal.map((c) => c[0]))];

export function checkOrigins(ctx: BlockContext): void {
  // the first characters of the cues, found by indexOf (a native search, several times faster than a
  // loop over the block's characters) in the block only (a view of the text up to its end), nearest
  // first; then the cues there
  const { text } = ctx;
  const block = text.slice(0, ctx.end);
  const next = CUE_FIRST.map((c) => block.indexOf(c, ctx.start));
  for (let i = ctx.start; i < ctx.end; i++) {
    let at = -1;
    for (let k = 0; k < next.length; k++) {
      if (next[k] >= 0 && next[k] < i) next[k] = block.indexOf(CUE_FIRST[k], i);
      if (next[k] >= 0 && (at < 0 || next[k] < at)) at = next[k];
    }
    if (at < 0) break;
    i = at;
    for (const cue of cues.firstProposal) {
      if (text.startsWith(cue, i) && i + cue.length <= ctx.end) {
        checkClaim(ctx, i, i + cue.length);
        i += cue.length - 1;
        break;
      }
    }
  }
}

function checkClaim(ctx: BlockContext, cueStart: number, cueEnd: number): void {
  const { text, index } = ctx;
  const sStart = sentenceStart(text, cueStart, ctx.start);
  const sEnd = sentenceEnd(text, cueEnd, ctx.end);
  // a negated claim (并非在…首次提出) says nothing we can check
  const before = text.slice(sStart, cueStart);
  if (cues.negations.some((n) => before.includes(n))) return;
  // the term: the object right after the cue, or the subject of the sentence
  let term: Term | undefined;
  for (const hit of ctx.hits) {
    if (hit.value.kind !== 'term' || hit.start < sStart || hit.end > sEnd) continue;
    // the longest of overlapping mentions
    if (ctx.hits.some((o) => o !== hit && o.value.kind === 'term' && o.start <= hit.start && o.end >= hit.end && o.end - o.start > hit.end - hit.start))
      continue;
    const object = hit.start >= cueEnd && OBJECT_BETWEEN.test(text.slice(cueEnd, hit.start)) && OBJECT_AFTER.test(text.slice(hit.end, sEnd));
    const subject =
      hit.end <= cueStart && !/[，。；]/.test(text.slice(sStart, hit.start).replace(/^[“"「『\s]+/, '')) && SUBJECT_AFTER.test(text.slice(hit.end, cueStart));
    if (object || subject) {
      term = hit.value.term;
      break;
    }
  }
  if (!term) return;
  const first = earliest(index, term);
  if (!first) return;
  const chain = occasionChain(index, first.occasion.id);
  const firstEnd = first.occasion.end ?? first.occasion.date;
  // what the writer says it was first proposed at: occasions and dates before the cue in its sentence
  const claimed: Claimed[] = [];
  for (const hit of ctx.hits) {
    if (hit.value.kind !== 'occasion' || hit.start < sStart || hit.end > cueStart) continue;
    claimed.push({ start: hit.start, end: hit.end, from: hit.value.occasion.date, occasion: hit.value.occasion });
  }
  for (const d of findDates(text, sStart, cueStart)) {
    if (d.year === undefined || d.month === undefined) continue;
    claimed.push({ start: d.start, end: d.end, from: `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day ?? 1).padStart(2, '0')}` });
  }
  // the longest of overlapping mentions (党的二十届三中全会 over 二十届三中全会)
  const mentions = claimed.filter((c) => !claimed.some((o) => o !== c && o.start <= c.start && o.end >= c.end && o.end - o.start > c.end - c.start));
  if (!mentions.length) return;
  // the claim holds where it names the earliest occasion, one containing it, or a time not after it
  const holds = (c: Claimed) =>
    c.occasion
      ? chain.some((o) => o.id === c.occasion!.id) || occasionChain(index, c.occasion.id).some((o) => o.id === first.occasion.id) || c.from <= firstEnd
      : c.from.slice(0, 7) <= firstEnd.slice(0, 7);
  if (mentions.some(holds)) return;
  const wrong = mentions.sort((a, b) => b.start - a.start)[0];
  const actual = first.occasion;
  const correct = wrong.occasion ? actual.name : formatDate(actual.date.slice(0, 7));
  const ref = index.refs[first.ref];
  ctx.findings.push(
    finding(
      'misattribution',
      wrong.start,
      wrong.end,
      msg('misattribution.first', {
        term: term.term,
        claimed: ctx.written.slice(wrong.start, wrong.end),
        actual: `${actual.name}（${formatDate(actual.date)}）`,
      }),
      term.id,
      [{ title: msg('fix.attribution', { text: correct }), start: wrong.start, end: wrong.end, text: correct }],
      { expected: correct, source: attributionOf(index, ref) },
    ),
  );
}
