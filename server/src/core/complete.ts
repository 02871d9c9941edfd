// Feature: completion. Key terms by Chinese prefix and by pinyin (initials xzscl, or full pinyin);
// vetted quotations by keyword, inserted in quotation marks with an attribution lead or a footnote;
// a quotation begun after an opening quotation mark, completed with the rest of its official wording;
// the latest value of an indicator as a sentence with its year and source.
// Everything offered comes from the knowledge base, never from corpus documents (which may be garbled).
import { withLocale, type Locale } from './i18n';
import { hoverQuote, hoverStat, hoverTerm, type HoverOptions } from './hover';
import type { KnowledgeIndex, QuoteRef } from './index';
import { isHan, normalize } from './normalize';
import { pinyinKeys, type PinyinKeys } from './pinyin';
import { formatDate, formatSource, msg } from './i18n';
import type { Quotation, Statistic, Term } from './types';

export interface CompletionOptions {
  style: 'lead' | 'footnote';
  markdown: boolean;
  today: string;
  /** language of details and documentation (inserted text is always Chinese) */
  locale?: Locale;
  /** how documentation links to corpus documents (see HoverOptions) */
  links?: HoverOptions['links'];
}

export interface Completion {
  label: string;
  kind: 'term' | 'quotation' | 'statistic';
  detail: string;
  documentation: string;
  insertText: string;
  /** the range the item replaces (what the writer typed) */
  start: number;
  end: number;
  filterText: string;
  sortText: string;
  additionalEdits: Array<{ start: number; end: number; text: string }>;
}

const MAX_ITEMS = 50;
const pinyinCache = new WeakMap<KnowledgeIndex, Map<string, PinyinKeys>>();

function keysOf(index: KnowledgeIndex, word: string): PinyinKeys {
  let m = pinyinCache.get(index);
  if (!m) pinyinCache.set(index, (m = new Map()));
  let k = m.get(word);
  if (!k) m.set(word, (k = pinyinKeys(word)));
  return k;
}

function leadFor(index: KnowledgeIndex, q: Quotation): string {
  if (q.speaker === '习近平') return msg('quote.lead.xi');
  const occasion = index.occasions.get(q.occasion);
  return msg('quote.lead.other', { occasion: occasion?.name ?? q.speaker });
}

function citation(index: KnowledgeIndex, q: Quotation): string {
  const occasion = index.occasions.get(q.occasion);
  const said = [q.speaker, occasion?.name, formatDate(q.date)].filter(Boolean).join('，');
  return `${said}。${formatSource({ ...q.source, speaker: undefined })}。`;
}

export function quotationInsert(
  index: KnowledgeIndex,
  q: Quotation,
  text: string,
  options: CompletionOptions,
): { insertText: string; additionalEdits: Completion['additionalEdits'] } {
  if (options.style === 'footnote') {
    if (options.markdown) {
      let n = 1;
      while (text.includes(`[^tifa-${n}]`)) n++;
      const tail = text.endsWith('\n') ? '' : '\n';
      return {
        insertText: `“${q.text}”[^tifa-${n}]`,
        additionalEdits: [{ start: text.length, end: text.length, text: `${tail}\n[^tifa-${n}]: ${citation(index, q)}\n` }],
      };
    }
    return { insertText: `“${q.text}”${msg('quote.plainCitation', { citation: citation(index, q).replace(/。$/, '') })}`, additionalEdits: [] };
  }
  return { insertText: `${leadFor(index, q)}“${q.text}”`, additionalEdits: [] };
}

export function statSentence(stat: Statistic, asOf: string): string | undefined {
  const released = stat.values.filter((v) => v.released.localeCompare(asOf) <= 0);
  if (!released.length) return undefined;
  const latest = released.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.released > a.released) ? b : a));
  const value = stat.unit === '位' ? msg('stat.rank', { value: latest.value, unit: stat.unit }) : `${latest.value}${stat.unit}`;
  return msg('stat.sentence', {
    year: latest.year,
    name: stat.name,
    value,
    publisher: latest.publisher,
    document: latest.document.replace(/^《|》$/g, ''),
    released: formatDate(latest.released),
  });
}

