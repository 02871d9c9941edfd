// Core data types: the knowledge base as loaded from the corpus, and findings.
// Architecture invariant: this folder imports nothing from vscode-languageserver, fs, net or path.

import type { Code, Severity } from './codes';

export type { Code, Severity };
export type SeverityMap = Partial<Record<Code, Severity | 'off'>>;

export interface Source {
  title: string;
  publisher: string;
  date: string;
  speaker?: string;
  note?: string;
  /** the official publication's web address */
  url?: string;
}

/** Where an entry came from: which corpus folder, which file, which line and column (1-based). */
export interface Origin {
  corpus: string;
  file: string;
  line: number;
  column: number;
}

export interface EntryTest {
  text: string;
  code?: Code;
  date?: string;
}
export interface EntryTests {
  flag: EntryTest[];
  pass: EntryTest[];
}

interface EntryBase {
  id: string;
  origin: Origin;
  tests: EntryTests;
}

export interface Term extends EntryBase {
  term: string;
  aliases: string[];
  category?: string;
  definition: {
    kind: 'official' | 'explanation';
    text: string;
    source: Source;
    occasion?: string;
  };
  related: string[];
}

export interface Quotation extends EntryBase {
  text: string;
  speaker: string;
  occasion: string;
  date: string;
  source: Source;
  publishedIn: Source[];
  variants: string[];
  clauses: string[];
  keywords: string[];
}

export interface Occasion extends EntryBase {
  name: string;
  aliases: string[];
  type: string;
  date: string;
  end?: string;
  place?: string;
  speaker?: string;
  within?: string;
  source: Source;
}

export interface Formulation extends EntryBase {
  right: string;
  wrong: string[];
  status: 'wrong' | 'superseded';
  since?: string;
  code: Code;
  reason: string;
  source: Source;
  /** not reported right after one of these (原银保监会) */
  exceptAfter?: string[];
  /** reported only right after one of these */
  onlyAfter?: string[];
  /** reported only right before one of these, or at a sentence end (“十五五”计划的…, not “十五五”计划新建…) */
  onlyBefore?: string[];
  /** not reported right before one of these */
  exceptBefore?: string[];
  /** severity of this entry's findings when not the code's default */
  severity?: Severity;
}

export interface StatValue {
  year: number;
  value: number;
  vintage: 'preliminary' | 'final' | 'revised';
  publisher: string;
  document: string;
  released: string;
  /** how the official wording states the value (absent: exact) */
  comparator?: 'exact' | 'at-least' | 'more-than' | 'about';
  /** the official wording the value comes from (超过3.92万亿元) */
  wording?: string;
  note?: string;
}

/** An official plan target (规划目标): not a measurement; the statistics check never reads it. */
export interface StatTarget {
  plan: string;
  year: number;
  period?: string;
  /** what the target is about when it is not the series' own quantity (年均增长) */
  measure?: string;
  value: number;
  unit: string;
  comparator: 'exact' | 'at-least' | 'more-than' | 'about';
  wording: string;
  publisher: string;
  document: string;
  released: string;
  note?: string;
}

export interface Statistic extends EntryBase {
  name: string;
  aliases: string[];
  unit: string;
  definition?: string;
  source: Source;
  values: StatValue[];
  /** when the next official value is due (YYYY-MM-DD or YYYY-MM) */
  nextRelease?: string;
  /** how the series is released (what nextRelease was derived from) */
  releaseSchedule?: string;
  targets?: StatTarget[];
}

export interface DocumentDefect {
  text: string;
  code: Code;
  note?: string;
}

export interface CorpusDocument {
  id: string;
  origin: Origin;
  title: string;
  author?: string;
  publisher?: string;
  venue?: string;
  date?: string;
  quality: 'clean' | 'ocr' | 'contains-misquotes';
  /** URI (or path) of the text file, for links that open the document at a use. */
  uri: string;
  text: string;
  defects: DocumentDefect[];
}

export interface Knowledge {
  terms: Term[];
  quotations: Quotation[];
  occasions: Occasion[];
  formulations: Formulation[];
  statistics: Statistic[];
  documents: CorpusDocument[];
}

export interface Fix {
  title: string;
  start: number;
  end: number;
  text: string;
}

/** Another place of the same document that a finding refers to (the other figure, quotation or date). */
export interface Related {
  start: number;
  end: number;
  message: string;
}

/** A finding: offsets are JavaScript string indices (UTF-16 code units) into the checked text. */
export interface Finding {
  code: Code;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  expected?: string;
  source?: string;
  /** Id of the corpus entry behind the finding. */
  entry: string;
  /** Other entries judged together with `entry` (series of one indicator from several publishers). */
  group?: string[];
  fixes: Fix[];
  /** Other places of the document the finding refers to (inconsistent: the places that disagree). */
  related?: Related[];
}

export function emptyKnowledge(): Knowledge {
  return { terms: [], quotations: [], occasions: [], formulations: [], statistics: [], documents: [] };
}
