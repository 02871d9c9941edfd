// Feature: statistics (stat-mismatch, stat-outdated).
// The claims layer (claims.ts) says what each figure next to an indicator name claims; this rule
// compares national measurements with the series. With a year: the figure must agree with one of that
// year's official values (any vintage; rounding to the precision written is tolerated). Without a
// year, or marked as current (目前/当前/最新…): it must agree with the latest value as of the
// document's date. Local, foreign or qualified figures, targets, changes (增长8.9%) and figures whose
// time cannot be placed (上半年, 2012年以来, a report's year…) are never compared.
import { extractClaims, statMentions, unitFactor, type Claim, type Comparator } from '../claims';
import { finding, type BlockContext } from '../context';
import { t } from '../i18n';
import { formatDate, msg, type MessageKey } from '../i18n';
import { dateLE } from '../text';
import type { Statistic, StatValue } from '../types';

/** The written figure in a series' canonical unit. */
export interface Written {
  start: number;
  end: number;
  /** value in the series' canonical unit */
  value: number;
  /** half a unit of the last digit written (wider for 约/左右), in the canonical unit */
  tolerance: number;
  comparator: Comparator;
  unit: string;
  text: string;
  factor: number;
}

export function written(stat: Statistic, c: Claim): Written | undefined {
  const factor = unitFactor(stat, c.unit);
  if (factor === undefined) return undefined;
  let tolerance = stat.unit === '位' ? 0 : 0.5 * 10 ** -c.decimals * factor;
  const value = c.amount * factor;
  if (c.comparator === 'about') tolerance = Math.max(tolerance * 2, Math.abs(value) * 0.02);
  // 超过 X / 不足 X is a claim about X itself, not about a rounded X
  if (c.comparator !== 'exact' && c.comparator !== 'about') tolerance = 0;
  return { start: c.start, end: c.end, value, tolerance: tolerance + 1e-9, comparator: c.comparator, unit: c.unit, text: c.text, factor };
}

/** Relative margin of an official "X左右 / 约X" (about) value. */
const ABOUT_MARGIN = 0.03;
/**
 * How far above an official bound (超过X, X以上) the true value can plausibly be: official releases
 * round down to the nearest telling figure (突破1300万辆 for 1316.8), not to a distant one.
 */
const BOUND_MARGIN = 0.05;

/** The true values an official value admits: exact, or a bound (超过3.92万亿元, 10.5%以上, 10%左右). */
function officialRange(v: StatValue): [number, number] {
  const m = Math.abs(v.value);
  switch (v.comparator ?? 'exact') {
    case 'at-least':
    case 'more-than':
      // the true value is at or a little above v.value
      return [v.value, v.value + m * BOUND_MARGIN];
    case 'about':
      return [v.value - m * ABOUT_MARGIN, v.value + m * ABOUT_MARGIN];
    default:
      return [v.value, v.value];
  }
}

/** The true values the writer's figure admits: X (rounded as written), 约X, 超过X / X以上, 不足X / X以下. */
function writtenRange(w: Written): [number, number] {
  switch (w.comparator) {
    case 'more-than':
    case 'at-least':
      return [w.value - w.tolerance, Infinity];
    case 'less-than':
    case 'at-most':
      return [-Infinity, w.value + w.tolerance];
    default:
      return [w.value - w.tolerance, w.value + w.tolerance];
  }
}

/** Can the writer's figure and the official value both be true? */
export function matches(v: StatValue, w: Written): boolean {
  const [a, b] = officialRange(v);
  const [c, d] = writtenRange(w);
  return Math.max(a, c) <= Math.min(b, d) + 1e-9;
}

/** The message of an official bound (超过X, X以上, X左右). */
const BOUND_KEYS = {
  'at-least': 'stat.bound.at-least',
  'more-than': 'stat.bound.more-than',
  about: 'stat.bound.about',
} as const;

/**
 * An official value in the writer's unit: in the writer's language for a message, in Chinese (`document`)
 * for the text a quick fix writes into the document.
 */
