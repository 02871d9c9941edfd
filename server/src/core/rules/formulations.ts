// Feature: nonstandard formulations (提法). Each `wrong` string of a formulations entry found in the
// text is reported with its reason and source, unless it is part of the right form at that place.
// A superseded formulation is only reported in documents dated on or after the date it was replaced.
import { finding, type BlockContext } from '../context';
import { formatDate, formatSource, msg } from '../i18n';
import { dateLE, sentenceEnd, sentenceStart } from '../text';

export function checkFormulations(ctx: BlockContext): void {
  const { text } = ctx;
  for (const hit of ctx.hits) {
    if (hit.value.kind !== 'formulation') continue;
    const { formulation: f, wrong } = hit.value;
    // part of the right form here (e.g. the wrong string is a substring of the right one)?
    let inRight = false;
    for (let k = f.right.indexOf(wrong); k >= 0; k = f.right.indexOf(wrong, k + 1)) {
      if (text.startsWith(f.right, hit.start - k)) inRight = true;
    }
    if (inRight) continue;
    // the context the entry's data names: 原银保监会 is the former body's standard name; in
    // “十五五”计划新建… 计划 is a verb
    if (f.exceptAfter && endsWithAny(text, hit.start, ctx.start, f.exceptAfter)) continue;
    if (f.onlyAfter && !endsWithAny(text, hit.start, ctx.start, f.onlyAfter)) continue;
    if (f.exceptBefore && startsWithAny(text, hit.end, f.exceptBefore)) continue;
    if (f.onlyBefore && !startsWithAny(text, hit.end, f.onlyBefore) && !atSentenceEnd(text, hit.end, ctx.end)) continue;
    if (f.status === 'superseded' && f.since) {
      if (!dateLE(f.since, ctx.asOf)) continue;
      // a sentence about the years up to the change is history (2018年3月，中央全面深化改革领导小组改为……)
      const since = Number(f.since.slice(0, 4));
      const sentence = text.slice(sentenceStart(text, hit.start, ctx.start), sentenceEnd(text, hit.end, ctx.end));
      if ([...sentence.matchAll(/(\d{4})\s*年/g)].some((m) => Number(m[1]) <= since)) continue;
      // a sentence that also names the successor tells the change (从…领导小组，到…委员会)
      if (sentence.includes(f.right)) continue;
    }
    // the writer's words as written (二十大三中全會)
    const found = ctx.written.slice(hit.start, hit.end);
    const key = f.code === 'term-typo' ? 'term-typo.formulation' : f.status === 'superseded' ? 'nonstandard-formulation.superseded' : 'nonstandard-formulation';
    const message =
      f.code === 'term-typo'
        ? msg('term-typo.formulation', { found, term: f.right, reason: f.reason })
        : msg(key, { wrong: found, right: f.right, reason: f.reason, since: formatDate(f.since) });
    const result = finding(
      f.code,
      hit.start,
      hit.end,
      message,
      f.id,
      [{ title: msg('fix.replace', { text: f.right }), start: hit.start, end: hit.end, text: f.right }],
      {
        expected: f.right,
        source: formatSource(f.source),
      },
    );
    if (f.severity) result.severity = f.severity;
    ctx.findings.push(result);
  }
}

// (functions of their own, not closures over the loop's `hit`: a closure over a loop variable makes V8
// allocate a context for it in every turn of the loop, a formulation or not)

/** Does one of `words` end at `at` (and start at or after `from`)? */
function endsWithAny(text: string, at: number, from: number, words: string[]): boolean {
  for (const w of words) if (at - w.length >= from && text.startsWith(w, at - w.length)) return true;
  return false;
}

/** Does one of `words` start at `at`? */
function startsWithAny(text: string, at: number, words: string[]): boolean {
  for (const w of words) if (text.startsWith(w, at)) return true;
  return false;
}

/** Is `at` the end of the writer's clause or sentence (punctuation, a line break, the end of the block)? */
function atSentenceEnd(text: string, at: number, end: number): boolean {
  return at >= end || /[，。；：！？、,.;:!?\s）)》”]/.test(text[at]);
}
