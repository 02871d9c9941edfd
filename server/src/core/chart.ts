// A small SVG line chart of an indicator's series, drawn into the hover. One point per year
// (the latest-released value of that year); preliminary values are drawn hollow.
import type { Statistic, StatValue } from './types';

const W = 360;
const H = 140;
const PAD = { left: 44, right: 12, top: 14, bottom: 26 };

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function svgChart(stat: Statistic): string | undefined {
  const byYear = new Map<number, StatValue>();
  for (const v of stat.values) {
    const prev = byYear.get(v.year);
    if (!prev || prev.released.localeCompare(v.released) < 0) byYear.set(v.year, v);
  }
  const points = [...byYear.values()].sort((a, b) => a.year - b.year);
  if (points.length < 2) return undefined;
  const years = points.map((p) => p.year);
  const values = points.map((p) => p.value);
  const y0 = Math.min(...years);
  const y1 = Math.max(...years);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  if (v0 === v1) {
    v0 -= 1;
    v1 += 1;
  }
  const margin = (v1 - v0) * 0.1;
  v0 -= margin;
  v1 += margin;
  const rank = stat.unit === '位';
  const x = (year: number) => PAD.left + ((year - y0) / Math.max(1, y1 - y0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => {
    const t = (v - v0) / (v1 - v0);
    return PAD.top + (rank ? t : 1 - t) * (H - PAD.top - PAD.bottom);
  };
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p) =>
        `<circle cx="${x(p.year).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${p.vintage === 'preliminary' ? 'white' : '#c0392b'}" stroke="#c0392b"/>` +
        `<text x="${x(p.year).toFixed(1)}" y="${(y(p.value) - 6).toFixed(1)}" font-size="10" text-anchor="middle" fill="#555">${p.value}</text>`,
    )
    .join('');
  const labels = points
    .map((p) => `<text x="${x(p.year).toFixed(1)}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#555">${p.year}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="4" y="12" font-size="10" fill="#555">${esc(stat.unit)}</text>` +
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#aaa"/>` +
    `<path d="${path}" fill="none" stroke="#c0392b" stroke-width="2"/>${dots}${labels}</svg>`
  );
}