export function formatValue(stat: Statistic, v: StatValue, w: Written, document = false): string {
  const say = (key: MessageKey, vars: Record<string, string | number>) => (document ? t('zh', key, vars) : msg(key, vars));
  // (a rank is written 第11位 in any language: the figure as the writer writes it, like 万亿元)
  if (stat.unit === '位') return say('stat.rank', { value: v.value, unit: w.unit });
  const inWritten = v.value / w.factor;
  const decimals = Math.max(0, (String(v.value).split('.')[1]?.length ?? 0) + Math.round(Math.log10(w.factor)));
  const value = `${Number(inWritten.toFixed(Math.min(decimals, 6)))}${w.unit}`;
  const bound = BOUND_KEYS[(v.comparator ?? 'exact') as keyof typeof BOUND_KEYS];
  return bound ? say(bound, { value }) : value;
}

/** 2.68%（初步数，国家统计局，2025年1月23日） */
export function describeValue(stat: Statistic, v: StatValue, w: Written): string {
  return msg('stat.value', {
    value: formatValue(stat, v, w),
    vintage: msg(`vintage.${v.vintage}` as 'vintage.final'),
    publisher: v.publisher,
    released: formatDate(v.released),
  });
}

/**
 * The values of a year as they read to the writer, each once: a value released twice (the January
 * release and the 统计公报 both give 140.1879万亿元) is given with its newest release.
 */
export function distinctValues(stat: Statistic, values: StatValue[], w: Written): StatValue[] {
  const newest = new Map<string, StatValue>();
  for (const v of values) {
    const k = formatValue(stat, v, w, true);
    const seen = newest.get(k);
    if (!seen || !dateLE(v.released, seen.released)) newest.set(k, v);
  }
  return [...newest.values()];
}

/** The values of describeValue, each once (distinctValues), for a message. */
export function describeValues(stat: Statistic, values: StatValue[], w: Written): string {
  return distinctValues(stat, values, w)
    .map((v) => describeValue(stat, v, w))
    .join(msg('stat.values.separator'));
}

/**
 * What the data is current to: the newest publication date of the series' values released by `asOf`
 * (the document's date), or of all its values. Per series, not the knowledge base's newest date: a
 * series last updated in September is not vouched for up to March because another series was.
 */
export function dataAsOf(stats: Statistic[], asOf?: string): string | undefined {
  let newest: string | undefined;
  for (const s of stats) for (const v of s.values) if ((!asOf || dateLE(v.released, asOf)) && (!newest || !dateLE(v.released, newest))) newest = v.released;
  return newest;
}

export function checkStatistics(ctx: BlockContext): void {
  const { text } = ctx;
  const mentions = statMentions(ctx.hits);
  for (const m of mentions) ctx.annotations.push({ start: m.start, end: m.end, kind: 'stat', id: m.stats[0].id });
  for (const m of mentions) for (const s of m.stats.slice(1)) ctx.annotations.push({ start: m.start, end: m.end, kind: 'stat', id: s.id });
  const claims = extractClaims(ctx.index, text, ctx.start, ctx.end, ctx.hits, mentions);
  // kept for the document-level comparison of figures (rules/consistency.ts)
  ctx.claims = claims;
  for (const claim of claims) {
    // only what a national series can judge: a measurement of the level, of a time Tifa can place
    if (claim.scope !== 'national' || claim.modality !== 'measurement' || claim.kind !== 'level' || claim.time.kind === 'uncertain') continue;
    judge(ctx, claim);
  }
}

