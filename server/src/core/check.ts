// The analysis entry point: text in, findings with offsets out. No I/O, no LSP.
// The document is cut into blocks (paragraphs); each block's result is memoised by its text, so after
// an edit only the changed paragraph is checked again.
import { AsideList, type Automaton, type Match } from './ahocorasick';
import { beginBlock, BUDGET, budgetFor, endBlock } from './budget';
import type { Annotation, BlockContext } from './context';
import { applyDisableComments } from './disable';
import type { Hit, KnowledgeIndex } from './index';
import { checkConsistency, collectFacts, joinContradictions, joinFacts, type BlockFacts } from './rules/consistency';
import { checkFormulations } from './rules/formulations';
import { checkOrigins } from './rules/origins';
import { checkQuotations } from './rules/quotations';
import { checkStatistics } from './rules/statistics';
import { checkTerms } from './rules/terms';
import { blockAfterEdit, type Edit, endsParagraph, maskAfterEdit } from './edit';
import { maskSteps } from './mask';
import { withLocale, type Locale } from './i18n';
import { simplifiedText } from './normalize';
import { blockAt, detached, documentDate, quotedSpans, splitBlocks, splitBlocksSteps, type Block } from './text';
import type { Finding, SeverityMap } from './types';

export interface CheckOptions {
  markdown: boolean;
  /** today's date (ISO), used when the document states no date of its own */
  today: string;
  severity?: SeverityMap;
  /** the language of messages and fix titles (default Chinese); part of every cache key */
  locale?: Locale;
  /**
   * Which document this is (the server gives its URI): the checker keeps what it prepared for each of
   * the last few documents, so that an edit follows from the same document's previous version even
   * when others were checked in between. Without it, documents share one place (the CLI).
   */
  document?: string;
}

export interface BlockResult {
  findings: Finding[];
  annotations: Annotation[];
  /** what the block states (figures, quotations, dates), compared across blocks by rules/consistency.ts */
  facts: BlockFacts;
}

export interface CheckResult {
  findings: Finding[];
  annotations: Annotation[];
  /** the date "latest" was judged against */
  asOf: string;
}

/**
 * Limits: beyond maxChars a document is checked partially (the result says so via `truncated`). The
 * cache of block results keeps at most cacheEntries paragraphs and cacheChars characters of their
 * text, the least recently used going first: a paragraph's result costs memory in proportion to its
 * text, and typing makes a new paragraph text with every keystroke. What was prepared (masked, cut
 * into blocks) is kept for the last `documents` documents (CheckOptions.document).
 */
export const LIMITS = { maxChars: 20_000_000, maxBlock: 4000, cacheEntries: 20_000, cacheChars: 2_000_000, documents: 64 };

const RULES: Array<(ctx: BlockContext) => void> = [checkTerms, checkFormulations, checkQuotations, checkOrigins, checkStatistics];

/**
 * The typo anchors of the block being checked, one list reused from block to block (checkBlock is
 * synchronous, and only rules/terms.ts reads the list, during the block's check).
 */
const ANCHORS = new AsideList();

/**
 * Checks one block; offsets in the result are relative to the block start. `masked` is the text the
 * rules read (traditional script as simplified); `written` the same text as written (for fixes that
 * keep the writer's script), with the same offsets.
 */
