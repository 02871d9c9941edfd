// What every rule receives: one block of the (masked) document, the automaton hits and quoted
// spans inside it, and where to put findings and annotations (what hover shows).
import type { AsideList, Match } from './ahocorasick';
import type { Claim } from './claims';
import { defaultSeverity, type Code } from './codes';
import type { Hit, KnowledgeIndex } from './index';
import type { QuotedSpan } from './text';
import type { Finding, Fix } from './types';

export interface Annotation {
  start: number;
  end: number;
  kind: 'term' | 'quote' | 'stat';
  /** entry id (term, statistic) or index into index.refs (quote) */
  id: string;
  ref?: number;
}

export interface BlockContext {
  index: KnowledgeIndex;
  /** the whole masked document, traditional script read as simplified (what the rules match) */
  text: string;
  /** the same document as written (same offsets): the writer's words in messages and fixes */
  written: string;
  start: number;
  end: number;
  /** ISO date: "latest" means latest as of this date */
  asOf: string;
  /** the automaton's matches in the block, typo anchors excepted */
  hits: Match<Hit>[];
  /** the typo anchors of key terms in the block: pattern ids of index.automaton and end offsets, in order of end */
  anchors: AsideList;
  quotes: QuotedSpan[];
  findings: Finding[];
  annotations: Annotation[];
  /** for misquotes: finding index → original range of the differing characters */
  focus: Map<number, [number, number]>;
  /** the block's statistic claims, once rules/statistics.ts has made them */
  claims?: Claim[];
}

export function finding(
  code: Code,
  start: number,
  end: number,
  message: string,
  entry: string,
  fixes: Fix[],
  extra: { expected?: string; source?: string } = {},
): Finding {
  return { code, severity: defaultSeverity(code), message, start, end, entry, fixes, ...extra };
}
