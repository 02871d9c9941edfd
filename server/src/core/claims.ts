// The claims layer: what a figure written next to an indicator name claims. Each numeric statement
// of a block becomes a claim — indicator (the statistic series its name matches), scope (national,
// local, foreign, or a sub-population the name does not cover), time (a year, "current", none, or
// something the checker cannot place), modality (measurement or target), comparator (超过/约/以上…),
// kind (a level or a change such as 增长8.9%), value and unit, with offsets. rules/statistics.ts
// compares claims with the series; nothing here knows the official values.
// Work is bounded: claims are extracted only around the automaton's indicator hits, each from a window
// of a few dozen characters after the name and the sentence before it (at most a few hundred).
// The words that decide scope, time, modality, comparator and kind are data (claims.json).
import type { Match } from './ahocorasick';
import type { Hit, KnowledgeIndex } from './index';
import { isHan } from './normalize';
import { parseSmallNumber } from './text';
import type { Statistic } from './types';
import units from './units.json';
import words from './claims.json';

export type Scope = 'national' | 'local' | 'foreign' | 'unknown';
export type Modality = 'measurement' | 'target';
export type Comparator = 'exact' | 'at-least' | 'more-than' | 'about' | 'at-most' | 'less-than';
export type ClaimTime =
  | { kind: 'year'; year: number; start: number; end: number }
  | { kind: 'current'; start: number; end: number }
  /** no time word: the writer states the figure as it is now */
  | { kind: 'none' }
  /** a period, a quarter, a relative year, a report's year…: never compared */
  | { kind: 'uncertain'; why: string; start: number; end: number; from?: number; to?: number };

/** An indicator name found by the automaton; several series when they share the written name. */
export interface Mention {
  start: number;
  end: number;
  stats: Statistic[];
}

export interface Claim {
  /** the indicator as written: a mention, or an item of a list (高技术制造业、装备制造业…比重) */
  indicator: Mention;
  scope: Scope;
  /** the word that decided the scope (全省, 企业, 美国…) */
  scopeWord?: string;
  time: ClaimTime;
  modality: Modality;
  /** the word that made it a target (力争, 到2030年…) */
  modalityWord?: string;
  comparator: Comparator;
  kind: 'level' | 'change';
  /** the figure as written (number and unit) */
  start: number;
  end: number;
  text: string;
  /** the number as written */
  amount: number;
  /** the unit as written ('' for an index value) */
  unit: string;
  decimals: number;
}