export function checkBlock(index: KnowledgeIndex, masked: string, start: number, end: number, asOf: string, written = masked): BlockResult {
  const anchors = ANCHORS;
  anchors.length = 0;
  const hits: Match<Hit>[] = (index.automaton as Automaton<Hit>).scan(masked, start, end, anchors);
  const ctx: BlockContext = {
    index,
    text: masked,
    written,
    start,
    end,
    asOf,
    hits,
    anchors,
    quotes: quotedSpans(masked, start, end),
    findings: [],
    annotations: [],
    focus: new Map(),
  };
  for (const rule of RULES) rule(ctx);
  // The more specific finding wins: a typo or formulation that explains every difference of a
  // misquote replaces it; otherwise the misquote (whose fix covers the whole passage) replaces them.
  const dropped = new Set<number>();
  ctx.findings.forEach((f, i) => {
    if (f.code !== 'misquote') return;
    const focus = ctx.focus.get(i);
    // (the passage is what the fix replaces: the finding itself underlines only the differing words)
    const ps = Math.min(f.start, f.fixes[0]?.start ?? f.start);
    const pe = Math.max(f.end, f.fixes[0]?.end ?? f.end);
    const inner = ctx.findings
      .map((g, j) => ({ g, j }))
      .filter(
        ({ g }) =>
          g.code !== 'misquote' && g.code !== 'misattribution' && g.code !== 'stat-mismatch' && g.code !== 'stat-outdated' && ps <= g.start && pe >= g.end,
      );
    if (focus && inner.some(({ g }) => g.start <= focus[0] && g.end >= focus[1])) dropped.add(i);
    else for (const { j } of inner) dropped.add(j);
  });
  const findings = ctx.findings.filter((_, i) => !dropped.has(i));
  // the same code on the same or an enclosing span (a term's near miss inside a known wrong formulation):
  // keep the enclosing, later one (the formulation, with its reason)
  const kept = findings.filter(
    (f, i) =>
      !findings.some(
        (g, j) =>
          j !== i &&
          g.code === f.code &&
          g.start <= f.start &&
          g.end >= f.end &&
          (g.end - g.start > f.end - f.start || (g.start === f.start && g.end === f.end && j > i)),
      ),
  );
  // what the block states, for the document-level comparison (before the annotations it reads are moved)
  const facts = collectFacts(ctx);
  // to offsets relative to the block (the objects were made by this check: shifted in place)
  const shift = (x: { start: number; end: number }) => {
    x.start -= start;
    x.end -= start;
  };
  for (const f of kept) {
    shift(f);
    for (const fix of f.fixes) shift(fix);
  }
  for (const a of ctx.annotations) shift(a);
  return { findings: kept, annotations: ctx.annotations, facts };
}

/**
 * Checks one block within its work budget (./budget). A block over budget is cut in two at a sentence
 * end near its middle, outside quotation marks, and each piece is checked the same way, down to
 * pieces of about BUDGET.minPiece characters, which keep what fitted. The generator yields between
 * pieces: a sliced check pauses there.
 */
function* budgetedBlock(
  index: KnowledgeIndex,
  masked: string,
  start: number,
  end: number,
  asOf: string,
  locale: Locale,
  written = masked,
): Generator<void, BlockResult> {
  beginBlock(budgetFor(end - start, LIMITS.maxBlock));
  let result: BlockResult;
  let over: boolean;
  try {
    // (the rules' messages in the locale asked for: checkBlock is synchronous, see i18n.withLocale)
    result = withLocale(locale, () => checkBlock(index, masked, start, end, asOf, written));
  } finally {
    over = endBlock().over;
  }
  if (!over || end - start < 2 * BUDGET.minPiece) return result;
  const mid = cutPoint(masked, start, end);
  yield;
  const a = yield* budgetedBlock(index, masked, start, mid, asOf, locale, written);
  yield;
  const b = yield* budgetedBlock(index, masked, mid, end, asOf, locale, written);
  // the pieces' results, relative to the block start
  const d = mid - start;
  const moved = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + d, end: x.end + d });
  return {
    findings: [...a.findings, ...b.findings.map((f) => ({ ...moved(f), fixes: f.fixes.map(moved) }))],
    annotations: [...a.annotations, ...b.annotations.map(moved)],
    facts: joinFacts(a.facts, b.facts, d),
  };
}

/** Where to cut a block in two: the sentence end nearest its middle that is outside quotation marks, else the middle. */
function cutPoint(text: string, start: number, end: number): number {
  const spans = quotedSpans(text, start, end);
  const inside = (p: number) => spans.some((s) => s.open < p && p <= s.end);
  const mid = start + ((end - start) >> 1);
  const lo = start + BUDGET.minPiece;
  const hi = end - BUDGET.minPiece;
  for (let k = 0; mid - k >= lo || mid + k <= hi; k++) {
    for (const p of [mid + k, mid - k]) {
      if (p < lo || p > hi) continue;
      const c = text.charCodeAt(p - 1);
      if ((c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0a) && !inside(p)) return p;
    }
  }
  // no sentence end: the middle, never between the halves of a surrogate pair
  const c = text.charCodeAt(mid - 1);
  return c >= 0xd800 && c <= 0xdbff ? mid + 1 : mid;
}

