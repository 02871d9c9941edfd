// Feature: statistics (stat-mismatch, stat-outdated).
// A sentence that names an indicator and gives a value in a compatible unit is checked against the
// indicator's series. With a year: the value must match one of that year's official values (any
// vintage; rounding to the precision written is tolerated). Without a year, or marked as current
// (目前/当前/最新/现在): the value must be the latest as of the document's date.
import { finding, type BlockContext } from '../context';
import { leftmostLongest } from '../ahocorasick';
import { dateLE, formatDate, msg, parseSmallNumber, sentenceEnd, sentenceStart } from '../text';
import type { Statistic, StatValue } from '../types';
import units from '../units.json';

const UNITS = units as Record<string, Record<string, number>>;
const CURRENT = /目前|当前|最新|现在|如今|眼下|截至目前|迄今/;
const APPROX = /(约|近|接近|大约|左右)$/;
const LOWER_BOUND = /(超过|突破|逾|超|达到|以上)$/;
const WRITTEN_UNITS = [...new Set(Object.values(UNITS).flatMap((u) => Object.keys(u)))].sort((a, b) => b.length - a.length);
const NUMBER = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${WRITTEN_UNITS.filter((u) => u && u !== '位' && u !== '名').map(escape).join('|')})`, 'g');
const BARE = /(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]|\s*[%％万亿个位名年月日号期届次倍])/g;
const RANK = /第\s*([0-9]+|[一二三四五六七八九十]+)\s*(位|名)/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');
}

interface Written {
  start: number;
  end: number;
  /** value in the series' canonical unit */
  value: number;
  /** half a unit of the last digit written, in the canonical unit */
  tolerance: number;
  /** 超过/突破 X: any official value at or above X agrees */
  lowerBound: boolean;
  unit: string;
  text: string;
  factor: number;
  decimals: number;
}

function findValue(ctx: BlockContext, stat: Statistic, from: number, to: number): Written | undefined {
  const slice = ctx.text.slice(from, to);
  const family = UNITS[stat.unit];
  if (!family) return undefined;
  const re = new RegExp(stat.unit === '位' ? RANK.source : stat.unit === '' ? BARE.source : NUMBER.source, 'g');
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const unit = m[2] ?? '';
    const factor = family[unit];
    if (factor === undefined) continue;
    const raw = stat.unit === '位' ? parseSmallNumber(m[1]) : Number(m[1]);
    if (raw === undefined || Number.isNaN(raw)) continue;
    const decimals = m[1].includes('.') ? m[1].split('.')[1].length : 0;
    let tolerance = 0.5 * 10 ** -decimals * factor;
    if (stat.unit === '位') tolerance = 0;
    const before = ctx.text.slice(Math.max(ctx.start, from + m.index - 3), from + m.index).trim();
    const after = slice.slice(m.index + m[0].length, m.index + m[0].length + 2);
    const lowerBound = (LOWER_BOUND.test(before) && !/达到$/.test(before)) || /^(以上|多)/.test(after);
    if (APPROX.test(before) || /^左右/.test(after)) tolerance = Math.max(tolerance * 2, Math.abs(raw * factor) * 0.02);
    // 超过 X is a claim about X itself, not about a rounded X
    if (lowerBound) tolerance = 0;
    return {
      start: from + m.index,
      end: from + m.index + m[0].length,
      value: raw * factor,
      tolerance: tolerance + 1e-9,
      lowerBound,
      unit,
      text: m[0],
      factor,
      decimals,
    };
  }
  return undefined;
}

/** Relative margin of an official "X左右 / 约X" (about) value. */
const ABOUT_MARGIN = 0.03;
/**
 * How far above an official bound (超过X, X以上) the true value can plausibly be: official releases
 * round down to the nearest telling figure (突破1300万辆 for 1316.8), not to a distant one.
 */
const BOUND_MARGIN = 0.05;

/**
 * Can the writer's figure and the official value both be true? An official value may itself be a
 * bound (超过3.92万亿元: more-than; 10.5%以上: at-least; 10%左右: about), and so may the writer's (超过X).
 */
function matches(v: StatValue, w: Written): boolean {
  const about = Math.abs(v.value) * ABOUT_MARGIN;
  switch (v.comparator ?? 'exact') {
    case 'at-least':
    case 'more-than': {
      // the true value is at or a little above v.value
      const ceiling = v.value + Math.abs(v.value) * BOUND_MARGIN;
      if (w.lowerBound) return w.value - w.tolerance <= ceiling;
      return w.value + w.tolerance >= v.value && w.value - w.tolerance <= ceiling;
    }
    case 'about':
      return w.lowerBound ? v.value + about >= w.value - w.tolerance : Math.abs(v.value - w.value) <= w.tolerance + about;
    default:
      if (w.lowerBound) return v.value >= w.value - w.tolerance;
      return Math.abs(v.value - w.value) <= w.tolerance;
  }
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

export function checkStatistics(ctx: BlockContext): void {
  const { text } = ctx;
  const mentions = leftmostLongest(ctx.hits.filter((h) => h.value.kind === 'stat'));
  mentions.forEach((hit, i) => {
    if (hit.value.kind !== 'stat') return;
    ctx.annotations.push({ start: hit.start, end: hit.end, kind: 'stat', id: hit.value.stat.id });
    // series written the same way (two publishers of one indicator) are judged together
    const group: Statistic[] = [];
    for (const h of ctx.hits) if (h.value.kind === 'stat' && h.start === hit.start && h.end === hit.end) group.push(h.value.stat);
    const sEnd = sentenceEnd(text, hit.end, ctx.end);
    const next = mentions[i + 1]?.start ?? ctx.end;
    let w: Written | undefined;
    let unitStat: Statistic | undefined;
    for (const g of group) {
      const found = findValue(ctx, g, hit.end, Math.min(sEnd, next, hit.end + 40));
      if (found && (!w || found.start < w.start)) {
        w = found;
        unitStat = g;
      }
    }
    if (!w || !unitStat) return;
    const sameUnit = group.filter((g) => g.unit === unitStat.unit);
    const stat: Statistic = sameUnit.length === 1 ? unitStat : { ...unitStat, values: sameUnit.flatMap((g) => g.values) };
    const groupIds = sameUnit.length > 1 ? sameUnit.map((g) => g.id) : undefined;
    const before = ctx.findings.length;
    const sStart = sentenceStart(text, hit.start, ctx.start);
    const lead = text.slice(sStart, w.start);
    // the year of the sentence, or else the last year named earlier in the paragraph (2023年，……。……产量944.3万辆)
    let years = [...lead.matchAll(/(\d{4})\s*年(?!代)/g)];
    if (!years.length) years = [...text.slice(ctx.start, sStart).matchAll(/(\d{4})\s*年(?![代底末])(?!\d)/g)];
    const after = /^\s*[（(]\s*(\d{4})\s*年?/.exec(text.slice(w.end, w.end + 10));
    const year = after ? Number(after[1]) : years.length ? Number(years[years.length - 1][1]) : undefined;
    const current = CURRENT.test(lead);
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

    if (year !== undefined) {
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
            msg('stat-mismatch', { year, name: stat.name, written: w.text, values: ofYear.map((v) => describeValue(stat, v, w)).join('；') }),
            stat.id,
            ofYear.map((v) => ({ title: msg('fix.replace', { text: formatValue(stat, v, w) }), start: w.start, end: w.end, text: formatValue(stat, v, w) })),
            { expected: ofYear.map((v) => formatValue(stat, v, w)).join(' / '), source },
          ),
        );
        if (groupIds) for (let k = before; k < ctx.findings.length; k++) ctx.findings[k].group = groupIds;
        return;
      }
      if (current && year < latestYear && !latest.some((v) => matches(v, w))) {
        ctx.findings.push(
          finding(
            'stat-outdated',
            w.start,
            w.end,
            msg('stat-outdated.year', { year, name: stat.name, asOf: formatDate(ctx.asOf), latestYear, latestValue: latestText, latestSource }),
            stat.id,
            [{ title: msg('fix.latest', { text: fixText }), start: w.start, end: w.end, text: fixText }],
            { expected: latestText, source },
          ),
        );
        if (groupIds) for (let k = before; k < ctx.findings.length; k++) ctx.findings[k].group = groupIds;
      }
      return;
    }
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
          asOf: formatDate(ctx.asOf),
          latestYear,
          latestValue: latestText,
          latestSource,
        }),
        stat.id,
        [{ title: msg('fix.latest', { text: fixText }), start: w.start, end: w.end, text: fixText }],
        { expected: latestText, source },
      ),
    );
    if (groupIds) for (let k = before; k < ctx.findings.length; k++) ctx.findings[k].group = groupIds;
  });
}
