// Feature: hover. What is under the cursor — a key term, a quotation (exact or near), an indicator or
// the figure given for it — shown with its official wording and where it comes from. Templates live
// in hover.md (Chinese) and hover.en.md (English).
import { svgChart } from './chart';
import type { CheckResult } from './check';
import { attributionOf, corpusLabel, formatDate, formatSource, msg, releasedBy, withLocale, type Locale } from './i18n';
import type { KnowledgeIndex } from './index';
import { dataAsOf } from './rules/statistics';
import templatesEn from './hover.en.md';
import templatesZh from './hover.md';
import type { CorpusDocument, Statistic, Term } from './types';
import { LineIndex } from '../shared/positions';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface HoverOptions {
  locale?: Locale;
  /**
   * How links to corpus documents are written: `file` (the document's own URI, any editor) or `command`
   * (`command:tifa.openReference?…`, which the VS Code client opens read-only in a virtual document).
   */
  links?: 'file' | 'command';
  /** the checked text: lets a hover on a figure find the indicator it belongs to */
  text?: string;
}

/** The command that opens a corpus document read-only at a place (registered by the VS Code client). */
export const OPEN_REFERENCE_COMMAND = 'tifa.openReference';

export function parseTemplates(md: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = md.split(/^## /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    out[p.slice(0, nl).trim()] = p.slice(nl + 1).replace(/^\n+|\n+$/g, '');
  }
  return out;
}

const TEMPLATES: Record<Locale, Record<string, string>> = { zh: parseTemplates(templatesZh), en: parseTemplates(templatesEn) };
let templates = TEMPLATES.zh;

function fill(name: string, vars: Record<string, string | number>): string {
  return (templates[name] ?? TEMPLATES.zh[name] ?? '').replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : ''));
}

/** Runs `fn` with the messages and templates of `locale`. */
function localised<T>(locale: Locale | undefined, fn: () => T): T {
  return withLocale(locale, () => {
    const saved = templates;
    templates = TEMPLATES[locale ?? 'zh'];
    try {
      return fn();
    } finally {
      templates = saved;
    }
  });
}

/** A corpus document's title; a document listed without one is named by the first line of its text. */
export function documentTitle(doc: CorpusDocument): string {
  if (doc.title && doc.title !== doc.id) return doc.title;
  for (const line of doc.text.slice(0, 2000).split(/\r\n|\r|\n/)) {
    const s = line.replace(/^[#\s>*-]+/, '').trim();
    if (s) return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  }
  return doc.id;
}

/** A link that opens a corpus document where `offset` is (its line and character counted by shared/positions.ts). */
export function documentLink(doc: CorpusDocument, offset: number, links: HoverOptions['links']): string {
  const { line, character } = LineIndex.ofDocument(doc).position(offset);
  if (links === 'command') return `command:${OPEN_REFERENCE_COMMAND}?${encodeURIComponent(JSON.stringify([{ id: doc.id, line, character }]))}`;
  return `${doc.uri}#L${line + 1},${character + 1}`;
}

/** Corpus documents that use a term, with counts and the offset of the first use. */
export function termUsage(index: KnowledgeIndex, term: Term): Array<{ doc: CorpusDocument; title: string; uri: string; count: number; first: number }> {
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
    if (count) out.push({ doc, title: documentTitle(doc), uri: doc.uri, count, first });
  }
  return out.sort((a, b) => b.count - a.count);
}

const termHovers = new WeakMap<KnowledgeIndex, Map<string, string>>();

/** The hover of a term; it depends on the index alone (corpus documents included), so it is kept per index. */
export function hoverTerm(index: KnowledgeIndex, term: Term, options: HoverOptions = {}): string {
  let byId = termHovers.get(index);
  if (!byId) termHovers.set(index, (byId = new Map()));
  const key = `${options.locale ?? 'zh'}|${options.links ?? 'file'}|${term.id}`;
  let md = byId.get(key);
  if (md === undefined || index.terms.get(term.id) !== term) {
    md = localised(options.locale, () => renderTermHover(index, term, options));
    if (index.terms.get(term.id) === term) byId.set(key, md);
  }
  return md;
}

function renderTermHover(index: KnowledgeIndex, term: Term, options: HoverOptions): string {
  const d = term.definition;
  const occasion = d.occasion ? index.occasions.get(d.occasion) : undefined;
  const usage = termUsage(index, term);
  const total = usage.reduce((n, u) => n + u.count, 0);
  const related = term.related
    .map((id) => index.terms.get(id)?.term)
    .filter(Boolean)
    .join('、');
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
            .map((u) => `[${escapeLinkText(msg('hover.usage.link', { title: u.title, count: u.count }))}](${documentLink(u.doc, u.first, options.links)})`)
            .join(msg('list.semicolon')),
        })
      : fill('term.unused', {}),
    corpus: corpusLabel(term.origin.corpus),
  });
}