const UNITS = units as Record<string, Record<string, number>>;
/** the unit of a figure in a unit no series has (77万套) */
const OTHER = '?';
const W = words;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\%"]/g, '\\$&');
}
/** An alternation, longest first (so that 截至目前 wins over 目前). */
function alt(list: readonly string[]): string {
  return [...new Set(list)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

const WRITTEN_UNITS = [...new Set(Object.values(UNITS).flatMap((u) => Object.keys(u)))].filter(Boolean);
const TOKEN = new RegExp(`(第\\s*)?(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十]+)\\s*(多|余)?\\s*(${alt([...WRITTEN_UNITS, ...W.changeUnits])})?`, 'g');
const SCOPE_WORDS = new Map<string, Exclude<Scope, 'unknown'> | 'part'>();
const PART = W.scope.part as Record<string, string[]>;
for (const w of Object.keys(PART)) SCOPE_WORDS.set(w, 'part');
for (const w of W.scope.local) SCOPE_WORDS.set(w, 'local');
for (const w of W.scope.foreign) SCOPE_WORDS.set(w, 'foreign');
for (const w of W.scope.national) SCOPE_WORDS.set(w, 'national');
const SCOPE_RE = new RegExp(alt([...SCOPE_WORDS.keys()]), 'g');
const STRONG_LOCAL_RE = new RegExp(alt(W.scope.strongLocal));
const RANK_FRAME = new Set(W.bridgeStopNotRank);
const NEUTRAL = new Set([...W.neutral, ...W.time.current, ...W.modality.target]);
/** verbs before 的 that make the name a goal (要实现的研发经费投入强度) */
const TARGET_VERBS = new Set(['实现', '推动', '促进', '带动', '使', '让', '把', '将', '要', '力争', '确保', '争取', ...W.modality.target]);
const PRED_MAX = Math.max(...[...SCOPE_WORDS.keys(), ...NEUTRAL].map((w) => w.length));

const YEAR = '(\\d{4})\\s*年';
const TIME_RE = new RegExp(
  [
    `(\\d{4})\\s*年?\\s*[—–\\-~～至到]\\s*(\\d{4})\\s*年`,
    YEAR,
    `(${alt(W.time.current)})`,
    `(${alt(W.time.relative)}|[一二两三四五六七八九十几数多\\d]+\\s*年前)`,
    `(${alt(W.time.subAnnual)}|\\d{1,2}\\s*[—–\\-~至]\\s*\\d{1,2}\\s*月|\\d{1,2}\\s*月)`,
    `(${alt(W.time.periods)})`,
  ].join('|'),
  'g',
);
const YEAR_PERIOD_AFTER = new RegExp(`^\\s*(${alt(W.time.yearPeriodAfter)})`);
const YEAR_SUB_AFTER = new RegExp(`^\\s*(${alt(W.time.subAnnual)}|\\d{1,2}\\s*[—–\\-~至]?\\s*\\d{0,2}\\s*月)`);
const MILESTONE_RE = new RegExp(alt(W.time.milestone));
const NOT_A_NAME_RE = new RegExp(`^\\s*(${alt(W.notAName)})`);
const CARRY_YEAR_AFTER = /^\s*(全年|年度|年底|年末|底|末)?\s*[，,、：:]/;
const TARGET_RE = new RegExp(alt(W.modality.target));
const TARGET_BRIDGE_RE = new RegExp(alt(W.modality.targetInBridge));
const NOT_TARGET_BRIDGE_RE = new RegExp(alt(W.modality.notTargetInBridge), 'g');
const TARGET_AFTER_RE = new RegExp(`^\\s*(以上|左右)?\\s*(${alt(W.modality.targetAfter)})`);
const BY_YEAR_RE = new RegExp(`(^|[，,：:；;\\s]|${alt(W.modality.targetInBridge)}|${alt(W.modality.target)})(${alt(W.modality.byYear)})\\s*\\d{4}\\s*年`);
const CHANGE_RE = new RegExp(`(${alt(W.change)})(?!值)`);
const RATE_CHANGE_RE = new RegExp(alt(W.rateChange));
const LEVEL_AFTER_CHANGE_RE = new RegExp(
  `(${alt(W.levelAfterChange)})\\s*(全球|世界)?\\s*(${alt(W.comparator['more-than'].before.concat(W.comparator.about.before))})?\\s*$`,
);
const CHANGE_UNITS = new Set(W.changeUnits);
const BRIDGE_STOP_RE = new RegExp(alt(W.bridgeStop));
const BRIDGE_STOP_NOT_RANK_RE = new RegExp(alt(W.bridgeStopNotRank));
const WINDOW_STOP_RE = new RegExp(alt(W.windowStop));
const RESUME_RE = /^\s*(已|并|则|也|已经)?\s*(达到|达|为|是|提高到|提高至|提升到|提升至|升至|增至|上升到|上升至)\s*(约|近|超过|突破)?\s*$/;
const RESPECTIVELY_RE = new RegExp(`(${alt(W.list.respectively)})`);
const CONTINUATION_RE = new RegExp(
  `^\\s*[，,]?\\s*(?:\\d{4}\\s*年(?:底|末)?\\s*)?(?:又|进一步|再|已|则|并)?\\s*(?:${alt(W.continuation)})\\s*(?:\\d{4}\\s*年(?:底|末)?\\s*的?)?\\s*(?:${alt(W.comparator['more-than'].before.concat(W.comparator.about.before))})?\\s*$`,
);
const LIST_SEP = new Set(W.list.separators);
const LIST_LAST = new RegExp(`(${alt(W.list.lastSeparators)})$`);
const VALUE_SEP = /^\s*(、|，|,|和|与|及|以及)\s*$/;

/** Clause ends for the window after a name: a figure after these belongs to the next clause. */
function isClauseEnd(c: number): boolean {
  // 。！？；; \n ! ?
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0x3b || c === 0x0a || c === 0x21 || c === 0x3f;
}
/** Sentence ends (the clauses joined by ；share their lead: 2025年，…；…): 。！？ \n ! ? */
function isSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0a || c === 0x21 || c === 0x3f;
}

/** How far before a figure its time, scope and modality are looked for, and after a name its figure. */
const LOOK_BACK = 200;
const CARRY_BACK = 400;
const WINDOW = 40;
const QUOTE_BACK = 1000;

function isRank(stat: Statistic): boolean {
  return stat.unit === '位';
}
/** An indicator that is itself a rate of change (国内生产总值增速): 增长5.0% is its level. */
function isRate(stat: Statistic): boolean {
  return /增速|增长/.test(stat.name);
}
export function unitFactor(stat: Statistic, unit: string): number | undefined {
  return UNITS[stat.unit]?.[unit];
}

// ------------------------------------------------------------------ mentions

/**
 * Indicator names in a block: where names overlap, the one that ends last (then the longer one) is
 * the indicator, as the head of a Chinese noun phrase is at its end: in 全国研发经费投入强度 the
 * indicator is 研发经费投入强度, not 全国研发经费投入. Series written the same way are one mention.
 */
export function statMentions(hits: Match<Hit>[]): Mention[] {
  const stat = hits.filter((h) => h.value.kind === 'stat');
  stat.sort((a, b) => b.end - a.end || a.start - b.start);
  const out: Mention[] = [];
  for (const h of stat) {
    if (h.value.kind !== 'stat') continue;
    const last = out[out.length - 1];
    if (last && last.start === h.start && last.end === h.end) {
      if (!last.stats.includes(h.value.stat)) last.stats.push(h.value.stat);
      continue;
    }
    if (last && h.end > last.start) continue;
    out.push({ start: h.start, end: h.end, stats: [h.value.stat] });
  }
  return out.reverse();
}

/** Written names → series, for list items (高技术制造业 + 增加值占规模以上工业增加值比重). */
const namesOf = new WeakMap<KnowledgeIndex, Map<string, Statistic[]>>();
function names(index: KnowledgeIndex): Map<string, Statistic[]> {
  let map = namesOf.get(index);
  if (!map) {
    map = new Map();
    for (const s of index.knowledge.statistics) {
      for (const n of [s.name, ...s.aliases]) {
        const list = map.get(n) ?? [];
        if (!list.includes(s)) list.push(s);
        map.set(n, list);
      }
    }
    namesOf.set(index, map);
  }
  return map;
}

// ------------------------------------------------------------------ figures

interface Token {
  start: number;
  end: number;
  text: string;
  amount: number;
  unit: string;
  decimals: number;
  rank: boolean;
  /** 1300多万辆 */
  more: boolean;
}

/** Figures in [from, to): numbers with their unit, ranks (第10位); years and dates are not figures. */
function tokens(text: string, from: number, to: number): Token[] {
  const slice = text.slice(from, to);
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(slice); m; m = TOKEN.exec(slice)) {
    if (!m[0]) {
      TOKEN.lastIndex++;
      continue;
    }
    const rank = !!m[1];
    const digits = /^\d/.test(m[2]);
    if (!rank && !digits) continue;
    const prev = slice[m.index - 1] ?? text[from + m.index - 1] ?? '';
    if (digits && /[\d.A-Za-z]/.test(prev)) continue;
    let unit = m[4] ?? '';
    const next = slice[m.index + m[0].length] ?? text[from + m.index + m[0].length] ?? '';
    // 3.7亿千瓦, 1.4万亿斤: 亿 is a unit of money only when no measure word follows
    if ((unit === '亿' || unit === '万亿') && /[千万瓦吨人辆台部户个件只条张套次美欧日港立方平米度瓶箱头株亩斤桶篇项家座所名位]/.test(next)) unit = OTHER;
    if (rank) {
      if (unit !== '位' && unit !== '名') continue;
    } else {
      if (unit === '位' || unit === '名') continue;
      // a year, a date, an ordinal: no figure
      if (!unit && /[年月日号期届次代]/.test(next)) continue;
      // 77万套, 5倍: a figure in a unit no series has (it still counts in a list 分别为…)
      if (!unit && /[倍A-Za-z万亿个%％]|[\u4e00-\u9fff]/.test(next) && !/[，。；、和与及以左上多余的]/.test(next)) unit = OTHER;
    }
    const amount = rank ? parseSmallNumber(m[2].replace(/\s/g, '')) : Number(m[2]);
    if (amount === undefined || Number.isNaN(amount)) continue;
    // a figure cut by the end of the window (44 of 44.7%) is no figure
    if (m.index + m[0].length === slice.length && /[\d.%％]/.test(text[to] ?? '')) continue;
    let written = m[0];
    if (unit === OTHER) {
      // the figure ends after its measure word (77万套, 3.7亿千瓦)
      const rest = /^[^\s，。；、,;和与及以左上多余的（(]{1,3}/.exec(slice.slice(m.index + m[0].length));
      if (rest) written += rest[0];
      TOKEN.lastIndex = m.index + written.length;
    }
    out.push({
      start: from + m.index,
      end: from + m.index + written.length,
      text: written,
      amount,
      unit,
      decimals: digits && m[2].includes('.') ? m[2].split('.')[1].length : 0,
      rank,
      more: !!m[3],
    });
  }
  return out;
}

function compatible(stats: Statistic[], t: Token): Statistic[] {
  return stats.filter((s) => (isRank(s) ? t.rank : !t.rank && unitFactor(s, t.unit) !== undefined));
}

function endsWithAny(s: string, list: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const w of list) if (w && s.endsWith(w) && (!best || w.length > best.length)) best = w;
  return best;
}
function startsWithAny(s: string, list: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const w of list) if (w && s.startsWith(w) && (!best || w.length > best.length)) best = w;
  return best;
}