export function complete(index: KnowledgeIndex, text: string, offset: number, options: CompletionOptions): Completion[] {
  return withLocale(options.locale, () => completeIn(index, text, offset, options));
}

function completeIn(index: KnowledgeIndex, text: string, offset: number, options: CompletionOptions): Completion[] {
  const hover: HoverOptions = { locale: options.locale, links: options.links };
  let hanStart = offset;
  while (hanStart > 0 && offset - hanStart < 12 && isHan(text[hanStart - 1])) hanStart--;
  let asciiStart = offset;
  while (asciiStart > 0 && offset - asciiStart < 40 && /[a-zA-Z]/.test(text[asciiStart - 1])) asciiStart--;
  const han = text.slice(hanStart, offset);
  const ascii = text.slice(asciiStart, offset).toLowerCase();
  const items: Completion[] = [];
  const seen = new Set<string>();
  const push = (c: Completion) => {
    const key = c.kind + ':' + c.label;
    if (seen.has(key) || items.length >= MAX_ITEMS) return;
    seen.add(key);
    items.push(c);
  };

  const termItem = (t: Term, start: number, filterText: string, rank: number): Completion => ({
    label: t.term,
    kind: 'term',
    detail: msg(t.definition.kind === 'official' ? 'complete.term.official' : 'complete.term'),
    documentation: hoverTerm(index, t, hover),
    insertText: t.term,
    start,
    end: offset,
    filterText,
    sortText: `${rank}-${t.term}`,
    additionalEdits: [],
  });
  const quoteItem = (q: Quotation, start: number, filterText: string, rank: number): Completion => {
    const ins = quotationInsert(index, q, text, options);
    const refIndex = index.refs.findIndex((r: QuoteRef) => r.quotation === q);
    return {
      label: q.text.length > 40 ? q.text.slice(0, 40) + '…' : q.text,
      kind: 'quotation',
      detail: msg('complete.quotation', { who: [q.speaker, formatDate(q.date)].join(msg('list.comma')) }),
      documentation: refIndex >= 0 ? hoverQuote(index, refIndex, hover) : q.text,
      insertText: ins.insertText,
      start,
      end: offset,
      filterText,
      sortText: `${rank}-${q.date}-${q.id}`,
      additionalEdits: ins.additionalEdits,
    };
  };

  // a quotation begun after an opening quotation mark: the rest of its official wording
  const rest = quotationRest(index, text, offset, hover);
  for (const c of rest.items) push(c);
  // Chinese prefix: the longest suffix of what was typed that starts a term
  for (let k = Math.min(han.length, 10); k >= 1; k--) {
    const typed = han.slice(-k);
    for (const t of index.knowledge.terms) {
      for (const form of [t.term, ...t.aliases]) {
        if (form.startsWith(typed) && form !== typed) push(termItem(t, offset - k, typed + form.slice(k), 0));
      }
    }
  }
  // quotations by keyword (or by any 3+ character phrase of their text)
  for (let k = Math.min(han.length, 10); k >= 2; k--) {
    const typed = han.slice(-k);
    for (const q of index.knowledge.quotations) {
      // (inside quotation marks a quotation with its own lead and marks would be doubled)
      if (!rest.inside && (q.keywords.includes(typed) || (k >= 3 && q.text.includes(typed))))
        push(quoteItem(q, offset - k, typed, q.keywords.includes(typed) ? 1 : 2));
    }
    for (const s of index.knowledge.statistics) {
      if ([s.name, ...s.aliases].some((n) => n.startsWith(typed) || (k >= 4 && n.includes(typed)))) {
        const sentence = statSentence(s, options.today);
        if (sentence)
          push({
            label: sentence,
            kind: 'statistic',
            detail: msg('complete.statistic', { name: s.name }),
            documentation: hoverStat(s, hover),
            insertText: sentence,
            start: offset - k,
            end: offset,
            filterText: typed,
            sortText: `3-${s.id}`,
            additionalEdits: [],
          });
      }
    }
  }
  // pinyin: initials or full pinyin of terms and quotation keywords
  if (ascii.length >= 2) {
    for (const t of index.knowledge.terms) {
      const keys = keysOf(index, t.term);
      if (keys.initials.startsWith(ascii) || keys.full.startsWith(ascii)) push(termItem(t, asciiStart, ascii, keys.initials === ascii ? 0 : 1));
    }
    for (const q of index.knowledge.quotations) {
      for (const kw of q.keywords) {
        const keys = keysOf(index, kw);
        if (!rest.inside && ((ascii.length >= 3 && keys.initials.endsWith(ascii)) || (ascii.length >= 4 && keys.full.endsWith(ascii))))
          push(quoteItem(q, asciiStart, ascii, 2));
      }
    }
  }
  return items;
}

