// Feature: statistics (stat-mismatch, stat-outdated).
// The claims layer (claims.ts) says what each figure next to an indicator name claims; this rule
// compares national measurements with the series. With a year: the figure must agree with one of that
// year's official values (any vintage; rounding to the precision written is tolerated). Without a
// year, or marked as current (目前/当前/最新…): it must agree with the latest value as of the
// document's date. Local, foreign or qualified figures, targets, changes (增长8.9%) and figures whose
// time cannot be placed (上半年, 2012年以来, a report's year…) are never compared.
import { extractClaims, statMentions, unitFactor, type Claim, type Comparator } from '../claims';
import { finding, type BlockContext } from '../context';
import { dateLE, formatDate, msg } from '../text';
import type { Statistic, StatValue } from '../types';

/** The written figure in a series' canonical unit. */
interface Written {
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

function written(stat: Statistic, c: Claim): Written | undefined {
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
function matches(v: StatValue, w: Written): boolean {
  const [a, b] = officialRange(v);
  const [c, d] = writtenRange(w);
  return Math.max(a, c) <= Math.min(b, d) + 1e-9;
}

const COMPARATOR_WORDS: Record<string, [string, string]> = {
  'at-least': ['', '以上'],
  'more-than': ['超过', ''],
  about: ['', '左右'],
};

function formatValue(stat: Statistic, v: StatValue, w: Written): string {
  if (stat.unit === '位') return `第${v.value}${w.unit}`;
  const inWritten = v.value / w.factor;
  const decimals = Math.max(0, (String(v.value).split('.')[1]?.length ?? 0) + Math.round(Math.log10(w.factor)));
  const [before, after] = COMPARATOR_WORDS[v.comparator ?? 'exact'] ?? ['', ''];
  return `${before}${Number(inWritten.toFixed(Math.min(decimals, 6)))}${w.unit}${after}`;
}

function describeValue(stat: Statistic, v: StatValue, w: Written): string {
  return `${formatValue(stat, v, w)}（${msg(`vintage.${v.vintage}` as 'vintage.final')}，${v.publisher}，${formatDate(v.released)}）`;
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
  const latestText = formatValue(stat, newest, w);
  const doc = newest.document.includes(newest.publisher) ? newest.document : `${newest.publisher}${newest.document}`;
  const latestSource = `${doc}，${formatDate(newest.released)}发布`;
  const fixText = `${latestText}（${latestYear}年，${latestSource}）`;
  const source = `${stat.name}：${latestSource}`;
  const dataDate = formatDate(dataAsOf(sameUnit, ctx.asOf));
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
      ctx.findings.push(
        finding(
          'stat-mismatch',
          w.start,
          w.end,
          msg('stat-mismatch', { year, name: stat.name, written: w.text, dataAsOf: dataDate, values: ofYear.map((v) => describeValue(stat, v, w)).join('；') }),
          stat.id,
          ofYear.map((v) => ({ title: msg('fix.replace', { text: formatValue(stat, v, w) }), start: w.start, end: w.end, text: formatValue(stat, v, w) })),
          { expected: ofYear.map((v) => formatValue(stat, v, w)).join(' / '), source },
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
  ctx.findings.push(
    finding(
      'stat-outdated',
      w.start,
      w.end,
      msg(key, {
        written: w.text,
        name: stat.name,
        oldYears: oldYears.map((y) => `${y}年`).join('、'),
        dataAsOf: dataDate,
        latestYear,
        latestValue: latestText,
        latestSource,
      }),
      stat.id,
      [{ title: msg('fix.latest', { text: fixText }), start: w.start, end: w.end, text: fixText }],
      { expected: latestText, source },
    ),
  );
  tag();
}