function comparatorOf(text: string, t: Token): Comparator {
  const before = text
    .slice(Math.max(0, t.start - 5), t.start)
    .replace(/\s+$/, '')
    .replace(/了$/, '');
  const after = text.slice(t.end, t.end + 3);
  const C = W.comparator;
  if (t.more) return 'more-than';
  if (startsWithAny(after, C['at-least'].after)) return 'at-least';
  if (startsWithAny(after, C['at-most'].after)) return 'at-most';
  if (startsWithAny(after, C.about.after)) return 'about';
  if (startsWithAny(after, C['more-than'].after)) return 'more-than';
  const stripped = before.replace(/(为|是|达到|达)$/, '');
  for (const b of [before, stripped]) {
    if (endsWithAny(b, C['less-than'].before)) return 'less-than';
    if (endsWithAny(b, C['more-than'].before)) return 'more-than';
    if (endsWithAny(b, C.about.before)) return 'about';
  }
  return 'exact';
}

// ------------------------------------------------------------------ time

interface TimeWord {
  start: number;
  end: number;
  time: ClaimTime;
}

/** The opening mark of an unclosed open…close around `at`, looking back to `from` only (-1: none). */
function inside(text: string, from: number, at: number, open: string, close: string): number {
  const o = open.charCodeAt(0);
  const c = close.charCodeAt(0);
  for (let i = Math.min(at, text.length) - 1; i >= from; i--) {
    const ch = text.charCodeAt(i);
    if (ch === c) return -1;
    if (ch === o) return i;
  }
  return -1;
}

