// Shared between client and server (and the CLI): custom notifications, server command ids, settings,
// initialization options, and the arguments and results of the server's commands. Imports nothing: the
// client bundles it, and corpus/write.ts uses its types.

export const SERVER_COMMANDS = {
  search: 'tifa.server.search',
  listQuotations: 'tifa.server.listQuotations',
  insertQuotation: 'tifa.server.insertQuotation',
  status: 'tifa.server.status',
  reloadCorpus: 'tifa.server.reloadCorpus',
  /** a corpus document's text (for a read-only view): [id] → DocumentTextResult | null */
  documentText: 'tifa.server.documentText',
  /** what hover shows for a knowledge-base entry: [{ kind: 'term' | 'quotation' | 'statistic', id }] → { title, markdown } | null */
  describe: 'tifa.server.describe',
  /** the user corpus folders, occasions and speakers a new entry can use: [] → CorpusChoices */
  corpusChoices: 'tifa.server.corpusChoices',
  /** adds a quotation (and a new occasion) to a user corpus folder: [AddQuotationParams] → AddQuotationResult */
  addQuotation: 'tifa.server.addQuotation',
  /** creates a user corpus folder with a README and starter files: [{ path }] → CreateFolderResult */
  createCorpusFolder: 'tifa.server.createCorpusFolder',
  /** arguments: the .docx file's URI; returns WordCheckResult */
  checkWordDocument: 'tifa.server.checkWordDocument',
} as const;

export const STATUS_NOTIFICATION = 'tifa/status';

export interface StatusParams {
  state: 'loading' | 'ready' | 'error';
  entries: number;
  documents: number;
  problems: number;
  folders: string[];
  message: string;
  /** the newest release date of any statistic in the corpus (ISO): what Tifa's figures are current to */
  dataAsOf?: string;
  /** statistic series whose next official release has come without a newer value in the corpus (ids) */
  stale?: string[];
  /** the same, said to the writer in their language ("据语料，统计数据截至2026年3月5日；…") */
  currency?: string;
  /** the word segmenter in use: native, its WebAssembly fallback, or none; `note` says why when not native */
  segmenter?: { backend: 'native' | 'wasm' | 'none'; note?: string };
}

export interface Settings {
  corpus: { paths: string[] };
  quotation: { insertStyle: 'lead' | 'footnote' };
  severity: Record<string, string>;
}

export const DEFAULT_SETTINGS: Settings = {
  corpus: { paths: [] },
  quotation: { insertStyle: 'lead' },
  severity: {},
};

export interface InitializationOptions {
  /** false in VS Code Restricted Mode: workspace corpus folders are then ignored */
  trusted?: boolean;
  /** the writer's language, when it differs from initialize's `locale` (`en`, `zh-cn`) */
  locale?: string;
  /**
   * `command`: links to corpus documents in hovers are `command:tifa.openReference?[{id,line,character}]`
   * (the VS Code client opens them read-only); otherwise they are the documents' file URIs.
   */
  referenceLinks?: 'command' | 'file';
  /** fixed "today" (ISO date), for tests */
  today?: string;
}

export interface SearchResultItem {
  kind: 'document' | 'quotation' | 'term';
  /** the entry id (quotation, term) or the document id */
  id: string;
  title: string;
  context: string;
  uri?: string;
  line: number;
  character: number;
}

export interface QuotationItem {
  id: string;
  label: string;
  detail: string;
  text: string;
}

export interface DocumentTextResult {
  id: string;
  title: string;
  text: string;
}

export interface CorpusChoices {
  /** user corpus folders from the settings (absolute paths) */
  folders: Array<{ path: string; exists: boolean }>;
  occasions: Array<{ id: string; name: string; date: string; speaker?: string; corpus: string }>;
  speakers: string[];
  /** false in Restricted Mode: user folders are not used */
  trusted: boolean;
}

export type OccasionType = 'meeting' | 'speech' | 'inspection' | 'review' | 'conference' | 'document' | 'publication';

export interface AddQuotationParams {
  /** the user corpus folder to write into */
  folder: string;
  /** the official wording (quotation marks around it are dropped) */
  text: string;
  speaker: string;
  /** an existing occasion, or a new one to add to the folder */
  occasion: { id: string } | { name: string; date: string; type: OccasionType; place?: string };
  /** when the words were said or published (YYYY-MM-DD or YYYY-MM) */
  date: string;
  source: { title: string; publisher: string; date: string; url?: string };
}

export interface AddQuotationResult {
  ok: boolean;
  /** what was written, or why nothing was */
  message: string;
  id?: string;
  file?: string;
  /** 0-based line of the new entry in `file` */
  line?: number;
  /** the generated entry tests */
  tests?: { pass: string[]; flag: string[] };
  /** the folder is not among tifa.corpus.paths: the next check will not use it until it is */
  inSettings?: boolean;
  problems?: string[];
}

export interface CreateFolderResult {
  ok: boolean;
  message: string;
  path?: string;
  files?: string[];
}

/** A Word document's text (paragraphs joined by blank lines) and its findings, or why it could not be read. */
export type WordCheckResult =
  | {
      text: string;
      diagnostics: Array<{
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        severity?: number;
        code?: string | number;
        source?: string;
        message: string;
      }>;
      paragraphs: number;
    }
  | { error: string };
