// What the quotation rules share about the writer's side and the findings: ranges of the writer's text
// from normalised offsets, and the one function that reports a misquote (quoted or not, a wrong word,
// a cut, page damage), with its official wording, its source and its fix.
import { nestQuotes } from '../../text';
import type { Alignment } from '../../align';
import { finding, type BlockContext } from '../../context';
import { attributionOf, msg, type MessageKey } from '../../i18n';
import type { QuoteForm } from '../../index';
import { annotationsIn, withoutAnnotations, type Normalized } from '../../normalize';
import { officialSlice, PUNCT } from './words';

/**
 * Offsets in the writer's text of the normalised range [qs, qe). Covering the whole quotation (qs 0,
 * qe the end, with `span` and `text`), it takes in inner quotation marks at its edges.
 */
export function originalRange(n: Normalized, qs: number, qe: number, span?: [number, number], text?: string): [number, number] {
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

/** Original offsets spanning every edit of an alignment (where the writer's text differs). */
export function editedRange(al: Alignment, n: Normalized): [number, number] {
  const edits = al.ops.filter((o) => o.kind !== 'M');
  const first = Math.min(...edits.map((o) => o.q));
  const last = Math.max(...edits.map((o) => (o.kind === 'D' ? o.q : o.q + 1)));
  return [n.map[Math.max(0, Math.min(first, n.text.length - 1))], n.map[Math.min(last, n.text.length)]];
}

/** Drops punctuation at both ends (the writer's sentence end inside the marks is not part of the wording). */
export function trimPunctuation(n: Normalized): Normalized {
  let s = 0;
  let e = n.text.length;
  while (s < e && PUNCT.test(n.text[s])) s++;
  while (e > s && PUNCT.test(n.text[e - 1])) e--;
  if (s === 0 && e === n.text.length) return n;
  return { text: n.text.slice(s, e), map: n.map.slice(s, e + 1) };
}

/** The pinyin annotations in text[s, e) as written, one after another ('' when there are none). */
export function annotationMarks(ctx: BlockContext, s: number, e: number): string {
  return annotationsIn(ctx.text, s, e)
    .map(([a, b]) => ctx.written.slice(a, b))
    .join('');
}

/**
 * A quotation or reproduction that is official wording once the pinyin annotations a mirror site left
 * in it are taken out (新質(zhì)生產(chǎn)力): reported as the page damage it is (a warning), over the
 * annotated part, with a fix that removes the annotations and keeps the writer's script.
 */
export function reportAnnotations(ctx: BlockContext, s: number, e: number, form: QuoteForm, cs: number, ce: number): boolean {
  const found = annotationsIn(ctx.text, s, e);
  if (!found.length) return false;
  const fs = Math.max(s, found[0][0] - 1);
  const fe = found[found.length - 1][1];
  reportMisquote(ctx, form, {
    start: fs,
    end: fe,
    message: 'misquote.pinyin',
    detail: { marks: found.map(([a, b]) => ctx.written.slice(a, b)).join('') },
    expected: officialSlice(form, cs, ce),
    fix: { title: 'fix.removePinyin', start: fs, end: fe, text: withoutAnnotations(ctx.written, fs, fe, found) },
    warning: true,
  });
  return true;
}

export interface Misquote {
  /** the writer's words underlined */
  start: number;
  end: number;
  /** what is wrong: different words (misquote), a cut inside a word (.truncated), page damage (.page, .pinyin) */
  message: 'misquote' | 'misquote.truncated' | 'misquote.page' | 'misquote.pinyin';
  /** the differences in words (diff) or the page damage as written (marks) */
  detail: { diff: string } | { marks: string };
  /** the official wording of the passage */
  expected: string;
  /** what the quick fix replaces: by default with the official wording */
  fix: { start: number; end: number; text?: string; title?: MessageKey };
  /**
   * a warning rather than an error: text outside quotation marks (the writer's own voice, one step
   * below a quotation in marks) and page damage
   */
  warning?: boolean;
  /**
   * the fix writes inside the writer's quotation marks: the official wording's own double marks become
   * single ones (‘十五五’时期, or 『』 inside 「」), as a quotation within a quotation is written
   */
  nested?: boolean;
}

/** Reports a misquote of `form`: the message with the official wording and its source, and the fix. */
export function reportMisquote(ctx: BlockContext, form: QuoteForm, m: Misquote): void {
  const ref = ctx.index.refs[form.ref];
  const attribution = attributionOf(ctx.index, ref);
  const { expected, fix } = m;
  const f = finding(
    'misquote',
    m.start,
    m.end,
    msg(m.message, { ...m.detail, expected, attribution }),
    ref.entry,
    [
      {
        title: msg(fix.title ?? 'fix.quote'),
        start: fix.start,
        end: fix.end,
        text: fix.text ?? (m.nested ? nestQuotes(expected, ctx.text[fix.start - 1] === '「' ? ['『', '』'] : undefined) : expected),
      },
    ],
    { expected, source: attribution },
  );
  if (m.warning && f.severity === 'error') f.severity = 'warning';
  ctx.findings.push(f);
}