/** The time words of [from, to), classified, in order. */
function timeWords(text: string, from: number, to: number, sentence: number): TimeWord[] {
  const slice = text.slice(from, to);
  const out: TimeWord[] = [];
  TIME_RE.lastIndex = 0;
  for (let m = TIME_RE.exec(slice); m; m = TIME_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    const span = { start, end };
    if (m[1]) out.push({ ...span, time: { kind: 'uncertain', why: 'period', ...span, from: Number(m[1]), to: Number(m[2]) } });
    else if (m[3]) {
      const year = Number(m[3]);
      // 较2020年增长48%, 是2012年的2.15倍: the base of a comparison, not the time of a figure
      if (/(较|比|相比|相较|与|同|是)\s*$/.test(text.slice(Math.max(from, start - 2), start))) continue;
      const after = text.slice(end, end + 8);
      let time: ClaimTime = { kind: 'year', year, ...span };
      if (YEAR_PERIOD_AFTER.test(after)) time = { kind: 'uncertain', why: 'since', ...span };
      else if (YEAR_SUB_AFTER.test(after)) time = { kind: 'uncertain', why: 'sub-annual', ...span };
      else {
        // a report's year: 《中国数字经济发展研究报告（2024年）》 is about 2023; a 统计公报's year is its data year
        const back = Math.max(sentence, start - LOOK_BACK);
        const title = inside(text, back, start, '《', '》');
        if (title >= 0) {
          const name = text.slice(title, Math.min(text.length, end + 40)).split('》')[0];
          if (!name.includes('统计公报')) time = { kind: 'uncertain', why: 'title', ...span };
        } else if (inside(text, back, start, '（', '）') >= 0 || inside(text, back, start, '(', ')') >= 0) {
          time = { kind: 'uncertain', why: 'parenthesis', ...span };
        }
      }
      out.push({ ...span, time });
    } else if (m[4]) out.push({ ...span, time: { kind: 'current', ...span } });
    else if (m[5]) {
      // 比上年 / 较去年 are part of a change, not the time of the figure
      if (/[比较]$/.test(text.slice(start - 1, start))) continue;
      out.push({ ...span, time: { kind: 'uncertain', why: 'relative', ...span } });
    } else if (m[6]) out.push({ ...span, time: { kind: 'uncertain', why: 'sub-annual', ...span } });
    else if (m[7]) {
      // 近年来 / 多年来 say how long, not when
      if (/近年|近几年|多年|这些年/.test(m[7])) continue;
      out.push({ ...span, time: { kind: 'uncertain', why: 'period', ...span } });
    }
  }
  return out;
}

/**
 * The time of a figure: a year written right after it (2.65%（2023年）); else the time word nearest
 * before it in its sentence (当前 in the later clause wins over the year of an earlier one); a year
 * bound to another figure (从2012年的1.91%…) is not this figure's. With no time word in the sentence,
 * a year that opens an earlier sentence of the paragraph (2023年，……。……) carries over.
 */
function timeOf(text: string, from: number, sentence: number, t: Token, skip: Array<[number, number]>): ClaimTime {
  const after = /^\s*[（(]\s*(\d{4})\s*年?\s*[)）]/.exec(text.slice(t.end, t.end + 10));
  if (after) return { kind: 'year', year: Number(after[1]), start: t.end, end: t.end + after[0].length };
  const lo = Math.max(sentence, t.start - LOOK_BACK);
  // 年产量首破1000万辆 (in the figure's clause): when a threshold was first crossed, not the figure of a year or of now
  let clause = t.start;
  while (clause > lo && !/[，,；;：:]/.test(text[clause - 1])) clause--;
  if (MILESTONE_RE.test(text.slice(clause, t.start))) return { kind: 'uncertain', why: 'milestone', start: clause, end: t.start };
  const found = timeWords(text, lo, t.start, sentence).filter((w) => !skip.some(([s, e]) => w.start >= s && w.end <= e));
  const nearest = found[found.length - 1];
  if (nearest) {
    // 从2012年的1.91%…: a year written right before another figure is that figure's
    const between = text.slice(nearest.end, t.start);
    if (
      nearest.time.kind === 'year' &&
      /^\s*(底|末)?\s*(的|为|是)?\s*(第\s*)?\d/.test(between) &&
      !/^\s*(底|末)?\s*(的|为|是)?\s*(第\s*)?$/.test(between.slice(0, between.length))
    ) {
      return { kind: 'uncertain', why: 'bound', start: nearest.start, end: nearest.end };
    }
    return nearest.time;
  }
  // earlier sentences of the paragraph
  const back = timeWords(text, Math.max(from, sentence - CARRY_BACK), sentence, from);
  const last = back[back.length - 1];
  if (!last) return { kind: 'none' };
  if (last.time.kind === 'year' && CARRY_YEAR_AFTER.test(text.slice(last.end, last.end + 6))) return last.time;
  if (last.time.kind === 'current') return last.time;
  return { kind: 'uncertain', why: 'earlier', start: last.start, end: last.end };
}

