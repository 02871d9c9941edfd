// Shared between client and server: custom notifications, server command ids, settings.
// (The client imports this file; it must not import vscode-languageserver.)

export const SERVER_COMMANDS = {
  search: 'tifa.server.search',
  listQuotations: 'tifa.server.listQuotations',
  insertQuotation: 'tifa.server.insertQuotation',
  status: 'tifa.server.status',
  reloadCorpus: 'tifa.server.reloadCorpus',
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
  /** fixed "today" (ISO date), for tests */
  today?: string;
}

export interface SearchResultItem {
  kind: 'document' | 'quotation' | 'term';
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

/** A Word document's text (paragraphs joined by blank lines) and its findings, or why it could not be read. */
export type WordCheckResult =
  | { text: string; diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string | number; source?: string; message: string }>; paragraphs: number }
  | { error: string };
