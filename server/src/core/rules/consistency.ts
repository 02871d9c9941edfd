// Feature: consistency within a document (inconsistent).
// A reviewer's catch: one document giving the same figure, quotation or date two ways. Each block
// (paragraph) records its facts while it is checked, and they are memoised with its result:
//   figures    national (or 我市/本省…) measurements of a level whose time is placed (a year, or now),
//              from the claims layer (claims.ts), with the range of true values each admits as written;
//   quotations the official wording each quoted passage reproduces, and where it differs from it;
//   dates      the date written right next to a named occasion (2024年1月31日，…在…集体学习时).
// After the blocks are collected, checkConsistency compares the facts of the whole document: a sort
// per group of figures, otherwise one pass, so an edit costs its paragraph plus this merge. A place is
// reported when it disagrees with another place (values that cannot both be true as written, a passage
// of the same official sentence written otherwise, another date of the same occasion), with the other
// places as related information. When the corpus knows the official value, wording or date, the places
// it supports are not reported and the message says which place it supports; two official vintages of
// one year's figure are reported as information on the older one, and so is a figure written less
// precisely than another place writes the same value (2.7% beside 2.68%). A place that another rule
// already reports (a stat-mismatch, a misquote…) gets no second finding: joinContradictions gives that
// finding the other places instead.
import { alignInside, type Op } from '../align';
import type { Claim } from '../claims';
import { finding, type BlockContext } from '../context';
import type { KnowledgeIndex, QuoteForm } from '../index';
import { normalize, type Normalized } from '../normalize';
import { formatDate, formatDateLike, formatDateSpan, formatSource, msg } from '../i18n';
import { dateLE, findDates } from '../text';
import type { Code, Finding, Fix, Occasion, Related, Statistic, StatValue } from '../types';
import words from '../consistency.json';
import { describeValues, matches, written, type Written } from './statistics';

// ------------------------------------------------------------------ facts (per block)

/** A figure: offsets of the figure as written. */
export interface FigureFact {
  start: number;
  end: number;
  text: string;
  /** the figure with its bound, for messages: 超过2.6%, 2.6%以上 */
  label: string;
  /** no bound (超过/约/以上…): the figure can replace another exact one */
  exact: boolean;
  /** a whole number ending in zeros (130万辆): perhaps a round figure, not a precision chosen */
  round: boolean;
  /** indicator (series ids), time and scope: figures of one key must agree */
  key: string;
  /** 我市2024年研发经费投入强度 (for messages) */
  subject: string;
  /** the true values the figure admits as written, in the series' unit */
  lo: number;
  hi: number;
  entry: string;
  /** the series (several publishers' values when they are written the same way) and the figure in its unit */
  stat: Statistic;
  written: Written;
  /** the corpus's values for that time (empty: it cannot judge) */
  official: StatValue[];
  /** the official values the figure agrees with */
  agrees: StatValue[];
  /** 2024年 / 当前 */
  time: string;
  /** stated with its year (not as now) */
  dated: boolean;
}

/** A difference of a quoted passage from the official wording: official [a, b) written as `text`. */
export interface Edit {
  a: number;
  b: number;
  text: string;
}

/** A quoted passage of an official wording (normalised coordinates of form `form`). */
export interface QuoteFact {
  start: number;
  end: number;
  form: number;
  cs: number;
  ce: number;
  edits: Edit[];
}

/** A date written for a named occasion. */
export interface DateFact {
  start: number;
  end: number;
  text: string;
  occasion: string;
  year?: number;
  month: number;
  day?: number;
  /** agrees with the corpus's date of the occasion */
  right: boolean;
}

export interface BlockFacts {
  figures: FigureFact[];
  quotes: QuoteFact[];
  dates: DateFact[];
}

export const NO_FACTS: BlockFacts = { figures: [], quotes: [], dates: [] };

/** The facts of a block, at offsets relative to the block; rules/statistics.ts and rules/quotations.ts have run. */
export function collectFacts(ctx: BlockContext): BlockFacts {
  const figures = figureFacts(ctx);
  const quotes = quoteFacts(ctx);
  const dates = dateFacts(ctx);
  if (!figures.length && !quotes.length && !dates.length) return NO_FACTS;
  const d = ctx.start;
  for (const list of [figures, quotes, dates]) {
    for (const x of list) {
      x.start -= d;
      x.end -= d;
    }
  }
  return { figures, quotes, dates };
}

/** The facts of two pieces of a block, the second starting `d` after the first (check.ts budgetedBlock). */
export function joinFacts(a: BlockFacts, b: BlockFacts, d: number): BlockFacts {
  if (b === NO_FACTS) return a;
  const move = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + d, end: x.end + d });
  return { figures: [...a.figures, ...b.figures.map(move)], quotes: [...a.quotes, ...b.quotes.map(move)], dates: [...a.dates, ...b.dates.map(move)] };
}

// figures

/** Local scopes that name the writer's own place or body: the same word is the same place throughout. */
const OWN_SCOPE = new RegExp(`^(${words.ownScope.join('|')})`);
/** 。！？；\n */
const SENTENCE_END = new Set([0x3002, 0xff01, 0xff1f, 0xff1b, 0x0a]);
const VINTAGES = Object.entries(words.vintage as Record<string, string[]>).flatMap(([v, list]) => list.map((w) => [w, v] as const));