/** Runs a generator to its end, without pauses. */
function runToEnd<T>(g: Generator<void, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

interface Prepared {
  text: string;
  key: string;
  limited: string;
  /** whether `limited` holds `tifa-` (disable comments, ./disable.ts) */
  directives: boolean;
  /**
   * The masked text as written (`written`) and its simplified view (`masked`, same offsets), whole when
   * computed whole; after a small edit only per block (`blockText`), joined again on demand (`whole`).
   */
  whole?: { written: string; masked: string };
  /** the written and masked text of each block, taken from `whole` on first use or derived after an edit */
  bw: Array<string | undefined>;
  bm: Array<string | undefined>;
  /** the masked ranges of `limited` (start, end pairs, in order; see maskSteps) */
  ranges: number[];
  asOf: string;
  locale: Locale;
  blocks: Block[];
  /** result of each block, once collected */
  results: Array<BlockResult | undefined>;
}

/**
 * What the editor says changed (LSP incremental sync): `edit` turned `base` into the text now checked.
 * Used only when `base` is the text prepared last; it saves comparing the two texts.
 */
export interface EditHint {
  base: string;
  edit: Edit;
}

/** The whole written and masked text of a prepared document (joined from its blocks after edits). */
function wholeText(p: Prepared): { written: string; masked: string } {
  if (!p.whole) {
    const w: string[] = [];
    const m: string[] = [];
    for (let i = 0; i < p.blocks.length; i++) {
      const b = blockText(p, i);
      w.push(b.written);
      m.push(b.masked);
    }
    p.whole = { written: w.join(''), masked: m.join('') };
  }
  return p.whole;
}

/** The written and masked text of block i (the blocks tile the text). */
function blockText(p: Prepared, i: number): { written: string; masked: string } {
  let written = p.bw[i];
  let masked = p.bm[i];
  if (written === undefined || masked === undefined) {
    const { start, end } = p.blocks[i];
    written = p.bw[i] = p.whole!.written.slice(start, end);
    masked = p.bm[i] = p.whole!.masked.slice(start, end);
  }
  return { written, masked };
}

/** A string's own flat copy (not a view on the text it was cut from, which it would keep in memory). */
function own(s: string): string {
  // (reading a character makes V8 copy a concatenation into one piece)
  s.charCodeAt(0);
  return s;
}

/**
 * The blocks, their text and results after a small edit that maskAfterEdit accepted, from `prev`: the
 * edited block's text is spliced, the others' taken over with their results; undefined when the block
 * around the edit is not one whole paragraph (edit.ts blockAfterEdit).
 */
function afterEdit(prev: Prepared, limited: string, edit: Edit, _ranges: number[]): Pick<Prepared, 'bw' | 'bm' | 'blocks' | 'results'> | undefined {
  const before = (end: number) => {
    // the masked text before `end`, from the blocks' own text (at least 64 characters when there are)
    let i = blockAt(prev.blocks, end - 1);
    let out = '';
    for (; i >= 0 && out.length < 64; i--) {
      const b = prev.blocks[i];
      out = blockText(prev, i).masked.slice(0, Math.min(end, b.end) - b.start) + out;
      end = b.start;
    }
    return out;
  };
  const k = blockAfterEdit(before, prev.blocks, edit, LIMITS.maxBlock, prev.limited.length);
  if (k === undefined) return paragraphAfterEdit(prev, limited, edit, before);
  const { start, oldEnd, newEnd } = edit;
  const delta = newEnd - oldEnd;
  const n = prev.blocks.length;
  const blocks: Block[] = prev.blocks.slice(0, k);
  const b = prev.blocks[k];
  blocks.push({ start: b.start, end: b.end + delta });
  for (let i = k + 1; i < n; i++) blocks.push({ start: prev.blocks[i].start + delta, end: prev.blocks[i].end + delta });
  const bw = new Array<string | undefined>(n);
  const bm = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) {
    if (i === k) continue;
    const t = blockText(prev, i);
    bw[i] = t.written;
    bm[i] = t.masked;
  }
  // the edited line holds no masked range (maskAfterEdit): its new characters are written as they are
  const old = blockText(prev, k);
  const inserted = limited.slice(start, newEnd);
  const a = start - b.start;
  const z = oldEnd - b.start;
  bw[k] = own(old.written.slice(0, a) + inserted + old.written.slice(z));
  bm[k] = own(old.masked.slice(0, a) + simplifiedText(inserted) + old.masked.slice(z));
  const results = prev.results.slice();
  results[k] = undefined;
  return { bw, bm, blocks, results };
}

