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
import { documentDate, maskText, quotedSpans, splitBlocks } from './text';
import type { Finding, SeverityMap } from './types';

export interface CheckOptions {
  markdown: boolean;
  /** today's date (ISO), used when the document states no date of its own */
  today: string;
  severity?: SeverityMap;
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
  const shift = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start - start, end: x.end - start });
  return {
    findings: kept.map((f) => ({ ...shift(f), fixes: f.fixes.map(shift) })),
    annotations: ctx.annotations.map(shift),
  };
}

/** A checker keeps a cache of block results for one knowledge index. */
export class Checker {
  private cache = new Map<string, BlockResult>();
  constructor(readonly index: KnowledgeIndex) {}

  /** The last document prepared, so that hover and check on the same text mask it once. */
  private last?: { text: string; key: string; limited: string; masked: string; asOf: string; blocks: Array<{ start: number; end: number }> };

  private prepare(text: string, options: CheckOptions) {
    const key = `${options.markdown}|${options.today}`;
    if (this.last?.text !== text || this.last.key !== key) {
      const limited = text.length > LIMITS.maxChars ? text.slice(0, LIMITS.maxChars) : text;
      const masked = maskText(limited, options.markdown);
      const asOf = documentDate(limited) ?? options.today;
      this.last = { text, key, limited, masked, asOf, blocks: splitBlocks(masked, LIMITS.maxBlock) };
    }
    const { limited, masked, asOf, blocks } = this.last;
    return { limited, masked, asOf, blocks, findings: [] as Finding[], annotations: [] as Annotation[] };
  }

  private collect(run: ReturnType<Checker['prepare']>, block: { start: number; end: number }): void {
    const result = this.blockResult(run.masked, block.start, block.end, run.asOf);
    const d = block.start;
    for (const f of result.findings) {
      run.findings.push({ ...f, start: f.start + d, end: f.end + d, fixes: f.fixes.map((x) => ({ ...x, start: x.start + d, end: x.end + d })) });
    }
    for (const a of result.annotations) run.annotations.push({ ...a, start: a.start + d, end: a.end + d });
  }

  private finish(run: ReturnType<Checker['prepare']>, options: CheckOptions, truncated: boolean): CheckResult & { truncated: boolean } {
    run.findings.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
    const visible = applyDisableComments(run.limited, run.findings);
    return { findings: applySeverity(visible, options.severity), annotations: run.annotations, asOf: run.asOf, truncated };
  }

  check(text: string, options: CheckOptions): CheckResult & { truncated: boolean } {
    const run = this.prepare(text, options);
    for (const block of run.blocks) this.collect(run, block);
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
    const run = this.prepare(text, options);
    let sliceStart = Date.now();
    for (const block of run.blocks) {
      if (Date.now() - sliceStart > sliceMs) {
        await pause();
        if (cancelled()) return undefined;
        sliceStart = Date.now();
      }
      this.collect(run, block);
    }
    return this.finish(run, options, run.limited.length < text.length);
  }

  /** Annotations of the block around `offset` only (for hover): bounded work whatever the document size. */
  annotationsAt(text: string, options: CheckOptions, offset: number): CheckResult {
    const run = this.prepare(text, options);
    const block = run.blocks.find((b) => b.start <= offset && offset <= b.end);
    if (block) this.collect(run, block);
    return { findings: [], annotations: run.annotations, asOf: run.asOf };
  }

  private blockResult(masked: string, start: number, end: number, asOf: string): BlockResult {
    const key = asOf + '\u0000' + masked.slice(start, end);
    let result = this.cache.get(key);
    if (result) {
      // refresh recency
      this.cache.delete(key);
      this.cache.set(key, result);
      return result;
    }
    result = checkBlock(this.index, masked, start, end, asOf);
    this.cache.set(key, result);
    if (this.cache.size > LIMITS.cacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return result;
  }
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