const OPENING = new Set(['“', '「', '『', '"', '‘']);
const CLOSING: Record<string, string> = { '“': '”', '「': '」', '『': '』', '"': '"', '‘': '’' };
/** How far back an opening quotation mark is looked for, and the fewest characters typed after it. */
const REST = { lookBack: 400, minTyped: 4 };

/**
 * After an opening quotation mark, the official wordings that begin with what was typed (compared
 * normalised: punctuation width, traditional characters): each completed with the rest of its wording
 * and the closing mark. The item replaces what was typed by the same text, so nothing is doubled.
 */
function quotationRest(index: KnowledgeIndex, text: string, offset: number, hover: HoverOptions): { inside: boolean; items: Completion[] } {
  const none = { inside: false, items: [] };
  let open = -1;
  for (let i = offset - 1; i >= 0 && offset - i <= REST.lookBack; i--) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r' || ch === '”' || ch === '」' || ch === '』' || ch === '’') return none;
    if (OPENING.has(ch)) {
      open = i;
      break;
    }
  }
  if (open < 0) return none;
  const start = open + 1;
  const typed = text.slice(start, offset);
  const typedNorm = normalize(typed).text;
  if (typedNorm.length < REST.minTyped) return { inside: true, items: [] };
  const close = CLOSING[text[open]];
  const closed = text.startsWith(close, offset) || (close === '”' && text.startsWith('"', offset));
  const out: Completion[] = [];
  const seen = new Set<number>();
  for (const form of index.forms) {
    if (!form.normalized.text.startsWith(typedNorm) || form.normalized.text.length === typedNorm.length) continue;
    if (seen.has(form.ref)) continue;
    seen.add(form.ref);
    const ref = index.refs[form.ref];
    // where the typed part ends in the official wording (its characters as published)
    const cut = form.normalized.map[typedNorm.length - 1] + 1;
    const who = [ref.speaker, formatDate(ref.date)].filter(Boolean).join(msg('list.comma'));
    // the rest of the sentence first, then (when the wording goes on) the rest of the whole passage
    const whole = form.original.slice(cut);
    const stop = /[。！？!?]/.exec(whole);
    const rests = stop && stop.index + 1 < whole.length ? [whole.slice(0, stop.index + 1), whole] : [whole];
    rests.forEach((rest, i) => {
      out.push({
        label: rest.length > 40 ? `${rest.slice(0, 40)}…` : rest,
        kind: 'quotation',
        detail: msg('complete.quotation.rest', { who }),
        documentation: hoverQuote(index, form.ref, hover),
        insertText: typed + rest + (closed ? '' : close),
        start,
        end: offset,
        filterText: typed + rest,
        sortText: `0-${form.variant ? 1 : 0}-${i}-${ref.date ?? ''}-${ref.entry}`,
        additionalEdits: [],
      });
    });
    if (out.length >= 10) break;
  }
  return { inside: true, items: out };
}