// ------------------------------------------------------------------ scope

type Pred = { scope: Scope | 'ok'; word?: string };

function wordEndingAt(text: string, pos: number, from: number): string | undefined {
  for (let len = Math.min(PRED_MAX, pos - from); len >= 1; len--) {
    const w = text.slice(pos - len, pos);
    if (SCOPE_WORDS.has(w) || NEUTRAL.has(w)) return w;
  }
  return undefined;
}

/** What stands right before an indicator name: 我国 / 2025年 / 目前 leave it the national series; 企业, 美国, 全省 do not. */
function predecessor(text: string, from: number, start: number, own: Statistic[]): Pred {
  let p = start;
  while (p > from && /\s/.test(text[p - 1])) p--;
  if (p <= from) return { scope: 'ok' };
  const c = text[p - 1];
  if (!isHan(c) && !/[A-Za-z]/.test(c)) return { scope: 'ok' };
  const classify = (w: string | undefined): Pred | undefined => {
    if (!w) return undefined;
    const s = SCOPE_WORDS.get(w);
    if (s === 'part') return ownWord(own, w) ? { scope: 'ok' } : { scope: 'unknown', word: w };
    return s ? { scope: s, word: w } : NEUTRAL.has(w) ? { scope: 'ok' } : undefined;
  };
  const w = wordEndingAt(text, p, from);
  if (c === '的' && !w) {
    const q = p - 1;
    const w2 = wordEndingAt(text, q, from);
    const r = classify(w2);
    // 我国的 / 2024年的 / 国家统计局发布的 研发经费投入强度; not 企业的, 要实现的
    if (r && (r.scope !== 'ok' || !TARGET_VERBS.has(w2!))) return r;
    return { scope: 'unknown', word: text.slice(Math.max(from, q - 2), p) };
  }
  return classify(w) ?? { scope: 'unknown', word: text.slice(Math.max(from, p - 2), p) };
}

/** Is the part `word` names the indicator's own frame (规模以上工业 for 高技术制造业增加值占规模以上工业增加值比重)? */
function ownWord(stats: Statistic[], word: string): boolean {
  const frames = PART[word] ?? [word];
  return stats.some((s) => frames.some((f) => s.name.includes(f) || s.aliases.some((a) => a.includes(f))));
}

function lastScopeWord(
  text: string,
  segments: Array<[number, number]>,
  rank: boolean,
  names: Mention[],
  own: Statistic[],
): { scope: Scope; word: string } | undefined {
  let best: { at: number; scope: Scope; word: string } | undefined;
  for (const [s, e] of segments) {
    if (e <= s) continue;
    const slice = text.slice(s, e);
    SCOPE_RE.lastIndex = 0;
    for (let m = SCOPE_RE.exec(slice); m; m = SCOPE_RE.exec(slice)) {
      if (rank && RANK_FRAME.has(m[0])) continue;
      const at = s + m.index;
      // 国内 of 国内生产总值, 全球 of 全球创新指数: a word of another indicator's name
      if (names.some((n) => at < n.end && at + m![0].length > n.start)) continue;
      const kind = SCOPE_WORDS.get(m[0])!;
      if (kind === 'part' && ownWord(own, m[0])) continue;
      if (!best || at > best.at) best = { at, scope: kind === 'part' ? 'unknown' : kind, word: m[0] };
    }
  }
  return best;
}

// ------------------------------------------------------------------ lists

interface Item {
  start: number;
  end: number;
  /** series the item names with the shared tail of the last name, if exactly one indicator */
  stats: Statistic[];
}

/** 高技术制造业 before 、装备制造业增加值占规模以上工业增加值比重: which indicator does it name? */
function resolveItem(index: KnowledgeIndex, item: string, tail: Mention, text: string): Statistic[] {
  const map = names(index);
  const written = text.slice(tail.start, tail.end);
  const found = new Map<string, Statistic[]>();
  for (let j = 0; j + 2 <= item.length; j++) {
    const head = item.slice(j);
    for (let k = 1; k < written.length; k++) {
      const hit = map.get(head + written.slice(k));
      if (hit)
        found.set(
          hit
            .map((s) => s.id)
            .sort()
            .join('|'),
          hit,
        );
    }
  }
  return found.size === 1 ? [...found.values()][0] : [];
}

/** Where a list item ending at `end` starts: after the previous 、 or clause mark (24 characters at most). */
function itemStart(text: string, from: number, end: number): number {
  let start = end;
  while (start > from && end - start < 24) {
    const c = text.charCodeAt(start - 1);
    const s = text[start - 1];
    if (LIST_SEP.has(s) || isClauseEnd(c) || s === '，' || s === ',' || s === '：' || s === ':' || s === '（' || s === '(' || s === '“') break;
    start--;
  }
  return start;
}

