// The analysis entry point: text in, findings with offsets out. No I/O, no LSP.
// The document is cut into blocks (paragraphs); each block's result is memoised by its text, so after
// an edit only the changed paragraph is checked again.
import { Automaton, type Match } from './ahocorasick';
import type { Annotation, BlockContext } from './context';
import { applyDisableComments } from './disable';
import type { Hit, KnowledgeIndex } from './index';
import { checkFormulations } from './rules/formulations';
import { checkQuotations } from './rules/quotations';
import { checkStatistics } from './rules/statistics';
import { checkTerms } from './rules/terms';
import { withLocale, type Locale } from './i18n';
import { documentDate, maskText, quotedSpans, splitBlocks, type Block } from './text';
import type { Finding, SeverityMap } from './types';

export interface CheckOptions {
  markdown: boolean;
  /** today's date (ISO), used when the document states no date of its own */
  today: string;
  severity?: SeverityMap;
  /** the language of messages and fix titles (default Chinese); part of every cache key */
  locale?: Locale;
}

export interface BlockResult {
  findings: Finding[];
  annotations: Annotation[];
}

export interface CheckResult {
  findings: Finding[];
  annotations: Annotation[];
  /** the date "latest" was judged against */
  asOf: string;
}

/** Limits: beyond these a document is checked partially (the result says so via `truncated`). */
export const LIMITS = { maxChars: 20_000_000, maxBlock: 4000, cacheEntries: 20_000 };

const RULES: Array<(ctx: BlockContext) => void> = [checkTerms, checkFormulations, checkQuotations, checkStatistics];

/** Checks one block; offsets in the result are relative to the block start. */
export function checkBlock(index: KnowledgeIndex, masked: string, start: number, end: number, asOf: string): BlockResult {
  const hits: Match<Hit>[] = (index.automaton as Automaton<Hit>).scan(masked, start, end);
  const ctx: BlockContext = {
    index,
    text: masked,
    start,
    end,
    asOf,
    hits,
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
    const inner = ctx.findings
      .map((g, j) => ({ g, j }))
      .filter(({ g }) => g.code !== 'misquote' && g.code !== 'misattribution' && g.code !== 'stat-mismatch' && g.code !== 'stat-outdated' && f.start <= g.start && f.end >= g.end);
    if (focus && inner.some(({ g }) => g.start <= focus[0] && g.end >= focus[1])) dropped.add(i);
    else for (const { j } of inner) dropped.add(j);
  });
  const findings = ctx.findings.filter((_, i) => !dropped.has(i));
  // the same code on the same or an enclosing span (a term's near miss inside a known wrong formulation):
  // keep the enclosing, later one (the formulation, with its reason)
  const kept = findings.filter(
    (f, i) =>
      !findings.some(
        (g, j) => j !== i && g.code === f.code && g.start <= f.start && g.end >= f.end && (g.end - g.start > f.end - f.start || (g.start === f.start && g.end === f.end && j > i)),
      ),
  );
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
  return { findings: kept, annotations: ctx.annotations };
}

interface Prepared {
  text: string;
  key: string;
  limited: string;
  masked: string;
  asOf: string;
  locale: Locale;
  blocks: Block[];
  /** result of each block, once collected */
  results: Array<BlockResult | undefined>;
}

/**
 * After an edit, the blocks before and after the changed part are the same text as before: their
 * results are taken over by position, without looking them up in the cache by their text.
 */