function escapeLinkText(s: string): string {
  return s.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

export function hoverQuote(index: KnowledgeIndex, refIndex: number, options: HoverOptions = {}): string {
  return localised(options.locale, () => {
    const ref = index.refs[refIndex];
    const occasion = ref.occasion ? index.occasions.get(ref.occasion) : undefined;
    return fill('quote', {
      text: ref.text,
      speaker: ref.speaker ?? '',
      occasion: occasion?.name ?? '',
      date: formatDate(ref.date),
      source: formatSource({ ...ref.source, speaker: undefined }),
      also: ref.publishedIn.length ? fill('quote.also', { list: ref.publishedIn.map((s) => formatSource(s)).join(msg('list.semicolon')) }) : '',
      corpus: corpusLabel((ref.quotation ?? ref.term)!.origin.corpus),
      attribution: attributionOf(index, ref),
    });
  });
}

export function hoverStat(stat: Statistic, options: HoverOptions = {}): string {
  return localised(options.locale, () => {
    // the latest first: what a writer checks a figure against
    const rows = [...stat.values]
      .sort((a, b) => b.year - a.year || b.released.localeCompare(a.released))
      .map((v) => {
        const value = stat.unit === '位' ? msg('hover.stat.rank', { value: v.value }) : `${v.value}${stat.unit}`;
        return `- ${msg('hover.stat.row', { year: v.year, value, vintage: msg(`vintage.${v.vintage}` as 'vintage.final'), release: releasedBy(v), date: formatDate(v.released) })}`;
      })
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
      corpus: corpusLabel(stat.origin.corpus),
    });
  });
}

/** A figure under the cursor (2.68%, 3.6万亿元, 1,234): its span, or undefined. */
function figureAt(text: string, offset: number): { start: number; end: number } | undefined {
  const isNum = (c: string | undefined) => c !== undefined && /[0-9０-９.．,]/.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /[0-9０-９]/.test(c);
  let start = offset;
  let end = offset;
  if (!isNum(text[offset]) && !/[%％‰]/.test(text[offset] ?? '')) {
    if (!isNum(text[offset - 1])) return undefined;
    start = end = offset - 1;
  }
  if (/[%％‰]/.test(text[start] ?? '')) start = end = start - 1;
  while (start > 0 && isNum(text[start - 1])) start--;
  while (end < text.length && isNum(text[end])) end++;
  // a comma or full stop at either end is punctuation, not part of the figure
  while (start < end && !isDigit(text[start])) start++;
  while (end > start && !isDigit(text[end - 1])) end--;
  if (start >= end) return undefined;
  if (/[%％‰]/.test(text[end] ?? '')) end++;
  return { start, end };
}

/** The indicator a figure belongs to: the nearest indicator named before it in the same sentence. */
function statForFigure(result: CheckResult, text: string, figure: { start: number; end: number }): string | undefined {
  let best: { id: string; end: number } | undefined;
  for (const a of result.annotations) {
    if (a.kind !== 'stat' || a.end > figure.start || figure.start - a.end > 60) continue;
    if (/[。！？；!?;\n]/.test(text.slice(a.end, figure.start))) continue;
    if (!best || a.end > best.end) best = { id: a.id, end: a.end };
  }
  return best?.id;
}

/** Hover at `offset`, from a check result of the same text. Terms and indicators under the cursor are
 * shown (all of them when a name is both), then the quotation around them, if any; on a figure, the
 * series of the indicator it is given for. */
export function hoverAt(index: KnowledgeIndex, result: CheckResult, offset: number, options: HoverOptions = {}): HoverResult | undefined {
  const at = result.annotations.filter((a) => a.start <= offset && offset < a.end);
  if (!at.length) {
    if (options.text === undefined) return undefined;
    const figure = figureAt(options.text, offset);
    const id = figure && statForFigure(result, options.text, figure);
    const stat = id ? index.statistics.get(id) : undefined;
    return stat && figure ? { markdown: hoverStat(stat, options), start: figure.start, end: figure.end } : undefined;
  }
  const precise = at.filter((a) => a.kind !== 'quote').sort((a, b) => a.end - a.start - (b.end - b.start));
  const span = precise[0] ?? at[0];
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const a of precise) {
    if (seen.has(a.kind + a.id)) continue;
    seen.add(a.kind + a.id);
    if (a.kind === 'term') {
      const t = index.terms.get(a.id);
      if (t) parts.push(hoverTerm(index, t, options));
    } else {
      const s = index.statistics.get(a.id);
      if (s) parts.push(hoverStat(s, options));
    }
  }
  const quote = at.find((a) => a.kind === 'quote' && a.ref !== undefined);
  if (quote) parts.push(hoverQuote(index, quote.ref!, options));
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), start: span.start, end: span.end } : undefined;
}