/** Bare items listed before a name (A、B和<name>), nearest last; undefined when none. */
function itemsBefore(index: KnowledgeIndex, text: string, from: number, first: Mention): Item[] {
  const items: Item[] = [];
  let pos = first.start;
  for (let n = 0; n < 6; n++) {
    const ch = text[pos - 1];
    let sepLen = 0;
    if (LIST_SEP.has(ch)) sepLen = 1;
    else if (n === 0) {
      const m = LIST_LAST.exec(text.slice(Math.max(from, pos - 2), pos));
      if (m) sepLen = m[1].length;
    }
    if (!sepLen) break;
    const end = pos - sepLen;
    const start = itemStart(text, from, end);
    if (start === end || end - start >= 24) break;
    items.unshift({ start, end, stats: resolveItem(index, text.slice(start, end), first, text) });
    pos = start;
    if (!LIST_SEP.has(text[start - 1])) break;
  }
  // a 和 that joins no indicator is a word of the sentence, not a list
  if (items.length === 1 && !LIST_SEP.has(text[first.start - 1]) && !items[0].stats.length) return [];
  return items;
}

// ------------------------------------------------------------------ claims

interface Raw {
  indicator: Mention;
  token: Token;
  kind: 'level' | 'change';
  /** the year paired with the figure by 分别 (2023年、2024年分别为…) */
  time?: ClaimTime;
  /** 2017年到2021年…从X增至Y: X is the first year's, Y the last year's */
  role?: 'from' | 'to';
}

const YEAR_LIST = /(\d{4})\s*年((?:\s*(?:、|和|与|及|，)\s*\d{4}\s*年)+)/g;

function isChangeBridge(bridge: string, stats: Statistic[], t: Token): boolean {
  if (CHANGE_UNITS.has(t.unit)) return true;
  const rate = stats.length > 0 && stats.every(isRate);
  const m = rate ? RATE_CHANGE_RE.exec(bridge) : CHANGE_RE.exec(bridge);
  if (!m) return false;
  // 提高到 / 增长至 a level
  return !LEVEL_AFTER_CHANGE_RE.test(bridge.slice(m.index));
}

/** The figures after one indicator (or a list of them) and which indicator each belongs to. */
function figures(text: string, indicators: Mention[], sentence: number, to: number): Raw[] {
  const last = indicators[indicators.length - 1];
  const windowEnd = Math.min(to, last.end + WINDOW + 16 * (indicators.length - 1));
  let end = last.end;
  while (end < windowEnd && !isClauseEnd(text.charCodeAt(end))) end++;
  const toks = tokens(text, last.end, end);
  const rank = last.stats.some(isRank);
  const stop = (bridge: string) => BRIDGE_STOP_RE.test(bridge) || (!rank && BRIDGE_STOP_NOT_RANK_RE.test(bridge));
  const resp = RESPECTIVELY_RE.exec(text.slice(last.end, end));
  if (indicators.length > 1 || resp) {
    // A、B…分别为X、Y: values pair with the indicators in order, or with the years listed (2023年、2024年分别为…)
    if (!resp) return [];
    // 占…比重由21.6%提升至41.5%，…渗透率分别为…: the 分别 of another subject
    if (stop(text.slice(last.end, last.end + resp.index)) || /[，,：:]/.test(text.slice(last.end, last.end + resp.index))) return [];
    const at = last.end + resp.index + resp[0].length;
    const values: Token[] = [];
    for (const t of toks) {
      if (t.start < at) continue;
      const gap = text.slice(values.length ? values[values.length - 1].end : at, t.start);
      if (values.length && !VALUE_SEP.test(gap)) break;
      if (!values.length && stop(gap)) break;
      values.push(t);
    }
    const verb = text.slice(at, values[0]?.start ?? at);
    const out: Raw[] = [];
    if (values.length === indicators.length) {
      values.forEach((t, i) => {
        const kind = isChangeBridge(verb, indicators[i].stats, t) ? 'change' : 'level';
        if (kind === 'level' && !compatible(indicators[i].stats, t).length) return;
        out.push({ indicator: indicators[i], token: t, kind });
      });
    } else if (indicators.length === 1 && values.length > 1) {
      // 研发经费投入强度2023年、2024年分别为2.65%、2.69%: the figures pair with the years listed before 分别
      const lead = text.slice(sentence, at);
      let list: RegExpExecArray | undefined;
      YEAR_LIST.lastIndex = 0;
      for (let m = YEAR_LIST.exec(lead); m; m = YEAR_LIST.exec(lead)) list = m;
      if (!list) return [];
      const years: ClaimTime[] = [];
      const re = /(\d{4})\s*年/g;
      for (let m = re.exec(list[0]); m; m = re.exec(list[0])) {
        const start = sentence + list.index + m.index;
        years.push({ kind: 'year', year: Number(m[1]), start, end: start + m[0].length });
      }
      if (years.length !== values.length) return [];
      values.forEach((t, i) => {
        const kind = isChangeBridge(verb, indicators[0].stats, t) ? 'change' : 'level';
        out.push({ indicator: indicators[0], token: t, kind, time: years[i] });
      });
    }
    return out;
  }
  const ind = last;
  const out: Raw[] = [];
  let anchor = ind.end;
  let level = false;
  let skipped = false;
  for (const t of toks) {
    const bridge = text.slice(anchor, t.start);
    if (!level) {
      if (t.start - ind.end > WINDOW) break;
      // …超过OECD国家平均水平，达到2.8%: after a comma, a bare 达到/为 goes back to the indicator
      if (stop(bridge)) {
        const cut = Math.max(bridge.lastIndexOf('，'), bridge.lastIndexOf(','));
        if (cut < 0 || !RESUME_RE.test(bridge.slice(cut + 1))) break;
      }
      // a figure of another unit, then a comma: the clause has moved on to another subject
      if (skipped && /[，,]/.test(bridge)) break;
      if (isChangeBridge(bridge, ind.stats, t)) {
        if (/[，,]/.test(bridge)) break;
        out.push({ indicator: ind, token: t, kind: 'change' });
        anchor = t.end;
        continue;
      }
      if (!compatible(ind.stats, t).length) {
        skipped = true;
        continue;
      }
      // 2.5%—2.8%, 2.5%至2.8%之间: a range, not a figure
      if (/^\s*[—–\-~～至到]\s*\d/.test(text.slice(t.end, t.end + 4))) break;
      out.push({ indicator: ind, token: t, kind: 'level' });
      level = true;
      anchor = t.end;
      continue;
    }
    if (WINDOW_STOP_RE.test(bridge)) break;
    if (CONTINUATION_RE.test(bridge) && compatible(ind.stats, t).length) {
      const prev = out[out.length - 1];
      if (prev.kind === 'level' && !prev.role && /[从由]\s*$/.test(text.slice(Math.max(ind.end, prev.token.start - 2), prev.token.start))) prev.role = 'from';
      out.push({ indicator: ind, token: t, kind: 'level', role: prev.role ? 'to' : undefined });
      anchor = t.end;
      continue;
    }
    // 比上年增长8.9% right after the level (one comma at most)
    if (isChangeBridge(bridge, ind.stats, t) && (bridge.match(/[，,]/g)?.length ?? 0) <= 1 && bridge.length <= 12) {
      out.push({ indicator: ind, token: t, kind: 'change' });
      anchor = t.end;
      continue;
    }
    break;
  }
  return out;
}