/** Above this many characters a paragraph is not split again on its own after an edit (the whole text is). */
const MAX_PARAGRAPH = 1 << 16;

/**
 * afterEdit for an edit in a paragraph longer than the block size (cut into several blocks at sentence
 * ends): that paragraph alone is spliced and cut again as text.ts splitBlocks cuts it (a paragraph's
 * cuts depend on its own text only); the blocks before and after it are taken over.
 */
function paragraphAfterEdit(
  prev: Prepared,
  limited: string,
  edit: Edit,
  before: (end: number) => string,
): Pick<Prepared, 'bw' | 'bm' | 'blocks' | 'results'> | undefined {
  const { start, oldEnd, newEnd } = edit;
  const delta = newEnd - oldEnd;
  const length = prev.limited.length;
  const ends = (end: number) => endsParagraph(before, end);
  let p0 = blockAt(prev.blocks, start);
  let p1 = p0;
  const from = prev.blocks[p0]?.start ?? 0;
  while (p0 > 0 && !ends(prev.blocks[p0].start) && from - prev.blocks[p0].start < MAX_PARAGRAPH) p0--;
  while (p1 < prev.blocks.length - 1 && !ends(prev.blocks[p1].end) && prev.blocks[p1].end - from < MAX_PARAGRAPH) p1++;
  const P = { start: prev.blocks[p0]?.start, end: prev.blocks[p1]?.end };
  if (P.start === undefined || P.end === undefined || P.start > start || P.end < oldEnd) return undefined;
  // a whole paragraph, within bounds, and the edit does not reach the blank line that ends it
  if (P.start > 0 && !ends(P.start)) return undefined;
  if (P.end < length && !ends(P.end)) return undefined;
  if (P.end - P.start > MAX_PARAGRAPH || P.end + delta - P.start > MAX_PARAGRAPH) return undefined;
  if (P.end < length && P.end - 1 < oldEnd) return undefined;
  const w: string[] = [];
  const m: string[] = [];
  for (let i = p0; i <= p1; i++) {
    const t = blockText(prev, i);
    w.push(t.written);
    m.push(t.masked);
  }
  const oldW = w.join('');
  const oldM = m.join('');
  const a = start - P.start;
  const z = oldEnd - P.start;
  const inserted = limited.slice(start, newEnd);
  const pw = own(oldW.slice(0, a) + inserted + oldW.slice(z));
  const pm = own(oldM.slice(0, a) + simplifiedText(inserted) + oldM.slice(z));
  const cut = splitBlocks(pm, LIMITS.maxBlock);
  if (!cut.length || cut[0].start !== 0 || cut[cut.length - 1].end !== pm.length) return undefined;
  const n = prev.blocks.length;
  const blocks: Block[] = prev.blocks.slice(0, p0);
  const bw: Array<string | undefined> = [];
  const bm: Array<string | undefined> = [];
  const results: Array<BlockResult | undefined> = prev.results.slice(0, p0);
  for (let i = 0; i < p0; i++) {
    const t = blockText(prev, i);
    bw.push(t.written);
    bm.push(t.masked);
  }
  for (const c of cut) {
    blocks.push({ start: P.start + c.start, end: P.start + c.end });
    bw.push(pw.slice(c.start, c.end));
    bm.push(pm.slice(c.start, c.end));
    results.push(undefined);
  }
  for (let i = p1 + 1; i < n; i++) {
    const b = prev.blocks[i];
    blocks.push({ start: b.start + delta, end: b.end + delta });
    const t = blockText(prev, i);
    bw.push(t.written);
    bm.push(t.masked);
    results.push(prev.results[i]);
  }
  return { bw, bm, blocks, results };
}

/** The lengths of the common prefix and suffix of two texts (which do not overlap in either). */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  // compared a chunk at a time (native string comparison), then by character
  const CHUNK = 512;
  let prefix = 0;
  while (prefix + CHUNK <= max && a.slice(prefix, prefix + CHUNK) === b.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + CHUNK <= max - prefix && a.slice(a.length - suffix - CHUNK, a.length - suffix) === b.slice(b.length - suffix - CHUNK, b.length - suffix))
    suffix += CHUNK;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * The simplified view of `written` (see simplifiedText), with a pause point after each piece of PIECE
 * characters. It is converted a part of PART characters at a time: simplifiedText passes over a part
 * without traditional characters quickly and returns it as it is, but converts the rest of a part from its
 * first traditional character on character by character (several times slower). Small parts keep that
 * slow conversion to the parts that need it (a few traditional characters in a long simplified text are
 * common: a quoted title, a name); the parts that stay the same are taken from `written` in runs, and a
 * text without traditional characters is returned as it is.
 */