/** The vintage the figure's sentence names for it (经初步核算，…为145369亿元), if any. */
function vintageNamed(text: string, from: number, at: number): string | undefined {
  let s = at;
  while (s > from && at - s < 200 && !SENTENCE_END.has(text.charCodeAt(s - 1))) s--;
  const lead = text.slice(s, at);
  let best: { at: number; v: string } | undefined;
  for (const [w, v] of VINTAGES) {
    const i = lead.lastIndexOf(w);
    if (i >= 0 && (!best || i > best.at)) best = { at: i, v };
  }
  return best?.v;
}

function timeKey(c: Claim): string | undefined {
  if (c.time.kind === 'year') return `y${c.time.year}`;
  if (c.time.kind === 'current' || c.time.kind === 'none') return 'now';
  return undefined;
}

function figureFacts(ctx: BlockContext): FigureFact[] {
  const claims = (ctx.claims ?? []).filter(
    (c) =>
      c.kind === 'level' &&
      c.modality === 'measurement' &&
      timeKey(c) &&
      (c.scope === 'national' || (c.scope === 'local' && !!c.scopeWord && OWN_SCOPE.test(c.scopeWord))),
  );
  if (!claims.length) return [];
  // several figures of one name at one time are a progression (从2.4%提高到2.68%) or a list: the last is the figure
  const last = new Map<string, Claim>();
  for (const c of claims) last.set(`${c.indicator.start}|${timeKey(c)}`, c);
  const out: FigureFact[] = [];
  const docYear = Number(ctx.asOf.slice(0, 4));
  for (const c of claims) {
    const tk = timeKey(c)!;
    if (last.get(`${c.indicator.start}|${tk}`) !== c) continue;
    if (c.time.kind === 'year' && c.time.year > docYear) continue; // a forecast
    const usable = c.indicator.stats.filter((s) => written(s, c));
    if (!usable.length) continue;
    const first = usable[0];
    const sameUnit = usable.filter((s) => s.unit === first.unit);
    const stat: Statistic = sameUnit.length === 1 ? first : { ...first, values: sameUnit.flatMap((s) => s.values) };
    const w = written(first, c)!;
    let tolerance = w.tolerance;
    // 1300万辆 may be 1316.8 rounded to hundreds, 280 to tens (at most 5% off)
    const zeros = c.decimals === 0 && c.comparator === 'exact' && first.unit !== '位' ? /0*$/.exec(String(c.amount))![0].length : 0;
    if (zeros && c.amount) tolerance = Math.max(tolerance, Math.min(0.5 * 10 ** zeros * w.factor, 0.05 * Math.abs(w.value)));
    let lo = c.comparator === 'less-than' || c.comparator === 'at-most' ? -Infinity : w.value - tolerance;
    let hi = c.comparator === 'more-than' || c.comparator === 'at-least' ? Infinity : w.value + tolerance;
    // a range of some width is open at its ends: 2.68% (2.675–2.685) and 2.69% (2.685–2.695) disagree;
    // a point (a rank) stays a point
    const margin = 1e-7 * Math.max(1, Math.abs(w.value));
    if (hi - lo > 4 * margin) {
      lo += margin;
      hi -= margin;
    }
    const national = c.scope === 'national';
    let official: StatValue[] = [];
    if (national && c.time.kind === 'year') {
      const year = c.time.year;
      // another publisher's series without a value for the year: the corpus cannot judge
      if (sameUnit.every((s) => s.values.some((v) => v.year === year))) official = stat.values.filter((v) => v.year === year);
    } else if (national) {
      official = latestValues(stat, ctx.asOf);
    }
    const scope = national ? '' : c.scopeWord!;
    const vintage = vintageNamed(ctx.text, ctx.start, c.start);
    out.push({
      start: c.start,
      end: c.end,
      text: c.text,
      label: labelOf(c),
      exact: c.comparator === 'exact',
      round: zeros > 0,
      key: `${c.indicator.stats
        .map((s) => s.id)
        .sort()
        .join('|')}|${tk}|${national ? 'national' : scope}|${vintage ?? ''}`,
      // the indicator as the writer named it here
      subject: msg('inconsistent.subject', {
        scope,
        year: c.time.kind === 'year' ? msg('inconsistent.subject.year', { year: c.time.year }) : '',
        name: ctx.written.slice(c.indicator.start, c.indicator.end),
      }),
      lo,
      hi,
      entry: first.id,
      stat,
      written: w,
      official,
      agrees: official.filter((v) => matches(v, w)),
      time: c.time.kind === 'year' ? msg('inconsistent.time.year', { year: c.time.year }) : msg('inconsistent.current'),
      dated: c.time.kind === 'year',
    });
  }
  return out;
}

const BOUND_WORDS: Record<Claim['comparator'], string[]> = words.bounds;
function labelOf(c: Claim): string {
  const [before, after] = BOUND_WORDS[c.comparator];
  return `${before}${c.text}${after}`;
}

/** The latest year's newest release as of `asOf` (what "now" means for a figure). */
function latestValues(stat: Statistic, asOf: string): StatValue[] {
  const released = stat.values.filter((v) => dateLE(v.released, asOf));
  if (!released.length) return [];
  const year = Math.max(...released.map((v) => v.year));
  const ofYear = released.filter((v) => v.year === year);
  const newest = ofYear.reduce((a, b) => (dateLE(a.released, b.released) ? b : a));
  return ofYear.filter((v) => v.released === newest.released);
}

