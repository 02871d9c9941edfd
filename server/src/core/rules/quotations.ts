// Feature: misquotations and misattributions.
// A quoted span (“…”) or a near-verbatim unquoted sentence is compared with the official wording of
// every vetted quotation and official definition. Differences of punctuation width, quotation marks,
// whitespace and traditional/simplified characters do not count (see normalize.ts); accepted variants
// and exact sub-clauses are not misquotes. A quotation whose lead-in names another occasion or date is
// a misattribution.
//
// The parts, in quotations/: quoted.ts (text in quotation marks), unquoted.ts (reproductions outside
// them), attribution.ts (the lead-in: who said it, where), candidates.ts (which official wordings a
// passage may reproduce), and what they share: words.ts (the official wording's words and the
// differences in them) and report.ts (ranges in the writer's text, the one misquote reporter).
import type { BlockContext } from '../context';
import cues from '../cues.json';
import type { QuotedSpan } from '../text';
import { checkQuoted } from './quotations/quoted';
import { checkUnquoted } from './quotations/unquoted';

/** Each quoted span, part by part between its ellipses; then the sentences outside the spans. */
export function checkQuotations(ctx: BlockContext): void {
  const covered: Array<[number, number]> = [];
  for (const span of ctx.quotes) {
    covered.push([span.open, span.end + 1]);
    // the title of a talk, lecture or article (作了“积极发展新质生产力 扎实推进高质量发展”的专题报告)
    // quotes nobody: it is not compared with the official wordings
    if (isTitle(ctx, span)) continue;
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

/** What may follow a title's closing quotation mark: 为题, or (的) a noun naming a talk, lecture or text, with its prefix (cues.json). */
const TITLE_AFTER = new RegExp(`^(?:${cues.titleAfter.join('|')}|的?(?:${cues.titleNounPrefixes.join('|')})?(?:${cues.titleNouns.join('|')}))`);

/**
 * Is the quoted span a title: introduced by 题为, followed by 为题, or followed by a noun naming a talk,
 * lecture or text (…”的专题报告, …”主旨演讲, …”的党课: cues.titleNouns)?
 */
function isTitle(ctx: BlockContext, span: QuotedSpan): boolean {
  const before = ctx.text.slice(Math.max(ctx.start, span.open - 4), span.open).replace(/\s+$/, '');
  if (cues.titleBefore.some((w) => before.endsWith(w))) return true;
  const after = ctx.text.slice(span.end + 1, Math.min(ctx.end, span.end + 12)).replace(/^\s+/, '');
  return TITLE_AFTER.test(after);
}