function* simplifiedSteps(written: string): Generator<void, string> {
  const PART = 1 << 12;
  const PIECE = 1 << 18;
  let out = '';
  // written[kept, i) is the same in the simplified view
  let kept = 0;
  for (let i = 0; i < written.length; i += PART) {
    // (a part may end between the halves of a surrogate pair: the conversion keeps those as they are)
    const part = written.slice(i, i + PART);
    const simplified = simplifiedText(part);
    if (simplified !== part) {
      out += written.slice(kept, i) + simplified;
      kept = i + part.length;
    }
    if ((i + PART) % PIECE === 0 && i + PART < written.length) yield;
  }
  return kept === 0 ? written : out + written.slice(kept);
}

/**
 * After an edit, the blocks before and after the changed part are the same text as before: their
 * results are taken over by position, without looking them up in the cache by their text.
 */
function carryOver(prev: Prepared, next: Prepared, { prefix, suffix }: { prefix: number; suffix: number }): void {
  const shift = next.limited.length - prev.limited.length;
  const b = next.limited;
  let k = 0;
  next.blocks.forEach((block, i) => {
    const inPrefix = block.end <= prefix;
    const inSuffix = block.start >= b.length - suffix;
    if (!inPrefix && !inSuffix) return;
    const start = inPrefix ? block.start : block.start - shift;
    const end = inPrefix ? block.end : block.end - shift;
    while (k < prev.blocks.length && prev.blocks[k].start < start) k++;
    if (k < prev.blocks.length && prev.blocks[k].start === start && prev.blocks[k].end === end) next.results[i] = prev.results[k];
  });
}

/** A checker keeps a cache of block results for one knowledge index. */
export class Checker {
  private cache = new Map<string, { key: string; asOf: string; locale: Locale; result: BlockResult }>();
  /** the characters of the keys in the cache */
  private cachedChars = 0;
  constructor(readonly index: KnowledgeIndex) {}

  /**
   * The last version prepared of each recent document (by CheckOptions.document, least recently used
   * first), so that hover and check on the same text mask it once, with the results of its blocks as
   * far as they were collected, and an edit follows from the version before.
   */
  private prepared = new Map<string, Prepared>();

  /** Forgets what was prepared for a document (closed). */
  forget(document: string): void {
    this.prepared.delete(document);
  }

  private prepare(text: string, options: CheckOptions) {
    return runToEnd(this.prepareSteps(text, options));
  }