function sentenceStartOf(text: string, from: number, at: number): number {
  for (let i = at - 1; i >= from; i--) if (isSentenceEnd(text.charCodeAt(i))) return i + 1;
  return from;
}

function modalityOf(
  text: string,
  sentence: number,
  first: number,
  ind: Mention,
  t: Token,
  skip: Array<[number, number]>,
): { modality: Modality; word?: string } {
  // the sentence before the figure, names left out (an indicator's own name is no modal word)
  let lead = '';
  let p = Math.max(sentence, t.start - LOOK_BACK);
  for (const [s, e] of skip) {
    if (e <= p || s >= t.start) continue;
    lead += text.slice(p, Math.max(p, s)) + '　';
    p = Math.max(p, e);
  }
  lead += text.slice(p, t.start);
  const target = TARGET_RE.exec(lead);
  if (target) return { modality: 'target', word: target[0] };
  const by = BY_YEAR_RE.exec(lead);
  if (by) return { modality: 'target', word: by[0].replace(/^[，,：:；;\s]/, '') };
  const bridge = text.slice(ind.end, t.start).replace(NOT_TARGET_BRIDGE_RE, '　');
  const inBridge = TARGET_BRIDGE_RE.exec(bridge);
  if (inBridge) return { modality: 'target', word: inBridge[0] };
  // 将研发经费投入强度提高到… : a target verb right before the name
  const before = text.slice(Math.max(sentence, first - 4), first);
  const verb = /(将|要|力争|争取|确保|推动|促进|使|把)$/.exec(before);
  if (verb) return { modality: 'target', word: verb[1] };
  const after = TARGET_AFTER_RE.exec(text.slice(t.end, t.end + 8));
  if (after) return { modality: 'target', word: after[2] };
  return { modality: 'measurement' };
}

/**
 * Every claim of the block [from, to) of `text`. `hits` are the automaton's hits in the block;
 * `mentions` (from statMentions) may be passed when already made.
 */
