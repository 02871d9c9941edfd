// What every rule receives: one block of the (masked) document, the automaton hits and quoted
// spans inside it, and where to put findings and annotations (what hover shows).
import type { Match } from './ahocorasick';
import type { Claim } from './claims';
import { defaultSeverity, type Code } from './codes';
import type { Hit, KnowledgeIndex, QuoteRef } from './index';
import { formatDate, formatSource, type QuotedSpan } from './text';
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
  hits: Match<Hit>[];
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

/** "习近平，二十届中央政治局第十一次集体学习，2024年1月31日；《…》，新华社，2024年2月1日" */
export function attributionOf(index: KnowledgeIndex, ref: QuoteRef): string {
  let text = attributions.get(ref);
  if (text === undefined) attributions.set(ref, (text = attributionText(index, ref)));
  return text;
}
/** per reference (one knowledge index owns it): its attribution, made once (Chinese, as the corpus cites it) */
const attributions = new WeakMap<QuoteRef, string>();

function attributionText(index: KnowledgeIndex, ref: QuoteRef): string {
  const occasion = ref.occasion ? index.occasions.get(ref.occasion) : undefined;
  const head = [ref.speaker, occasion?.name, formatDate(ref.date)].filter(Boolean).join('，');
  const src = formatSource({ ...ref.source, speaker: undefined });
  return head ? `${head}；${src}` : src;
}