  /** prepare(), pausing within the masking of a long text (see maskSteps). */
  private *prepareSteps(text: string, options: CheckOptions, hint?: EditHint) {
    const locale = options.locale ?? 'zh';
    const key = `${options.markdown}|${options.today}|${locale}`;
    const document = options.document ?? '';
    let last = this.prepared.get(document);
    if (last?.text !== text || last.key !== key) {
      const limited = text.length > LIMITS.maxChars ? text.slice(0, LIMITS.maxChars) : text;
      const prev = last?.key === key ? last : undefined;
      // a small edit inside one line: the masking and the blocks follow from the previous ones (edit.ts)
      let edit: Edit | undefined;
      let derived: { written: string; ranges: number[] } | undefined;
      if (prev && prev.text.length <= LIMITS.maxChars && text.length <= LIMITS.maxChars) {
        // (the edit the editor reported, when it is from the text prepared last; else found by comparing)
        const h = hint?.edit;
        if (
          h &&
          hint.base === prev.text &&
          h.start >= 0 &&
          h.start <= h.oldEnd &&
          h.start <= h.newEnd &&
          h.oldEnd <= prev.limited.length &&
          limited.length - h.newEnd === prev.limited.length - h.oldEnd
        )
          edit = h;
        else {
          const e = commonEnds(prev.limited, limited);
          edit = { start: e.prefix, oldEnd: prev.limited.length - e.suffix, newEnd: limited.length - e.suffix };
        }
        derived = maskAfterEdit({ text: prev.limited, written: '', ranges: prev.ranges }, limited, edit, options.markdown);
      }
      const asOf = documentDate(limited) ?? options.today;
      const made = derived && edit && prev && afterEdit(prev, limited, edit, derived.ranges);
      if (made) {
        // only the edited block's text is made: the whole masked text is never copied (issue #17)
        // (a disable comment appears or goes only where the text changed: `tifa-` is 5 characters)
        const directives = prev!.directives || limited.slice(Math.max(0, edit!.start - 4), edit!.newEnd + 4).includes('tifa-');
        last = { text, key, limited, directives, ranges: derived!.ranges, asOf, locale, ...made };
        if (prev!.asOf !== asOf) last.results = new Array(made.blocks.length);
      } else {
        const ranges: number[] = [];
        const written = yield* maskSteps(limited, options.markdown, ranges);
        const prevWhole = prev && wholeText(prev);
        const ends = prevWhole ? commonEnds(prevWhole.written, written) : undefined;
        // traditional script is read as simplified (same offsets): terms, formulations and occasions match
        // either; after an edit only the changed part is converted (the conversion goes character by character)
        const masked =
          prevWhole && ends
            ? prevWhole.masked.slice(0, ends.prefix) +
              (yield* simplifiedSteps(written.slice(ends.prefix, written.length - ends.suffix))) +
              prevWhole.masked.slice(prevWhole.masked.length - ends.suffix)
            : yield* simplifiedSteps(written);
        const blocks = yield* splitBlocksSteps(masked, LIMITS.maxBlock);
        const n = blocks.length;
        last = {
          text,
          key,
          limited,
          directives: limited.includes('tifa-'),
          whole: { written, masked },
          bw: new Array(n),
          bm: new Array(n),
          ranges,
          asOf,
          locale,
          blocks,
          results: new Array(n),
        };
        if (prev && ends && prev.asOf === asOf) carryOver(prev, last, ends);
      }
    }
    // (most recently used last; the oldest document goes first)
    this.prepared.delete(document);
    this.prepared.set(document, last);
    if (this.prepared.size > LIMITS.documents) this.prepared.delete(this.prepared.keys().next().value!);
    const { limited, asOf, blocks } = last;
    return { last, limited, asOf, blocks, findings: [] as Finding[] };
  }

  /** Collects the findings of block i (checked now unless known); yields between pieces of a costly block. */
  private *collect(run: ReturnType<Checker['prepare']>, i: number): Generator<void, void> {
    const block = run.blocks[i];
    const result = (run.last.results[i] ??= yield* this.blockResult(blockText(run.last, i), run.asOf, run.last.locale));
    const d = block.start;
    for (const f of result.findings) {
      run.findings.push({ ...f, start: f.start + d, end: f.end + d, fixes: f.fixes.map((x) => ({ ...x, start: x.start + d, end: x.end + d })) });
    }
  }

  private finish(run: ReturnType<Checker['prepare']>, options: CheckOptions, truncated: boolean): CheckResult & { truncated: boolean } {
    // the document-level pass: the facts each block recorded, compared across blocks
    const facts = run.last.blocks.map((b, i) => ({ start: b.start, facts: run.last.results[i]?.facts }));
    // (in the locale of the check, like the rules' messages)
    const contradictions = withLocale(run.last.locale, () => checkConsistency(this.index, facts, run.last.locale));
    for (const c of contradictions) run.findings.push(c.finding);
    run.findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    // a place another rule reports gets one finding, which points at the other places
    const severity = options.severity;
    const visible = joinContradictions(
      run.last.directives ? applyDisableComments(run.limited, run.findings) : run.findings,
      contradictions,
      (code) => severity?.[code] === 'off',
    );
    const { blocks, results } = run.last;
    let annotations: Annotation[] | undefined;
    return {
      findings: applySeverity(visible, options.severity),
      // made on first use (hover): a check for diagnostics does not need them
      get annotations() {
        return (annotations ??= blockAnnotations(blocks, results));
      },
      asOf: run.asOf,
      truncated,
    };
  }

  check(text: string, options: CheckOptions): CheckResult & { truncated: boolean } {
    const run = this.prepare(text, options);
    for (let i = 0; i < run.blocks.length; i++) runToEnd(this.collect(run, i));
    return this.finish(run, options, run.limited.length < text.length);
  }

