// Feature: hover. What is under the cursor — a key term, a quotation (exact or near), an indicator —
// shown with its official wording and where it comes from. Templates live in hover.md.
import { svgChart } from './chart';
import type { CheckResult } from './check';
import { attributionOf } from './context';
import type { KnowledgeIndex } from './index';
import { dataAsOf } from './rules/statistics';
import { formatDate, formatSource, msg } from './text';
import templates from './hover.md';
import type { Statistic, Term } from './types';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const TEMPLATE = parseTemplates(templates);

function parseTemplates(md: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = md.split(/^## /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    out[p.slice(0, nl).trim()] = p.slice(nl + 1).replace(/^\n+|\n+$/g, '');
  }
  return out;
}

function fill(name: string, vars: Record<string, string | number>): string {
  return (TEMPLATE[name] ?? '').replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : ''));
}

/** Corpus documents that use a term, with counts and the position of the first use. */
export function termUsage(index: KnowledgeIndex, term: Term): Array<{ title: string; uri: string; count: number; line: number; character: number }> {
  const out = [];
  for (const doc of index.knowledge.documents) {
    let count = 0;
    let first = -1;
    for (const form of [term.term, ...term.aliases]) {
      for (let i = doc.text.indexOf(form); i >= 0; i = doc.text.indexOf(form, i + form.length)) {
        count++;
        if (first < 0 || i < first) first = i;
      }
    }
    if (count) {
      const before = doc.text.slice(0, first);
      const line = before.split('\n').length - 1;
      const character = first - (before.lastIndexOf('\n') + 1);
      out.push({ title: doc.title, uri: doc.uri, count, line, character });
    }
  }
  return out.sort((a, b) => b.count - a.count);
}

const termHovers = new WeakMap<KnowledgeIndex, Map<string, string>>();

/** The hover of a term; it depends on the index alone (corpus documents included), so it is kept per index. */
export function hoverTerm(index: KnowledgeIndex, term: Term): string {
  let byId = termHovers.get(index);
  if (!byId) termHovers.set(index, (byId = new Map()));
  let md = byId.get(term.id);
  if (md === undefined || index.terms.get(term.id) !== term) {
    md = renderTermHover(index, term);
    if (index.terms.get(term.id) === term) byId.set(term.id, md);
  }
  return md;
}

function renderTermHover(index: KnowledgeIndex, term: Term): string {
  const d = term.definition;
  const occasion = d.occasion ? index.occasions.get(d.occasion) : undefined;
  const usage = termUsage(index, term);
  const total = usage.reduce((n, u) => n + u.count, 0);
  const related = term.related.map((id) => index.terms.get(id)?.term).filter(Boolean).join('、');
  return fill(d.kind === 'official' ? 'term.official' : 'term.explanation', {
    term: term.term,
    definition: d.text,
    speaker: d.source.speaker ?? '',
    occasion: occasion ? `${occasion.name}（${formatDate(occasion.date)}）` : '',
    source: formatSource({ ...d.source, speaker: undefined }),
    related: related ? fill('term.related', { related }) : '',
    usage: total
      ? fill('term.usage', {
          total,
          documents: usage.length,
          links: usage
            .slice(0, 5)
            .map((u) => `[${u.title}（${u.count}处）](${u.uri}#L${u.line + 1},${u.character + 1})`)
            .join('；'),
        })
      : fill('term.unused', {}),
    corpus: term.origin.corpus,
  });
}

export function hoverQuote(index: KnowledgeIndex, refIndex: number): string {
  const ref = index.refs[refIndex];
  const occasion = ref.occasion ? index.occasions.get(ref.occasion) : undefined;
  return fill('quote', {
    text: ref.text,
    speaker: ref.speaker ?? '',
    occasion: occasion?.name ?? '',
    date: formatDate(ref.date),
    source: formatSource({ ...ref.source, speaker: undefined }),
    also: ref.publishedIn.length ? fill('quote.also', { list: ref.publishedIn.map((s) => formatSource(s)).join('；') }) : '',
    corpus: (ref.quotation ?? ref.term)!.origin.corpus,
    attribution: attributionOf(index, ref),
  });
}

export function hoverStat(stat: Statistic): string {
  const rows = [...stat.values]
    .sort((a, b) => a.year - b.year || a.released.localeCompare(b.released))
    .map((v) => `| ${v.year} | ${v.value}${stat.unit} | ${msg(`vintage.${v.vintage}` as 'vintage.final')} | ${v.publisher}${v.document} | ${formatDate(v.released)} |`)
    .join('\n');
  const svg = svgChart(stat);
  return fill('stat', {
    name: stat.name,
    unit: stat.unit,
    definition: stat.definition ? `${stat.definition}\n\n` : '',
    rows,
    chart: svg ? `![${stat.name}](data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')})` : '',
    source: formatSource(stat.source),
    dataAsOf: formatDate(dataAsOf([stat])),
    corpus: stat.origin.corpus,
  });
}

/** Hover at `offset`, from a check result of the same text. Terms and indicators under the cursor are
 * shown (all of them when a name is both), then the quotation around them, if any. */
export function hoverAt(index: KnowledgeIndex, result: CheckResult, offset: number): HoverResult | undefined {
  const at = result.annotations.filter((a) => a.start <= offset && offset < a.end);
  if (!at.length) return undefined;
  const precise = at.filter((a) => a.kind !== 'quote').sort((a, b) => a.end - a.start - (b.end - b.start));
  const span = precise[0] ?? at[0];
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const a of precise) {
    if (seen.has(a.kind + a.id)) continue;
    seen.add(a.kind + a.id);
    if (a.kind === 'term') {
      const t = index.terms.get(a.id);
      if (t) parts.push(hoverTerm(index, t));
    } else {
      const s = index.statistics.get(a.id);
      if (s) parts.push(hoverStat(s));
    }
  }
  const quote = at.find((a) => a.kind === 'quote' && a.ref !== undefined);
  if (quote) parts.push(hoverQuote(index, quote.ref!));
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), start: span.start, end: span.end } : undefined;
}