function judge(ctx: BlockContext, claim: Claim): void {
  // series written the same way (two publishers of one indicator) are judged together, in the figure's unit
  const usable = claim.indicator.stats.filter((s) => written(s, claim));
  if (!usable.length) return;
  const unitStat = usable[0];
  const sameUnit = usable.filter((g) => g.unit === unitStat.unit);
  const stat: Statistic = sameUnit.length === 1 ? unitStat : { ...unitStat, values: sameUnit.flatMap((g) => g.values) };
  const groupIds = sameUnit.length > 1 ? sameUnit.map((g) => g.id) : undefined;
  const w = written(unitStat, claim)!;
  const before = ctx.findings.length;
  const released = stat.values.filter((v) => dateLE(v.released, ctx.asOf));
  if (!released.length) return;
  const latestYear = Math.max(...released.map((v) => v.year));
  const ofLatestYear = released.filter((v) => v.year === latestYear);
  const newest = ofLatestYear.reduce((a, b) => (dateLE(a.released, b.released) ? b : a));
  // current: the latest year's newest release (a preliminary figure stops being current once the final one is out)
  const latest = ofLatestYear.filter((v) => v.released === newest.released);
  const release = (v: StatValue, locale?: 'zh') => {
    const document = v.document.includes(v.publisher) ? v.document : `${v.publisher}${v.document}`;
    return locale ? t(locale, 'stat.release', { document, date: formatDate(v.released) }) : msg('stat.release', { document, date: formatDate(v.released) });
  };
  // (the messages' words are made only for a figure that is reported: most agree)
  const dataDate = () => formatDate(dataAsOf(sameUnit, ctx.asOf));
  const tag = () => {
    if (groupIds) for (let k = before; k < ctx.findings.length; k++) ctx.findings[k].group = groupIds;
  };

  if (claim.time.kind === 'year') {
    const year = claim.time.year;
    // a year after the document's own: a forecast, whatever the wording
    if (year > Number(ctx.asOf.slice(0, 4))) return;
    const ofYear = stat.values.filter((v) => v.year === year);
    if (!ofYear.length) return;
    // another publisher's series of this indicator has no value for the year: it cannot be ruled out
    if (sameUnit.some((g) => !g.values.some((v) => v.year === year))) return;
    if (!ofYear.some((v) => matches(v, w))) {
      // each value once, with its newest release (the newest first among the fixes)
      const values = distinctValues(stat, ofYear, w);
      const byRelease = [...values].sort((a, b) => (a.released === b.released ? 0 : dateLE(a.released, b.released) ? 1 : -1));
      ctx.findings.push(
        finding(
          'stat-mismatch',
          w.start,
          w.end,
          msg('stat-mismatch', { year, name: stat.name, written: w.text, dataAsOf: dataDate(), values: describeValues(stat, values, w) }),
          stat.id,
          values.map((v) => {
            const text = formatValue(stat, v, w, true);
            return { title: msg('fix.replace', { text }), start: w.start, end: w.end, text };
          }),
          {
            expected: values.map((v) => formatValue(stat, v, w, true)).join(' / '),
            source: msg('stat.source', { name: stat.name, release: release(byRelease[0]) }),
          },
        ),
      );
      tag();
    }
    return;
  }
  // no year, or 目前/当前/最新: the latest value as of the document's date
  if (latest.some((v) => matches(v, w))) return;
  const oldYears = [...new Set(released.filter((v) => matches(v, w)).map((v) => v.year))].sort();
  const key = oldYears.length ? 'stat-outdated' : 'stat-outdated.unknown';
  const latestText = formatValue(stat, newest, w);
  const latestSource = release(newest);
  // (the text a quick fix writes into the document: Chinese in any language)
  const fixText = t('zh', 'stat.fix.latest', { value: formatValue(stat, newest, w, true), year: latestYear, release: release(newest, 'zh') });
  const source = msg('stat.source', { name: stat.name, release: latestSource });
  ctx.findings.push(
    finding(
      'stat-outdated',
      w.start,
      w.end,
      msg(key, {
        written: w.text,
        name: stat.name,
        oldYears: oldYears.map((y) => msg('stat.year', { year: y })).join(msg('stat.years.separator')),
        dataAsOf: dataDate(),
        latestYear,
        latestValue: latestText,
        latestSource,
      }),
      stat.id,
      [{ title: msg('fix.latest', { text: fixText }), start: w.start, end: w.end, text: fixText }],
      { expected: formatValue(stat, newest, w, true), source },
    ),
  );
  tag();
}