export function extractClaims(index: KnowledgeIndex, text: string, from: number, to: number, hits: Match<Hit>[], mentions = statMentions(hits)): Claim[] {
  const claims: Claim[] = [];
  let i = 0;
  while (i < mentions.length) {
    // names joined by 、/和 (研发经费投入强度和数字经济核心产业增加值占GDP比重分别为…)
    let j = i;
    while (j + 1 < mentions.length && /^\s*(、|和|与|及|以及)\s*$/.test(text.slice(mentions[j].end, mentions[j + 1].start))) j++;
    const chain = mentions.slice(i, j + 1);
    const next = mentions[j + 1]?.start ?? to;
    i = j + 1;
    const last = chain[chain.length - 1];
    // 高技术制造业增加值、装备制造业增加值占…比重: a name inside a longer list item (制造业增加值 of 高技术制造业增加值)
    // is the item, named with the tail of the last name
    for (let k = 0; k + 1 < chain.length; k++) {
      if (predecessor(text, from, chain[k].start, chain[k].stats).scope !== 'unknown') continue;
      const start = itemStart(text, from, chain[k].start);
      chain[k] = { start, end: chain[k].end, stats: resolveItem(index, text.slice(start, chain[k].end), last, text) };
    }
    // a name in a title (《国家创新指数报告2024》) or naming a report is no claim
    if (inside(text, Math.max(from, last.start - LOOK_BACK), last.start, '《', '》') >= 0 || NOT_A_NAME_RE.test(text.slice(last.end, last.end + 4))) continue;
    const items = itemsBefore(index, text, from, chain[0]);
    const indicators: Mention[] = [...items.map((it) => ({ start: it.start, end: it.end, stats: it.stats })), ...chain];
    const first = indicators[0];
    const sentence = sentenceStartOf(text, from, first.start);
    const raws = figures(text, indicators, sentence, next);
    if (!raws.length) continue;
    const skip: Array<[number, number]> = indicators.map((m) => [m.start, m.end]);
    for (const r of raws) {
      if (!r.indicator.stats.length) continue;
      const t = r.token;
      const rank = r.indicator.stats.some(isRank);
      // scope: right before the name, then the nearest scope word of the sentence (names left out), then 我市… earlier in the paragraph
      const pred = predecessor(text, from, r.indicator === first || items.length === 0 ? r.indicator.start : first.start, r.indicator.stats);
      let scope: Scope = 'national';
      let scopeWord: string | undefined;
      if (pred.scope !== 'ok' && pred.scope !== 'national') {
        scope = pred.scope;
        scopeWord = pred.word;
      } else {
        // list items (高技术制造业、) are no names: 全省高技术制造业、装备制造业… is searched whole
        const segments: Array<[number, number]> = [[Math.max(sentence, chain[0].start - LOOK_BACK), chain[0].start]];
        for (let k = 0; k + 1 < chain.length; k++) segments.push([chain[k].end, chain[k + 1].start]);
        // between the name and the figure, only the figure's own clause (…平均水平，达到2.8%)
        const bridgeStart = chain[chain.length - 1].end;
        const own = text.slice(bridgeStart, t.start);
        const cut = Math.max(own.lastIndexOf('，'), own.lastIndexOf(','));
        segments.push([cut >= 0 ? bridgeStart + cut + 1 : bridgeStart, t.start]);
        const word = lastScopeWord(text, segments, rank, mentions, r.indicator.stats);
        if (word) {
          scope = word.scope;
          scopeWord = word.word;
        } else {
          const earlier = STRONG_LOCAL_RE.exec(text.slice(Math.max(from, sentence - CARRY_BACK), sentence));
          if (earlier) {
            scope = 'local';
            scopeWord = earlier[0];
          } else if (rank) {
            // a rank names whose rank it is: 我国排名第10位; 瑞士排名第1位 is not China's
            scope = 'unknown';
          }
        }
      }
      let time = r.time ?? timeOf(text, from, sentence, t, skip);
      if (time.kind === 'uncertain' && time.why === 'period' && r.role && time.from && time.to) {
        time = { kind: 'year', year: r.role === 'from' ? time.from : time.to, start: time.start, end: time.end };
      }
      // 从2.4%提高到2.8%: with no year of its own, the starting figure is an earlier one, never the current one
      if (r.role === 'from' && (time.kind === 'none' || time.kind === 'current')) time = { kind: 'uncertain', why: 'base', start: t.start, end: t.end };
      // a headline (a short line of its own, no sentence mark): the figure of the news below it, dated there
      if (time.kind === 'none' && isHeadline(text, from, to, t)) time = { kind: 'uncertain', why: 'headline', start: t.start, end: t.end };
      // in quotation marks: the speaker's figure, as of when they spoke
      if ((time.kind === 'none' || time.kind === 'current') && inside(text, Math.max(from, t.start - QUOTE_BACK), t.start, '“', '”') >= 0) {
        time = { kind: 'uncertain', why: 'quoted', start: t.start, end: t.end };
      }
      const { modality, word: modalityWord } = modalityOf(text, sentence, first.start, r.indicator, t, skip);
      claims.push({
        indicator: r.indicator,
        scope,
        scopeWord,
        time,
        modality,
        modalityWord,
        comparator: comparatorOf(text, t),
        kind: r.kind,
        start: t.start,
        end: t.end,
        text: t.text,
        amount: t.amount,
        unit: t.unit,
        decimals: t.decimals,
      });
    }
  }
  return claims;
}

const HEADLINE_MAX = 60;

function isHeadline(text: string, from: number, to: number, t: Token): boolean {
  let a = t.start;
  while (a > from && text[a - 1] !== '\n' && t.start - a <= HEADLINE_MAX) a--;
  let b = t.end;
  while (b < to && text[b] !== '\n' && b - t.end <= HEADLINE_MAX) b++;
  if (b - a > HEADLINE_MAX || (a > from && text[a - 1] !== '\n') || (b < to && text[b] !== '\n')) return false;
  return !/[。！？；!?;]/.test(text.slice(a, b).trimEnd().slice(0, -1)) && !/[。！？；!?;，,]$/.test(text.slice(a, b).trimEnd());
}

/** The claims of a whole text taken as one block (tests, tools). */
export function claimsOf(index: KnowledgeIndex, text: string): Claim[] {
  const hits = index.automaton.scan(text, 0, text.length);
  return extractClaims(index, text, 0, text.length, hits);
}
