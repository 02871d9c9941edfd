// Feature: corpus search. Finds a phrase (normalised: punctuation width, traditional/simplified)
// in the corpus documents and the knowledge base, with the context of each match.
import { documentTitle } from './hover';
import type { KnowledgeIndex } from './index';
import { normalize } from './normalize';
import { pinyinKeys } from './pinyin';

export interface SearchHit {
  kind: 'document' | 'quotation' | 'term';
  id: string;
  title: string;
  uri?: string;
  /** where the match starts in a corpus document's text (0 for knowledge-base entries); the LSP layer turns it into a line and character */
  offset: number;
  /** the matched text with some context around it */
  context: string;
  /** for quotations: the text to insert (exact wording) */
  text?: string;
}

const CONTEXT = 24;
const docNormCache = new WeakMap<object, ReturnType<typeof normalize>>();

export function searchCorpus(index: KnowledgeIndex, query: string, limit = 200): SearchHit[] {
  const q = normalize(query.trim()).text;
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const t of index.knowledge.terms) {
    if ([t.term, ...t.aliases].some((x) => normalize(x).text.includes(q)) || t.definition.text.includes(query.trim())) {
      hits.push({ kind: 'term', id: t.id, title: t.term, offset: 0, context: t.definition.text.slice(0, 80) });
    }
  }
  for (const quote of index.knowledge.quotations) {
    if (normalize(quote.text).text.includes(q) || quote.keywords.includes(query.trim())) {
      hits.push({ kind: 'quotation', id: quote.id, title: `${quote.speaker} ${quote.date}`, offset: 0, context: quote.text, text: quote.text });
    }
  }
  for (const doc of index.knowledge.documents) {
    let n = docNormCache.get(doc);
    if (!n) docNormCache.set(doc, (n = normalize(doc.text)));
    for (let i = n.text.indexOf(q); i >= 0 && hits.length < limit; i = n.text.indexOf(q, i + q.length)) {
      const start = n.map[i];
      const end = n.map[i + q.length - 1] + 1;
      const context = (
        doc.text.slice(Math.max(0, start - CONTEXT), start) +
        '【' +
        doc.text.slice(start, end) +
        '】' +
        doc.text.slice(end, end + CONTEXT)
      ).replace(/\s+/g, ' ');
      hits.push({ kind: 'document', id: doc.id, title: documentTitle(doc), uri: doc.uri, offset: start, context });
    }
  }
  return hits.slice(0, limit);
}

/** Quotations matching a keyword, a phrase of their text, or the pinyin initials of a keyword. */
export function findQuotations(index: KnowledgeIndex, query: string): string[] {
  const raw = query.trim();
  const q = normalize(raw).text;
  const ascii = /^[a-z]+$/i.test(raw) ? raw.toLowerCase() : '';
  return index.knowledge.quotations
    .filter(
      (x) =>
        !q ||
        normalize(x.text).text.includes(q) ||
        x.keywords.some((k) => k.includes(raw)) ||
        (ascii &&
          x.keywords.some((k) => {
            const keys = pinyinKeys(k);
            return keys.initials.includes(ascii) || (ascii.length >= 4 && keys.full.includes(ascii));
          })),
    )
    .map((x) => x.id);
}