function carryOver(prev: Prepared, next: Prepared): void {
  const a = prev.masked;
  const b = next.masked;
  const max = Math.min(a.length, b.length);
  // common prefix and suffix, compared a chunk at a time (native string comparison), then by character
  const CHUNK = 512;
  let prefix = 0;
  while (prefix + CHUNK <= max && a.slice(prefix, prefix + CHUNK) === b.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + CHUNK <= max - prefix && a.slice(a.length - suffix - CHUNK, a.length - suffix) === b.slice(b.length - suffix - CHUNK, b.length - suffix)) suffix += CHUNK;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  const shift = b.length - a.length;
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
  private cache = new Map<string, { asOf: string; locale: Locale; result: BlockResult }>();
  constructor(readonly index: KnowledgeIndex) {}

  /**
   * The last document prepared, so that hover and check on the same text mask it once, with the
   * results of its blocks as far as they were collected.
   */
  private last?: Prepared;

  private prepare(text: string, options: CheckOptions) {
    const locale = options.locale ?? 'zh';
    const key = `${options.markdown}|${options.today}|${locale}`;
    if (this.last?.text !== text || this.last.key !== key) {
      const limited = text.length > LIMITS.maxChars ? text.slice(0, LIMITS.maxChars) : text;
      const masked = maskText(limited, options.markdown);
      const asOf = documentDate(limited) ?? options.today;
      const blocks = splitBlocks(masked, LIMITS.maxBlock);
      const prev = this.last;
      this.last = { text, key, limited, masked, asOf, locale, blocks, results: new Array(blocks.length) };
      if (prev && prev.key === key && prev.asOf === asOf) carryOver(prev, this.last);
    }
    const last = this.last;
    const { limited, masked, asOf, blocks } = last;
    return { last, limited, masked, asOf, blocks, findings: [] as Finding[] };
  }

  private collect(run: ReturnType<Checker['prepare']>, i: number): void {
    const block = run.blocks[i];
    const result = (run.last.results[i] ??= this.blockResult(run.masked, block.start, block.end, run.asOf, run.last.locale));
    const d = block.start;
    for (const f of result.findings) {
      run.findings.push({ ...f, start: f.start + d, end: f.end + d, fixes: f.fixes.map((x) => ({ ...x, start: x.start + d, end: x.end + d })) });
    }
  }

  private finish(run: ReturnType<Checker['prepare']>, options: CheckOptions, truncated: boolean): CheckResult & { truncated: boolean } {
    run.findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const visible = applyDisableComments(run.limited, run.findings);
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
    for (let i = 0; i < run.blocks.length; i++) this.collect(run, i);
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
  ): Promise<(CheckResult & { truncated: boolean }) | undefined> {
    // (masking a long document is work too: it counts towards the first slice)
    let sliceStart = Date.now();
    const run = this.prepare(text, options);
    for (let i = 0; i < run.blocks.length; i++) {
      if (Date.now() - sliceStart > sliceMs) {
        await pause();
        if (cancelled()) return undefined;
        sliceStart = Date.now();
      }
      this.collect(run, i);
    }
    return this.finish(run, options, run.limited.length < text.length);
  }

  /** Annotations of the block around `offset` only (for hover): bounded work whatever the document size. */
  annotationsAt(text: string, options: CheckOptions, offset: number): CheckResult {
    const run = this.prepare(text, options);
    const i = run.blocks.findIndex((b) => b.start <= offset && offset <= b.end);
    if (i >= 0) this.collect(run, i);
    return { findings: [], annotations: i >= 0 ? blockAnnotations([run.blocks[i]], [run.last.results[i]]) : [], asOf: run.asOf };
  }

  private blockResult(masked: string, start: number, end: number, asOf: string, locale: Locale): BlockResult {
    // keyed by the block's text alone (no concatenation to hash); the date it was judged against and the
    // language of its messages are checked on a hit
    const key = masked.slice(start, end);
    const hit = this.cache.get(key);
    if (hit && hit.asOf === asOf && hit.locale === locale) {
      // refresh recency
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.result;
    }
    const result = withLocale(locale, () => checkBlock(this.index, masked, start, end, asOf));
    if (hit) this.cache.delete(key);
    this.cache.set(key, { asOf, locale, result });
    if (this.cache.size > LIMITS.cacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
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
    out.push(s ? { ...f, severity: s } : f);
  }
  return out;
}

/** One-shot convenience: check text with a fresh checker. */
export function checkText(index: KnowledgeIndex, text: string, options: CheckOptions): CheckResult {
  return new Checker(index).check(text, options);
}
