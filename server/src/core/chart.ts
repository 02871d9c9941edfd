// A small SVG line chart of an indicator's series, drawn into the hover. One point per year (the
// latest-released value of that year); preliminary values are drawn hollow. Sized to sit near the top
// of a hover without scrolling; when years are crowded only every n-th year and value is labelled
// (the first and the last always), so that no two labels overlap.
import type { Statistic, StatValue } from './types';

export const CHART = { width: 320, height: 116 } as const;
const PAD = { left: 14, right: 14, top: 16, bottom: 20 };
/** the narrowest room a label needs, in SVG units (a 4-digit year or a value like 32.85 at font size 10) */
const LABEL_ROOM = 34;

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Which of `n` evenly spread points get a label when `room` units separate neighbours. */
export function labelled(n: number, room: number, need = LABEL_ROOM): boolean[] {
  const step = Math.max(1, Math.ceil(need / Math.max(room, 1)));
  const out = Array.from({ length: n }, (_, i) => i % step === 0);
  if (n > 1) {
    out[n - 1] = true;
    // the last label always shows: drop the one before it when they would touch
    for (let i = n - 2; i > 0 && (n - 1 - i) * room < need; i--) out[i] = false;
  }
  return out;
}

export function svgChart(stat: Statistic): string | undefined {
  const byYear = new Map<number, StatValue>();
  for (const v of stat.values) {
    const prev = byYear.get(v.year);
    if (!prev || prev.released.localeCompare(v.released) < 0) byYear.set(v.year, v);
  }
  const points = [...byYear.values()].sort((a, b) => a.year - b.year);
  if (points.length < 2) return undefined;
  const { width: W, height: H } = CHART;
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
  const margin = (v1 - v0) * 0.08;
  v0 -= margin;
  v1 += margin;
  const rank = stat.unit === '位';
  const left = PAD.left + 10;
  const x = (year: number) => left + ((year - y0) / Math.max(1, y1 - y0)) * (W - left - PAD.right - 6);
  const y = (v: number) => {
    const t = (v - v0) / (v1 - v0);
    return PAD.top + (rank ? t : 1 - t) * (H - PAD.top - PAD.bottom);
  };
  // the closest two neighbouring points decide how crowded the labels are
  let room = Infinity;
  for (let i = 1; i < points.length; i++) room = Math.min(room, x(points[i].year) - x(points[i - 1].year));
  const show = labelled(points.length, room);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p) =>
        `<circle cx="${x(p.year).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="${p.vintage === 'preliminary' ? 'white' : '#c0392b'}" stroke="#c0392b"/>`,
    )
    .join('');
  const text = (px: number, py: number, s: string | number, anchor = 'middle') =>
    `<text x="${px.toFixed(1)}" y="${py.toFixed(1)}" font-size="10" text-anchor="${anchor}" fill="#444">${esc(String(s))}</text>`;
  const valueLabels = points
    .map((p, i) => {
      if (!show[i]) return '';
      // below the point when it sits at the top edge
      const py = y(p.value) < PAD.top + 6 ? y(p.value) + 13 : y(p.value) - 5;
      return text(x(p.year), py, p.value);
    })
    .join('');
  const yearLabels = points.map((p, i) => (show[i] ? text(x(p.year), H - 6, p.year) : '')).join('');
  const ticks = points
    .map((p) => `<line x1="${x(p.year).toFixed(1)}" y1="${H - PAD.bottom}" x2="${x(p.year).toFixed(1)}" y2="${H - PAD.bottom + 3}" stroke="#aaa"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    text(3, 11, stat.unit, 'start') +
    `<line x1="${left - 6}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#aaa"/>${ticks}` +
    `<path d="${path}" fill="none" stroke="#c0392b" stroke-width="1.8"/>${dots}${valueLabels}${yearLabels}</svg>`
  );
}