// quotations

const PUNCT = /[，。；：！？、（）—…]/;
const ONLY_PUNCT = /^[，。；：！？、（）—…]*$/;
/** Passages shorter than this (normalised) are not compared. */
const MIN_OVERLAP = 8;
/** Official characters on either side of a misquote's official passage that its alignment may use. */
const WINDOW_MARGIN = 8;

function trimPunctuation(n: Normalized): Normalized {
  let s = 0;
  let e = n.text.length;
  while (s < e && PUNCT.test(n.text[s])) s++;
  while (e > s && PUNCT.test(n.text[e - 1])) e--;
  return s === 0 && e === n.text.length ? n : { text: n.text.slice(s, e), map: n.map.slice(s, e + 1) };
}

/** Form indices of each quotation reference, per knowledge index. */
const formsByRef = new WeakMap<KnowledgeIndex, Map<number, number[]>>();
function formsOf(index: KnowledgeIndex, ref: number): number[] {
  let map = formsByRef.get(index);
  if (!map) {
    map = new Map();
    index.forms.forEach((f, i) => {
      const list = map!.get(f.ref) ?? [];
      list.push(i);
      map!.set(f.ref, list);
    });
    formsByRef.set(index, map);
  }
  return map.get(ref) ?? [];
}

/** The differences of an alignment, in official coordinates; differences of punctuation only are none. */
function editsOf(ops: Op[], q: string, c: string): Edit[] {
  const out: Edit[] = [];
  let cur: { a: number; b: number; text: string; missing: string } | undefined;
  const close = () => {
    if (cur && !(ONLY_PUNCT.test(cur.text) && ONLY_PUNCT.test(cur.missing))) out.push({ a: cur.a, b: cur.b, text: cur.text });
    cur = undefined;
  };
  for (const op of ops) {
    if (op.kind === 'M') {
      close();
      continue;
    }
    cur ??= { a: op.c, b: op.c, text: '', missing: '' };
    if (op.kind === 'I') cur.text += q[op.q];
    else {
      if (op.kind === 'S') cur.text += q[op.q];
      cur.missing += c[op.c];
      cur.b = op.c + 1;
    }
  }
  close();
  return out;
}

function quoteFacts(ctx: BlockContext): QuoteFact[] {
  const out: QuoteFact[] = [];
  for (const a of ctx.annotations) {
    if (a.kind !== 'quote' || a.ref === undefined) continue;
    // quoted passages only (an unquoted reproduction may be the writer's own paraphrase)
    if (!ctx.quotes.some((s) => s.start <= a.start && a.end <= s.end)) continue;
    const n = trimPunctuation(normalize(ctx.text, a.start, a.end));
    const q = n.text;
    if (q.length < MIN_OVERLAP) continue;
    const forms = formsOf(ctx.index, a.ref);
    // a passage that differs from the wording is one the quotation rule reported (else: punctuation only)
    const misquote = ctx.findings.find((f) => f.code === 'misquote' && f.start < a.end && f.end > a.start);
    let best: { form: number; cs: number; ce: number; edits: Edit[]; cost: number } | undefined;
    for (const i of forms) {
      const at = ctx.index.forms[i].normalized.text.indexOf(q);
      if (at >= 0) {
        best = { form: i, cs: at, ce: at + q.length, edits: [], cost: 0 };
        break;
      }
    }
    if (!best && misquote) {
      // the official passage the quotation rule offers as the fix narrows the alignment to its place
      const passage = misquote.fixes[0] ? normalize(misquote.fixes[0].text).text : '';
      for (const i of forms) {
        const full = ctx.index.forms[i].normalized.text;
        const at = passage.length >= MIN_OVERLAP ? full.indexOf(passage) : -1;
        const from = at < 0 ? 0 : Math.max(0, at - WINDOW_MARGIN);
        const c = at < 0 ? full : full.slice(from, Math.min(full.length, at + passage.length + WINDOW_MARGIN));
        const al = alignInside(q, c);
        const edits = editsOf(al.ops, q, c).map((e) => ({ a: e.a + from, b: e.b + from, text: e.text }));
        if (!best || al.edits < best.cost) best = { form: i, cs: al.cStart + from, ce: al.cEnd + from, edits, cost: al.edits };
      }
    }
    if (!best) continue;
    // heavily reworded: the writer's own words (a title, a paraphrase), not a form of the quotation
    const edited = best.edits.reduce((sum, e) => sum + Math.max(e.b - e.a, e.text.length), 0);
    if (edited > words.maxEditShare * (best.ce - best.cs)) continue;
    let end = n.map[q.length - 1] + 1;
    const code = ctx.text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end++;
    out.push({ start: n.map[0], end, form: best.form, cs: best.cs, ce: best.ce, edits: best.edits });
  }
  return out;
}

// dates of occasions

/** What may stand between a date and the occasion it dates: 2024年1月31日，习近平总书记在…; 7月15日召开的… */
const DATE_BEFORE =
  /^\s*(?:的|(?:召开|举行|开幕|闭幕|发表|发布|出版)的|[，,]?\s*(?:中共中央总书记、国家主席、中央军委主席)?\s*(?:习近平)?\s*(?:总书记|同志|主席)?\s*(?:在|于|出席)?\s*(?:北京)?\s*(?:主持召开的|主持召开|主持|出席|召开的|举行的)?)\s*$/;