  /**
   * The same check, cut into slices of at most `sliceMs` of work with `pause()` between them, and
   * abandoned (returns undefined) as soon as `cancelled()` says the text has changed.
   */
  async checkInSlices(
    text: string,
    options: CheckOptions,
    pause: () => Promise<void>,
    cancelled: () => boolean,
    sliceMs = 8,
    hint?: EditHint,
  ): Promise<(CheckResult & { truncated: boolean }) | undefined> {
    // (masking a long document is work too, in steps of its own)
    let sliceStart = Date.now();
    let run: ReturnType<Checker['prepare']> | undefined;
    for (const steps = this.prepareSteps(text, options, hint); ; ) {
      const r = steps.next();
      if (r.done) {
        run = r.value;
        break;
      }
      if (Date.now() - sliceStart > sliceMs) {
        await pause();
        if (cancelled()) return undefined;
        sliceStart = Date.now();
      }
    }
    for (let i = 0; i < run.blocks.length; i++) {
      // a block is one step, or several when it is over its work budget and checked in pieces
      for (const steps = this.collect(run, i); ; ) {
        if (Date.now() - sliceStart > sliceMs) {
          await pause();
          if (cancelled()) return undefined;
          sliceStart = Date.now();
        }
        if (steps.next().done) break;
      }
    }
    return this.finish(run, options, run.limited.length < text.length);
  }

  /** Annotations of the block around `offset` only (for hover): bounded work whatever the document size. */
  annotationsAt(text: string, options: CheckOptions, offset: number): CheckResult {
    const run = this.prepare(text, options);
    const i = run.blocks.findIndex((b) => b.start <= offset && offset <= b.end);
    if (i >= 0) runToEnd(this.collect(run, i));
    return { findings: [], annotations: i >= 0 ? blockAnnotations([run.blocks[i]], [run.last.results[i]]) : [], asOf: run.asOf };
  }

  /** What the cache of block results holds: paragraphs and characters of their text (for tests and diagnosis). */
  cacheSize(): { entries: number; chars: number } {
    return { entries: this.cache.size, chars: this.cachedChars };
  }

  private *blockResult({ written, masked }: { written: string; masked: string }, asOf: string, locale: Locale): Generator<void, BlockResult> {
    // keyed by the block's text as written alone (no concatenation to hash; the view follows from it);
    // the date it was judged against and the language of its messages are checked on a hit
    // (the rules read the block's own text: offsets relative to the block, as results are kept)
    const key = written;
    const hit = this.cache.get(key);
    if (hit && hit.asOf === asOf && hit.locale === locale) {
      // refresh recency (under the key kept: the one looked up may be a slice of the document)
      this.cache.delete(key);
      this.cache.set(hit.key, hit);
      return hit.result;
    }
    const result = yield* budgetedBlock(this.index, masked, 0, masked.length, asOf, locale, written);
    if (hit) this.cache.delete(key);
    else this.cachedChars += key.length;
    // (the key is kept as a copy of its own: a slice would keep the whole document text alive, one
    // version of it per edit, as long as the entry stays in the cache)
    const kept = detached(key);
    this.cache.set(kept, { key: kept, asOf, locale, result });
    while (this.cache.size > LIMITS.cacheEntries || this.cachedChars > LIMITS.cacheChars) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
      this.cachedChars -= oldest.length;
    }
    return result;
  }
}

/** The annotations of the blocks checked so far, at document offsets. */
function blockAnnotations(blocks: Block[], results: Array<BlockResult | undefined>): Annotation[] {
  const out: Annotation[] = [];
  blocks.forEach((block, i) => {
    const result = results[i];
    if (!result) return;
    for (const a of result.annotations) out.push({ ...a, start: a.start + block.start, end: a.end + block.start });
  });
  return out;
}

function applySeverity(findings: Finding[], map: SeverityMap | undefined): Finding[] {
  if (!map) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const s = map[f.code];
    if (s === 'off') continue;
    // a note of inconsistent (two official vintages, one value written two ways) is not wrong: a setting
    // that raises inconsistent to a warning or an error leaves it a note
    if (f.code === 'inconsistent' && f.severity === 'information' && (s === 'warning' || s === 'error')) {
      out.push(f);
      continue;
    }
    out.push(s ? { ...f, severity: s } : f);
  }
  return out;
}

/** One-shot convenience: check text with a fresh checker. */
export function checkText(index: KnowledgeIndex, text: string, options: CheckOptions): CheckResult {
  return new Checker(index).check(text, options);
}
