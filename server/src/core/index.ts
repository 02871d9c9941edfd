// The knowledge index: everything the rules need, built once per corpus load.
// One Aho–Corasick automaton finds terms, formulations, indicator names, occasions and typo anchors
// in one pass; the official wordings a writer may quote (forms), each with its word boundaries. (The
// rules/quotations/candidates.ts tables over the forms are built on first use.)
import { Automaton } from './ahocorasick';
import { isHan, normalize, type Normalized } from './normalize';
import type { Segmenter } from './segmenter';
import type { Formulation, Knowledge, Occasion, Quotation, Source, Statistic, Term } from './types';

export type Hit =
  | { kind: 'term'; term: Term }
  | { kind: 'formulation'; formulation: Formulation; wrong: string }
  | { kind: 'stat'; stat: Statistic }
  | { kind: 'occasion'; occasion: Occasion }
  | { kind: 'anchor'; term: Term; side: 'head' | 'tail'; headLength: number };

/** An official wording the writer may quote: a quotation (or one accepted variant) or an official definition. */
export interface QuoteForm {
  /** Index into QuoteRef list. */
  ref: number;
  /** The wording as published. */
  original: string;
  normalized: Normalized;
  variant: boolean;
  /**
   * Normalised indices at which a word starts or ends (the segmenter's token boundaries, 0 and the
   * length included), ascending: rules/quotations/words.ts looks them up by binary search.
   */
  boundaries: Int32Array;
}

export interface QuoteRef {
  entry: string;
  kind: 'quotation' | 'definition';
  text: string;
  speaker?: string;
  occasion?: string;
  date?: string;
  source: Source;
  publishedIn: Source[];
  quotation?: Quotation;
  term?: Term;
}

export interface KnowledgeIndex {
  knowledge: Knowledge;
  segmenter: Segmenter;
  automaton: Automaton<Hit>;
  terms: Map<string, Term>;
  quotations: Map<string, Quotation>;
  occasions: Map<string, Occasion>;
  statistics: Map<string, Statistic>;
  refs: QuoteRef[];
  forms: QuoteForm[];
}

function sourceOfOccasion(index: { occasions: Map<string, Occasion> }, id?: string): Occasion | undefined {
  return id ? index.occasions.get(id) : undefined;
}

/** Token boundaries of `text` in normalised coordinates, ascending, each once. */
function boundariesOf(segmenter: Segmenter, n: Normalized): Int32Array {
  const set = new Set<number>([0, n.text.length]);
  let pos = 0;
  for (const token of segmenter.cut(n.text)) {
    pos += token.length;
    set.add(pos);
  }
  return Int32Array.from(set).sort();
}

export function buildIndex(knowledge: Knowledge, segmenter: Segmenter): KnowledgeIndex {
  const automaton = new Automaton<Hit>();
  const terms = new Map(knowledge.terms.map((t) => [t.id, t]));
  const quotations = new Map(knowledge.quotations.map((q) => [q.id, q]));
  const occasions = new Map(knowledge.occasions.map((o) => [o.id, o]));
  const statistics = new Map(knowledge.statistics.map((s) => [s.id, s]));

  for (const term of knowledge.terms) {
    for (const text of [term.term, ...term.aliases]) automaton.add(text, { kind: 'term', term });
    // Typo anchors (pigeonhole): one edit leaves the head or the tail of the term intact. (Aside: most
    // of a report's matches, read by rules/terms.ts only; see ahocorasick.ts.)
    const t = term.term;
    if (t.length >= 4 && [...t].every((ch) => isHan(ch))) {
      const headLength = Math.floor(t.length / 2);
      automaton.add(t.slice(0, headLength), { kind: 'anchor', term, side: 'head', headLength }, true);
      automaton.add(t.slice(headLength), { kind: 'anchor', term, side: 'tail', headLength }, true);
    }
  }
  for (const formulation of knowledge.formulations) {
    for (const wrong of formulation.wrong) automaton.add(wrong, { kind: 'formulation', formulation, wrong });
  }
  for (const stat of knowledge.statistics) {
    for (const text of [stat.name, ...stat.aliases]) automaton.add(text, { kind: 'stat', stat });
  }
  for (const occasion of knowledge.occasions) {
    for (const text of [occasion.name, ...occasion.aliases]) automaton.add(text, { kind: 'occasion', occasion });
  }
  automaton.build();

  const refs: QuoteRef[] = [];
  const forms: QuoteForm[] = [];
  const seen = new Set<string>();
  const addForm = (ref: number, original: string, variant: boolean) => {
    const normalized = normalize(original);
    if (normalized.text.length < 6 || seen.has(normalized.text)) return;
    seen.add(normalized.text);
    forms.push({ ref, original, normalized, variant, boundaries: boundariesOf(segmenter, normalized) });
  };
  for (const q of knowledge.quotations) {
    const ref = refs.length;
    refs.push({
      entry: q.id,
      kind: 'quotation',
      text: q.text,
      speaker: q.speaker,
      occasion: q.occasion,
      date: q.date,
      source: q.source,
      publishedIn: q.publishedIn,
      quotation: q,
    });
    addForm(ref, q.text, false);
    for (const v of q.variants) addForm(ref, v, true);
  }
  for (const term of knowledge.terms) {
    if (term.definition.kind !== 'official') continue;
    const ref = refs.length;
    const occ = sourceOfOccasion({ occasions }, term.definition.occasion);
    refs.push({
      entry: term.id,
      kind: 'definition',
      text: term.definition.text,
      speaker: term.definition.source.speaker,
      occasion: term.definition.occasion,
      date: occ?.date ?? term.definition.source.date,
      source: term.definition.source,
      publishedIn: [],
      term,
    });
    addForm(ref, term.definition.text, false);
  }

  return { knowledge, segmenter, automaton, terms, quotations, occasions, statistics, refs, forms };
}

/** The chain of occasions containing `id` (itself first). */
export function occasionChain(index: KnowledgeIndex, id: string | undefined): Occasion[] {
  const chain: Occasion[] = [];
  const seen = new Set<string>();
  let cur = id ? index.occasions.get(id) : undefined;
  while (cur && !seen.has(cur.id)) {
    chain.push(cur);
    seen.add(cur.id);
    cur = cur.within ? index.occasions.get(cur.within) : undefined;
  }
  return chain;
}