/** …（2024年1月31日）, …于2024年1月31日召开 */
const DATE_AFTER = /^\s*(?:[（(]|于)\s*$/;

function dateFacts(ctx: BlockContext): DateFact[] {
  const { text } = ctx;
  let any = false;
  for (const h of ctx.hits) if (h.value.kind === 'occasion') any = true;
  if (!any) return [];
  const names = ctx.hits
    .filter((h) => h.value.kind === 'occasion')
    .sort((a, b) => a.start - b.start || b.end - a.end)
    // the longest of overlapping names
    .filter((h, i, all) => !all.some((o, j) => j !== i && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  if (!names.length) return [];
  const out: DateFact[] = [];
  for (const h of names) {
    if (h.value.kind !== 'occasion') continue;
    const occasion = h.value.occasion;
    // the nearest date before the name in its clause, or right after it in brackets / after 于
    const from = Math.max(ctx.start, h.start - 40);
    const to = Math.min(ctx.end, h.end + 20);
    // (a date has a 月: most names have none near them)
    let month = false;
    for (let i = from; i < to && !month; i++) month = text.charCodeAt(i) === 0x6708;
    if (!month) continue;
    const before = findDates(text, from, h.start).filter((d) => DATE_BEFORE.test(text.slice(d.end, h.start)));
    const afterDates = findDates(text, h.end, to).filter((d) => DATE_AFTER.test(text.slice(h.end, d.start)));
    const d = before[before.length - 1] ?? afterDates[0];
    if (!d || d.month === undefined || d.month < 1 || d.month > 12) continue;
    const date = { year: d.year, month: d.month, day: d.day };
    out.push({ start: d.start, end: d.end, text: ctx.written.slice(d.start, d.end), occasion: occasion.id, ...date, right: dateAgrees(date, occasion) });
  }
  return out;
}

function dateAgrees(d: { year?: number; month: number; day?: number }, o: Occasion): boolean {
  const from = o.date;
  const to = o.end ?? o.date;
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  if (d.year !== undefined && d.year !== fy && d.year !== ty) return false;
  if (!fm) return true;
  const key = (m: number, day: number) => m * 100 + day;
  const v = key(d.month, d.day ?? 0);
  const lo = key(fm, d.day === undefined ? 0 : fd || 0);
  const hi = key(tm || fm, d.day === undefined ? 0 : td || fd || 31);
  return v >= lo && v <= hi;
}

function datesDiffer(a: DateFact, b: DateFact): boolean {
  return (
    (a.year !== undefined && b.year !== undefined && a.year !== b.year) ||
    a.month !== b.month ||
    (a.day !== undefined && b.day !== undefined && a.day !== b.day)
  );
}

// ------------------------------------------------------------------ the document-level pass

/** Related places listed per finding, and places counted, at most. */
const MAX_RELATED = 5;
const MAX_COUNTED = 50;

/**
 * An `inconsistent` finding, with what it becomes when another rule already reports its place: the
 * codes of such a finding (a figure: stat-mismatch, stat-outdated; a quotation: misquote; a date:
 * misattribution) and the other places as that finding's related places (`elsewhere`, in a message of
 * their own: the finding they join does not speak of the document contradicting itself).
 */
export interface Contradiction {
  finding: Finding;
  joins: readonly Code[];
  elsewhere: Related[];
}

const JOINS = {
  figure: ['stat-mismatch', 'stat-outdated'],
  quote: ['misquote'],
  date: ['misattribution'],
} as const satisfies Record<string, readonly Code[]>;

/**
 * Compares the facts of a document's blocks (`facts` at offsets relative to `start`); findings at
 * document offsets. A group of facts is compared with its members' positions in the group (document
 * order) standing for their offsets, and the result is kept by the members' identity: block results
 * are memoised, so after an edit only the groups with a fact of the edited paragraph are compared
 * again; the others' findings are only placed at their (possibly moved) offsets.
 */
export function checkConsistency(index: KnowledgeIndex, blocks: Array<{ start: number; facts: BlockFacts | undefined }>, locale = 'zh'): Contradiction[] {
  const figures = new Map<string, FigureFact[]>();
  const quotes = new Map<number, QuoteFact[]>();
  const dates = new Map<string, DateFact[]>();
  const where = new Map<object, number>();
  const add = <K, T extends object>(map: Map<K, T[]>, k: K, v: T, d: number) => {
    where.set(v, d);
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  };
  // (paragraphs of the same text share one memoised result: its facts stand for each of them in turn)
  const seen = new Map<BlockFacts, number>();
  for (const b of blocks) {
    const f = b.facts;
    if (!f || f === NO_FACTS) continue;
    const k = seen.get(f) ?? 0;
    seen.set(f, k + 1);
    for (const x of f.figures) add(figures, x.key, occurrence(x, k), b.start);
    for (const x of f.quotes) add(quotes, x.form, occurrence(x, k), b.start);
    for (const x of f.dates) add(dates, x.occasion, occurrence(x, k), b.start);
  }
  const out: Contradiction[] = [];
  const run = <T extends { start: number; end: number }>(kind: string, g: T[], compare: (placed: T[], out: Contradiction[]) => void) => {
    if (g.length < 2) return;
    for (const tpl of memoised(index, `${locale}|${kind}`, g, compare)) out.push(place(tpl, g, where));
  };
  for (const [key, g] of figures) run(`f|${key}`, g, compareFigures);
  for (const [form, g] of quotes) run(`q|${form}`, g, (placed, o) => compareQuotes(index, index.forms[form], placed, o));
  for (const [id, g] of dates) run(`d|${id}`, g, (placed, o) => compareDates(index.occasions.get(id), placed, o));
  return out;
}

/**
 * The findings of a document with its contradictions joined to the findings already on their places:
 * an `inconsistent` finding that overlaps a finding of one of the codes it `joins` is dropped, and its
 * other places become related places of that finding (of the one it overlaps most). `findings` are
 * sorted by start and include the contradictions' findings; `off(code)` says a code will not be shown
 * (a finding of it is no place to join). Each finding is compared with the findings around its own
 * place only: linear in the findings for findings that do not nest deeply.
 */
export function joinContradictions(findings: Finding[], contradictions: Contradiction[], off: (code: Code) => boolean = () => false): Finding[] {
  if (!contradictions.length || off('inconsistent')) return findings;
  const of = new Map<Finding, Contradiction>();
  for (const c of contradictions) if (c.elsewhere.length) of.set(c.finding, c);
  // the largest end among the findings up to each index (how far back a finding may still overlap)
  const reach = new Float64Array(findings.length);
  for (let i = 0, m = -Infinity; i < findings.length; i++) reach[i] = m = Math.max(m, findings[i].end);
  const dropped = new Set<Finding>();
  const joined = new Map<Finding, Finding>();
  findings.forEach((f, i) => {
    const c = of.get(f);
    if (!c) return;
    let best: Finding | undefined;
    let most = 0;
    const consider = (g: Finding) => {
      if (!(c.joins as readonly string[]).includes(g.code) || off(g.code)) return;
      const overlap = Math.min(f.end, g.end) - Math.max(f.start, g.start);
      if (overlap > most) {
        best = g;
        most = overlap;
      }
    };
    for (let j = i - 1; j >= 0 && reach[j] > f.start; j--) consider(findings[j]);
    for (let j = i + 1; j < findings.length && findings[j].start < f.end; j++) consider(findings[j]);
    if (!best) return;
    dropped.add(f);
    // (a finding of a block is a copy made for this check: it may be given related places, once)
    const host = joined.get(best) ?? { ...best, related: [...(best.related ?? [])] };
    joined.set(best, host);
    for (const r of c.elsewhere) if (!host.related!.some((x) => x.start === r.start && x.end === r.end)) host.related!.push(r);
  });
  if (!dropped.size) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    if (dropped.has(f)) continue;
    const host = joined.get(f);
    if (host) host.related!.sort((a, b) => a.start - b.start);
    out.push(host ?? f);
  }
  return out;
}

/**
 * The fact `x` of the k-th paragraph (from 0) with the same text in a document: `x` itself, then one
 * copy per further occurrence, the same copy in every check (so a group's memoised result is found again).
 */
const copies = new WeakMap<object, object[]>();
function occurrence<T extends object>(x: T, k: number): T {
  if (k === 0) return x;
  let list = copies.get(x);
  if (!list) copies.set(x, (list = []));
  while (list.length < k) list.push({ ...x });
  return list[k - 1] as T;
}

/** Identity numbers of facts (memoised with their block's result, so stable while it is unchanged). */
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(x: object): number {
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
}

/** Contradictions of groups of facts, by the locale, the group's kind, key and members; a bounded cache per knowledge index. */
const memo = new WeakMap<KnowledgeIndex, Map<string, Contradiction[]>>();
const MEMO_ENTRIES = 4096;

function memoised<T extends { start: number; end: number }>(
  index: KnowledgeIndex,
  kind: string,
  g: T[],
  compare: (placed: T[], out: Contradiction[]) => void,
): Contradiction[] {
  let cache = memo.get(index);
  if (!cache) memo.set(index, (cache = new Map()));
  const key = `${kind}|${g.map(idOf).join(',')}`;
  let found = cache.get(key);
  if (found) {
    // (most recently used last: the oldest entry goes first when the cache is full)
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  // positions in the group stand for offsets (place() puts the findings back)
  found = [];
  compare(
    g.map((x, i) => ({ ...x, start: i, end: i })),
    found,
  );
  cache.set(key, found);
  if (cache.size > MEMO_ENTRIES) cache.delete(cache.keys().next().value!);
  return found;
}

/** A contradiction made with group positions, at the document offsets of the facts they stand for. */
function place<T extends { start: number; end: number }>(tpl: Contradiction, g: T[], where: Map<object, number>): Contradiction {
  const at = (i: number) => {
    const x = g[i];
    const d = where.get(x)!;
    return { start: x.start + d, end: x.end + d };
  };
  const f = tpl.finding;
  return {
    finding: {
      ...f,
      ...at(f.start),
      fixes: f.fixes.map((x) => ({ ...x, ...at(x.start) })),
      ...(f.related ? { related: f.related.map((r) => ({ ...r, ...at(r.start) })) } : {}),
    },
    joins: tpl.joins,
    elsewhere: tpl.elsewhere.map((r) => ({ ...r, ...at(r.start) })),
  };
}

/** Two figures disagree when their ranges (made open at their ends in figureFacts) do not meet. */
const EPS = 0;

/** Index of the first element of `sorted` for which `past` is true (it is false, then true). */
function firstPast(sorted: number[], past: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(sorted[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function quoted(texts: string[]): string {
  return [...new Set(texts)]
    .slice(0, 3)
    .map((t) => `“${t}”`)
    .join(msg('inconsistent.places.separator'));
}

function compareFigures(g: FigureFact[], out: Contradiction[]): void {
  const n = g.length;
  // j disagrees with i when lo_j > hi_i or hi_j < lo_i: prefixes of the figures sorted by lo (descending) and by hi (ascending)
  const byLo = g.map((_, i) => i).sort((a, b) => g[b].lo - g[a].lo);
  const byHi = g.map((_, i) => i).sort((a, b) => g[a].hi - g[b].hi);
  const los = byLo.map((i) => -g[i].lo);
  const his = byHi.map((i) => g[i].hi);
  const conflicts = (i: number): { count: number; places: number[] } => {
    const above = firstPast(los, (v) => -v <= g[i].hi - EPS);
    const below = firstPast(his, (v) => v >= g[i].lo + EPS);
    const places = [...byLo.slice(0, Math.min(above, MAX_COUNTED)), ...byHi.slice(0, Math.min(below, MAX_COUNTED))];
    return { count: above + below, places };
  };
  const known = g.some((f) => f.official.length > 0);
  const supported = (f: FigureFact) => f.agrees.length > 0;
  // (a figure stated as now is judged against the latest release only: there are no two vintages of it)
  const allSupported = known && g[0].dated && g.every(supported);
  const anySupported = known && g.some(supported);
  // two official vintages of one year: the older one is reported, as information
  const newest = allSupported ? g.reduce((m, f) => f.agrees.reduce((x, v) => (dateLE(x, v.released) ? v.released : x), m), '0000') : '';
  const isNewest = (f: FigureFact) => f.agrees.some((v) => v.released === newest);
  const reported = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = g[i];
    const c = conflicts(i);
    if (!c.count) continue;
    let report: boolean;
    // (the newer one is reported only when every place it disagrees with is as new)
    if (allSupported) report = !isNewest(f) || c.places.every((j) => isNewest(g[j]));
    else if (anySupported) report = !supported(f);
    // nothing to go by: the places that disagree with more places than agree with them
    else report = c.count > n - 1 - c.count;
    if (!report) continue;
    reported[i] = 1;
    // the places named: the supported ones first, then in document order
    const others = [...new Set(c.places)].map((j) => g[j]);
    others.sort((a, b) => Number(supported(b)) - Number(supported(a)) || a.start - b.start);
    const shown = others.slice(0, MAX_RELATED).sort((a, b) => a.start - b.start);
    const right = others.filter(supported);
    const related: Related[] = shown.map((o) => ({
      start: o.start,
      end: o.end,
      message: msg('inconsistent.related.stat', {
        subject: o.subject,
        written: o.label,
        note: allSupported
          ? msg('inconsistent.related.vintage', {
              vintage: vintageName(o.agrees[0].vintage),
              publisher: o.agrees[0].publisher,
              released: formatDate(o.agrees[0].released),
            })
          : supported(o)
            ? msg('inconsistent.related.supported')
            : '',
      }),
    }));
    const othersText = quoted(others.map((o) => o.label));
    const count = c.count;
    let message: string;
    let fixes: Fix[] = [];
    let severity: Finding['severity'] | undefined;
    if (allSupported) {
      const newer = others.filter(isNewest);
      const pick = newer.length ? newer : others;
      const vintages = [f, pick[0]]
        .map((x) =>
          msg('inconsistent.vintage.one', {
            written: x.label,
            vintage: vintageName(x.agrees[0].vintage),
            publisher: x.agrees[0].publisher,
            released: formatDate(x.agrees[0].released),
          }),
        )
        .join(msg('inconsistent.vintage.separator'));
      message = msg('inconsistent.vintage', { subject: f.subject, written: f.label, count, others: othersText, vintages });
      fixes = [...new Set(pick.filter((o) => o.exact && f.exact).map((o) => o.text))]
        .slice(0, 2)
        .map((t) => ({ title: msg('fix.consistent', { text: t }), start: f.start, end: f.end, text: t }));
      severity = 'information';
    } else {
      const verdict = right.length
        ? msg('inconsistent.stat.supported', {
            others: quoted(right.map((o) => o.label)),
            values: describeValues(
              right[0].stat,
              right.flatMap((o) => o.agrees),
              right[0].written,
            ),
          })
        : known
          ? msg('inconsistent.stat.official', { time: f.time, values: describeValues(f.stat, f.official, f.written) })
          : msg('inconsistent.stat.unknown');
      message = msg('inconsistent.stat', { subject: f.subject, written: f.label, count, others: othersText, verdict });
      // a figure replaces another only where neither has a bound (超过2.6% is not fixed into 2.5%)
      const exact = f.exact ? others.filter((o) => o.exact) : [];
      if (right.length)
        fixes = [...new Set(exact.filter(supported).map((o) => o.text))]
          .slice(0, 2)
          .map((t) => ({ title: msg('fix.replace', { text: t }), start: f.start, end: f.end, text: t }));
      else if (!known)
        fixes = [...new Set(exact.map((o) => o.text))]
          .slice(0, 2)
          .map((t) => ({ title: msg('fix.consistent', { text: t }), start: f.start, end: f.end, text: t }));
    }
    // expected: only what the corpus supports (another place's figure is not an official value)
    const x = finding('inconsistent', f.start, f.end, message, f.entry, fixes, right.length && fixes.length ? { expected: fixes[0].text } : {});
    if (severity) x.severity = severity;
    x.related = related;
    out.push({ finding: x, joins: JOINS.figure, elsewhere: shown.map((o) => elsewhereFigure(o, supported(o))) });
  }
  roundings(g, reported, known, supported, out);
}

/** An other place of a figure, for the finding of another rule on this one (本文另一处写作“2.68%”). */
function elsewhereFigure(o: FigureFact, right: boolean): Related {
  return {
    start: o.start,
    end: o.end,
    message: msg('related.elsewhere.written', { written: o.label, note: right ? msg('inconsistent.related.supported') : '' }),
  };
}

/**
 * The same value written with two precisions (2.7% in one place, 2.68% in another): not a contradiction,
 * but a reviewer asks for one writing. A note (information) on each less precise place whose figure the
 * more precise ones round to, when the most precise of them agree on one value (and, where the corpus
 * knows the year, agree with it: a wrong precise figure is no model). Never on a round number (130万辆
 * may be a round figure, not a precision chosen) nor on a place already reported; bounds and 约 are not
 * writings of a value. Places are compared by distinct writing, sorted by value: each writing looks only
 * at the writings whose values it admits.
 */
function roundings(g: FigureFact[], reported: Uint8Array, known: boolean, supported: (f: FigureFact) => boolean, out: Contradiction[]): void {
  const model = (f: FigureFact) => f.exact && (!known || supported(f));
  // the distinct writings of the exact figures: value, precision and places
  const writings = new Map<string, { value: number; tolerance: number; places: number[] }>();
  g.forEach((f, i) => {
    if (!f.exact) return;
    const k = `${f.written.value}|${f.written.tolerance}`;
    const w = writings.get(k);
    if (w) w.places.push(i);
    else writings.set(k, { value: f.written.value, tolerance: f.written.tolerance, places: [i] });
  });
  if (writings.size < 2) return;
  const sorted = [...writings.values()].sort((a, b) => a.value - b.value);
  const values = sorted.map((w) => w.value);
  const finest = Math.min(...sorted.map((w) => w.tolerance));
  for (const w of sorted) {
    if (w.tolerance <= finest) continue;
    const f0 = g[w.places[0]];
    if (f0.round) continue;
    // the writings whose places this one's range admits, more precise and of another value
    const from = firstPast(values, (v) => v >= f0.lo - w.tolerance);
    const finer: number[] = [];
    for (let k = from, seen = 0; k < sorted.length && sorted[k].value <= f0.hi + w.tolerance && seen < MAX_COUNTED; k++, seen++) {
      const o = sorted[k];
      if (o.tolerance >= w.tolerance || o.value === w.value) continue;
      for (const j of o.places) if (model(g[j]) && g[j].lo <= f0.hi && g[j].hi >= f0.lo) finer.push(j);
    }
    if (!finer.length) continue;
    // the most precise of them must give one value: the one to write
    const best = Math.min(...finer.map((j) => g[j].written.tolerance));
    const target = finer.filter((j) => g[j].written.tolerance === best);
    if (new Set(target.map((j) => g[j].written.value)).size > 1) continue;
    const to = g[target[0]];
    const others = finer.map((j) => g[j]).sort((a, b) => a.start - b.start);
    const shown = others.slice(0, MAX_RELATED);
    for (const i of w.places) {
      if (reported[i]) continue;
      const f = g[i];
      const x = finding(
        'inconsistent',
        f.start,
        f.end,
        msg('inconsistent.rounding', { subject: f.subject, written: f.label, count: others.length, others: quoted(others.map((o) => o.label)) }),
        f.entry,
        [{ title: msg('fix.consistent', { text: to.text }), start: f.start, end: f.end, text: to.text }],
        known ? { expected: to.text } : {},
      );
      x.severity = 'information';
      x.related = shown.map((o) => ({
        start: o.start,
        end: o.end,
        message: msg('inconsistent.related.stat', { subject: o.subject, written: o.label, note: supported(o) ? msg('inconsistent.related.supported') : '' }),
      }));
      out.push({ finding: x, joins: JOINS.figure, elsewhere: shown.map((o) => elsewhereFigure(o, supported(o))) });
    }
  }
}

function vintageName(v: StatValue['vintage']): string {
  return msg(`vintage.${v}` as 'vintage.final');
}

/** Is the edit inside [s, e) of the official wording (an insertion only strictly inside)? */
function editInside(d: Edit, s: number, e: number): boolean {
  return d.a === d.b ? d.a > s && d.a < e : d.a < e && d.b > s;
}

/** Do two passages of one official wording write their common part differently? */
function quotesDiffer(a: QuoteFact, b: QuoteFact): boolean {
  const s = Math.max(a.cs, b.cs);
  const e = Math.min(a.ce, b.ce);
  if (e - s < MIN_OVERLAP) return false;
  // the edits of each inside the common part, in order, must be the same
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.edits.length && !editInside(a.edits[i], s, e)) i++;
    while (j < b.edits.length && !editInside(b.edits[j], s, e)) j++;
    if (i === a.edits.length || j === b.edits.length) return i !== a.edits.length || j !== b.edits.length;
    const x = a.edits[i++];
    const y = b.edits[j++];
    if (x.a !== y.a || x.b !== y.b || x.text !== y.text) return true;
  }
}

function describeEdits(x: QuoteFact, c: string): string {
  return x.edits
    .slice(0, 3)
    .map((d) => {
      const missing = c.slice(d.a, d.b);
      return !d.text
        ? msg('diff.missing', { text: missing })
        : !missing
          ? msg('diff.extra', { text: d.text })
          : msg('diff.changed', { from: d.text, to: missing });
    })
    .join(msg('diff.separator'));
}

/** The official wording of normalised range [cs, ce) of a form, as published. */
function officialText(form: QuoteForm, cs: number, ce: number): string {
  const t = form.normalized.text;
  while (cs < ce && PUNCT.test(t[cs])) cs++;
  while (ce > cs && PUNCT.test(t[ce - 1])) ce--;
  if (ce <= cs) return '';
  let end = form.normalized.map[ce - 1] + 1;
  const code = form.original.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end++;
  return form.original.slice(form.normalized.map[cs], end);
}

function compareQuotes(index: KnowledgeIndex, form: QuoteForm, g: QuoteFact[], out: Contradiction[]): void {
  const exact = g.filter((x) => !x.edits.length);
  const altered = g.filter((x) => x.edits.length).slice(0, 200);
  const c = form.normalized.text;
  const ref = index.refs[form.ref];
  for (const a of altered) {
    const others: QuoteFact[] = [];
    for (const o of exact) {
      if (quotesDiffer(a, o)) others.push(o);
      if (others.length >= MAX_COUNTED) break;
    }
    for (const o of altered) {
      if (others.length >= MAX_COUNTED) break;
      if (o !== a && quotesDiffer(a, o)) others.push(o);
    }
    if (!others.length) continue;
    const anyExact = others.some((o) => !o.edits.length);
    const expected = officialText(form, a.cs, a.ce);
    const x = finding(
      'inconsistent',
      a.start,
      a.end,
      msg('inconsistent.quote', {
        diff: describeEdits(a, c),
        count: others.length,
        others: msg(anyExact ? 'inconsistent.quote.exact' : 'inconsistent.quote.other'),
      }),
      ref.entry,
      expected ? [{ title: msg('fix.quote'), start: a.start, end: a.end, text: expected }] : [],
      // (the official sentence and its source are in the misquote finding on the same words)
      { expected },
    );
    const shown = [...others].sort((p, q) => Number(!!p.edits.length) - Number(!!q.edits.length) || p.start - q.start).slice(0, MAX_RELATED);
    shown.sort((p, q) => p.start - q.start);
    x.related = shown.map((o) => ({
      start: o.start,
      end: o.end,
      message: o.edits.length ? msg('inconsistent.related.quoteOther', { diff: describeEdits(o, c) }) : msg('inconsistent.related.quoteExact'),
    }));
    const elsewhere = shown.map((o) => ({
      start: o.start,
      end: o.end,
      message: o.edits.length ? msg('related.elsewhere.quoteOther', { diff: describeEdits(o, c) }) : msg('related.elsewhere.quoteExact'),
    }));
    out.push({ finding: x, joins: JOINS.quote, elsewhere });
  }
}

function compareDates(occasion: Occasion | undefined, g: DateFact[], out: Contradiction[]): void {
  if (!occasion) return;
  // the distinct dates written (few), each with its places
  const byDate = new Map<string, DateFact[]>();
  for (const x of g) {
    const k = `${x.year ?? ''}-${x.month}-${x.day ?? ''}`;
    const list = byDate.get(k);
    if (list) list.push(x);
    else byDate.set(k, [x]);
  }
  if (byDate.size < 2) return;
  const groups = [...byDate.values()];
  for (const x of g) {
    if (x.right) continue;
    const others = groups.filter((p) => datesDiffer(x, p[0])).flat();
    if (!others.length) continue;
    others.sort((p, q) => Number(q.right) - Number(p.right) || p.start - q.start);
    const span = !!occasion.end && occasion.end !== occasion.date;
    const official = span ? formatDateSpan(occasion.date, occasion.end!) : formatDate(occasion.date);
    // an occasion of several days: which of them the writer meant is theirs to say
    const fixText = span ? undefined : formatDateLike(x, occasion.date);
    const f = finding(
      'inconsistent',
      x.start,
      x.end,
      msg('inconsistent.date', {
        occasion: occasion.name,
        written: x.text,
        count: others.length,
        others: quoted(others.map((o) => o.text)),
        official,
        source: formatSource(occasion.source),
      }),
      occasion.id,
      fixText ? [{ title: msg('fix.replace', { text: fixText }), start: x.start, end: x.end, text: fixText }] : [],
      { ...(fixText ? { expected: fixText } : {}), source: formatSource(occasion.source) },
    );
    const shown = others.slice(0, MAX_RELATED).sort((p, q) => p.start - q.start);
    const note = (o: DateFact) => (o.right ? msg('inconsistent.related.dateRight') : '');
    f.related = shown.map((o) => ({
      start: o.start,
      end: o.end,
      message: msg('inconsistent.related.date', { occasion: occasion.name, written: o.text, note: note(o) }),
    }));
    const elsewhere = shown.map((o) => ({ start: o.start, end: o.end, message: msg('related.elsewhere.written', { written: o.text, note: note(o) }) }));
    out.push({ finding: f, joins: JOINS.date, elsewhere });
  }
}
