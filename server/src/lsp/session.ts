// Server state: the corpus in use (and the last good one), open documents, settings per document,
// and diagnostics scheduling. Handlers in ./handlers read from here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { limitHeapGrowth } from '../heap';
import { segmenterNote, segmenterStatus } from '../segmenter/jieba';
import { pathToUri, uriToPath as fileUriToPath } from '../io/paths';
import { DiagnosticSeverity, TextDocuments, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Checker, type CheckResult } from '../core/check';
import { CODES, isCode, SEVERITY_SETTINGS } from '../core/codes';
import { corpusStats, dataAsOf, staleSeries } from '../core/entryTests';
import { formatDate, t, type Locale, type MessageKey } from '../core/i18n';
import type { Finding, SeverityMap } from '../core/types';
import { problemText } from '../corpus/explain';
import type { Problem } from '../corpus/load';
import { indexCorpusData, openCorpus, type OpenCorpus } from '../corpus/open';
import { loadInWorker } from '../corpus/worker';
import type { LineIndex } from '../shared/positions';
import { ChangeTracker, documentLines } from './changes';
import { DEFAULT_SETTINGS, STATUS_NOTIFICATION, type InitializationOptions, type Settings, type StatusParams } from '../shared/protocol';

const SEVERITY: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TIMING = process.env.TIFA_TIMING === '1';
/**
 * A pause between two slices of a long check. vscode-jsonrpc handles a request over several
 * setImmediate turns (message queue, handler, write lock): a pause of one turn would put a slice of
 * the check between each of them; a few turns let a waiting hover go through in one pause.
 */
async function yieldToRequests(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Above this many findings the publication waits for pending requests first. */
const YIELD_BEFORE_PUBLISH = 500;

/** How long after a corpus load its on-disk cache is written (the first diagnostics come first). */
const PERSIST_DELAY_MS = 500;

export interface DiagnosticData {
  fixes: Array<{ title: string; start: number; end: number; text: string }>;
  version: number;
}

export class Session {
  /** the edit behind each change, so that a check after it works on the edit only (./changes) */
  private readonly changes = new ChangeTracker();
  readonly documents = new TextDocuments(this.changes.documents);
  corpus: OpenCorpus | undefined;
  checker: Checker | undefined;
  private lastGood: OpenCorpus | undefined;
  private settingsCache = new Map<string, Promise<Settings>>();
  private pending = new Map<string, number>();
  private results = new Map<string, { version: number; result: CheckResult }>();
  private corpusProblemFiles = new Set<string>();
  private watchers: fs.FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  /** the latest corpus load started: an older one that ends later is dropped */
  private loadGeneration = 0;
  hasConfiguration = false;
  hasProgress = false;
  /** the client shows Diagnostic.relatedInformation (else the other places go into the message) */
  hasRelatedInformation = false;
  init: InitializationOptions = {};
  /** the language of everything the writer reads (initialize's locale; Chinese by default) */
  locale: Locale = 'zh';
  extraFolders: string[] = [];

  constructor(readonly connection: Connection) {
    // (a server runs for hours: its heap should follow what it keeps, not how fast it allocates)
    limitHeapGrowth();
  }

  today(): string {
    return this.init.today ?? process.env.TIFA_TODAY ?? new Date().toISOString().slice(0, 10);
  }

  log(message: string): void {
    this.connection.console.log(`[tifa] ${message}`);
  }

  settings(uri: string): Promise<Settings> {
    if (!this.hasConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.settingsCache.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'tifa' })
        .then(
          (raw: Partial<Settings> | null) =>
            ({
              corpus: { paths: raw?.corpus?.paths ?? [] },
              quotation: { insertStyle: raw?.quotation?.insertStyle === 'footnote' ? 'footnote' : 'lead' },
              severity: this.validSeverity(raw?.severity),
            }) as Settings,
        )
        .catch(() => DEFAULT_SETTINGS);
      this.settingsCache.set(uri, s);
    }
    return s;
  }

  clearSettings(): void {
    this.settingsCache.clear();
    this.settingsNoted.clear();
  }

  /** what the log already said about the settings (said once until they change) */
  private readonly settingsNoted = new Set<string>();

  /**
   * The entries of a `tifa.severity` setting that name a code and a severity; each other entry is
   * ignored and said in the log (`"warn"` is not a severity: the code keeps its default).
   */
  private validSeverity(raw: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (raw === undefined || raw === null) return out;
    const note = (key: MessageKey, vars: Record<string, string>) => {
      const line = t(this.locale, key, vars);
      if (this.settingsNoted.has(line)) return;
      this.settingsNoted.add(line);
      this.log(line);
    };
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      note('lsp.severity.notObject', { value: JSON.stringify(raw) ?? String(raw) });
      return out;
    }
    for (const [code, value] of Object.entries(raw)) {
      if (!isCode(code)) note('lsp.severity.unknownCode', { code: JSON.stringify(code), codes: CODES.join(', ') });
      else if (typeof value !== 'string' || !SEVERITY_SETTINGS.includes(value as never)) {
        note('lsp.severity.invalid', { code, value: JSON.stringify(value) ?? String(value), allowed: SEVERITY_SETTINGS.join(', ') });
      } else out[code] = value;
    }
    return out;
  }

  /**
   * (Re)loads the corpus. Problems keep the last good corpus in use and show on the corpus files.
   * With user folders the load runs in a worker thread (../corpus/worker.ts), the last good corpus in
   * use meanwhile; the built-in corpus alone comes from its prebuilt index, at once.
   */
  async loadCorpus(reason: MessageKey, vars: Record<string, string> = {}): Promise<void> {
    const generation = ++this.loadGeneration;
    const progress = this.hasProgress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Tifa', 0, t(this.locale, 'lsp.progress', { reason: t(this.locale, reason, vars) }), false);
    this.status({ state: 'loading', message: t(this.locale, 'lsp.status.loading') });
    try {
      const folders = (this.init.trusted === false ? [] : this.extraFolders).map((p) => ({ name: p, path: p }));
      let loaded: OpenCorpus;
      if (!folders.length) loaded = openCorpus([], { deferCache: true });
      else {
        const reply = await loadInWorker(__filename, folders, (line) => this.log(`corpus worker: ${line}`));
        if (generation !== this.loadGeneration) return; // a newer load is under way
        if (!reply.ok) throw new Error(reply.error);
        for (const note of reply.data.notes) this.log(note);
        loaded = indexCorpusData(reply.data);
      }
      const errors = loaded.problems.filter((p) => p.severity === 'error');
      if (errors.length && this.lastGood) {
        this.corpus = this.lastGood;
        this.log(`corpus has ${errors.length} problem(s); keeping the last good corpus`);
      } else {
        this.corpus = loaded;
        this.checker = new Checker(loaded.index);
        if (!errors.length) this.lastGood = loaded;
      }
      this.publishCorpusProblems(loaded.problems);
      this.watch(loaded);
      const stats = corpusStats(this.corpus.index);
      this.status({
        state: errors.length ? 'error' : 'ready',
        entries: stats.entries,
        documents: stats.documents,
        problems: loaded.problems.length,
        folders: this.corpus.folders.map((f) => f.path),
        message: errors.length ? t(this.locale, 'lsp.status.kept', { errors: errors.length }) : t(this.locale, 'lsp.status.loaded', { entries: stats.entries }),
      });
      for (const doc of this.documents.all()) this.schedule(doc.uri, true);
      this.persistLater(loaded);
    } catch (e) {
      this.log(`corpus load failed: ${(e as Error).stack ?? e}`);
      this.status({ state: 'error', message: t(this.locale, 'lsp.status.failed', { error: (e as Error).message }) });
    } finally {
      progress?.done();
    }
  }

  /**
   * Writes the on-disk cache of a freshly loaded corpus once the first checks are done, in small
   * slices so that edits and requests in the meantime are not held up.
   */
  private persistLater(loaded: OpenCorpus): void {
    clearTimeout(this.persistTimer);
    if (!loaded.persist) return;
    this.persistTimer = setTimeout(() => {
      loaded.persist!(() => new Promise((resolve) => setTimeout(resolve, 1))).catch((e) => this.log(`corpus cache not written: ${(e as Error).message}`));
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref?.();
  }

  /**
   * What the corpus's figures are current to, for the status item and the status command: the newest
   * statistic release, and the series whose next official release has come without a newer value.
   */
  currency(): Pick<StatusParams, 'dataAsOf' | 'stale' | 'currency'> {
    if (!this.corpus) return {};
    const asOf = dataAsOf(this.corpus.index);
    const stale = staleSeries(this.corpus.index, this.today());
    const lines: string[] = [];
    if (asOf) lines.push(t(this.locale, 'lsp.status.dataAsOf', { date: formatDate(asOf) }));
    if (stale.length) {
      const names =
        stale
          .slice(0, 3)
          .map((x) => x.name)
          .join('、') + (stale.length > 3 ? '……' : '');
      lines.push(t(this.locale, 'lsp.status.stale', { count: stale.length, names }));
    }
    return { ...(asOf ? { dataAsOf: asOf } : {}), stale: stale.map((x) => x.id), currency: lines.join('\n') };
  }

  private status(p: Partial<StatusParams>): void {
    const stats = this.corpus ? corpusStats(this.corpus.index) : undefined;
    const params: StatusParams = {
      state: 'ready',
      entries: stats?.entries ?? 0,
      documents: stats?.documents ?? 0,
      problems: 0,
      folders: this.corpus?.folders.map((f) => f.path) ?? [],
      message: '',
      ...p,
    };
    if (this.corpus && params.state !== 'loading') Object.assign(params, this.currency());
    const seg = segmenterStatus();
    params.segmenter = { backend: seg.backend, ...(segmenterNote(seg) ? { note: segmenterNote(seg) } : {}) };
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  private publishCorpusProblems(problems: Problem[]): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      const uri = pathToUri(p.file);
      if (!byFile.has(uri)) byFile.set(uri, []);
      byFile.get(uri)!.push({
        range: { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.line - 1, character: p.column - 1 + 1 } },
        severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        source: 'tifa-corpus',
        message: problemText(p, this.locale),
      });
    }
    for (const uri of this.corpusProblemFiles) if (!byFile.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byFile) void this.connection.sendDiagnostics({ uri, diagnostics });
    this.corpusProblemFiles = new Set(byFile.keys());
  }

  /** Watches corpus folders; a change reloads after a short quiet period. */
  private watch(loaded: OpenCorpus): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const folder of loaded.folders) {
      try {
        const w = fs.watch(folder.path, { recursive: true }, (_event, file) => {
          if (file && !/\.(ya?ml|txt|md)$/i.test(String(file))) return;
          clearTimeout(this.reloadTimer);
          this.reloadTimer = setTimeout(() => void this.loadCorpus('lsp.reason.changed', { file: path.basename(String(file ?? folder.path)) }), 300);
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // a folder that cannot be watched is still used; it is reloaded on the next configuration change
      }
    }
  }

  dispose(): void {
    for (const w of this.watchers) w.close();
    clearTimeout(this.reloadTimer);
    clearTimeout(this.persistTimer);
  }

  result(uri: string): CheckResult | undefined {
    const doc = this.documents.get(uri);
    const r = this.results.get(uri);
    return doc && r && r.version === doc.version ? r.result : undefined;
  }

  /** Schedules a check of a document; a newer version cancels an older check in progress. */
  schedule(uri: string, force = false): void {
    const doc = this.documents.get(uri);
    if (!doc || !this.checker) return;
    if (!force && this.pending.get(uri) === doc.version) return;
    this.pending.set(uri, doc.version);
    void this.runCheck(doc, performance.now());
  }

  private async runCheck(doc: TextDocument, scheduledAt: number): Promise<void> {
    const checker = this.checker!;
    const uri = doc.uri;
    const version = doc.version;
    const settings = await this.settings(uri);
    const cancelled = () => this.documents.get(uri)?.version !== version || this.pending.get(uri) !== version || this.checker !== checker;
    if (cancelled()) return;
    const text = doc.getText();
    const hint = this.changes.take(uri, text);
    let result: Awaited<ReturnType<Checker['checkInSlices']>>;
    try {
      result = await checker.checkInSlices(
        text,
        { markdown: isMarkdown(doc), today: this.today(), severity: settings.severity as SeverityMap, locale: this.locale, document: uri },
        yieldToRequests,
        cancelled,
        undefined,
        hint,
      );
    } catch (e) {
      this.log(`check failed for ${uri}: ${(e as Error).stack ?? e}`);
      return;
    }
    if (!result || cancelled()) return;
    this.results.set(uri, { version, result });
    // converting and sending many diagnostics takes a while: let requests that came in meanwhile go first
    if (result.findings.length > YIELD_BEFORE_PUBLISH) {
      await yieldToRequests();
      if (cancelled()) return;
    }
    const lines = await documentLines(doc, text, yieldToRequests, cancelled);
    if (!lines || cancelled()) return;
    const diagnostics = capped(result.findings).map((f) => toDiagnostic(f, lines, version, this.locale, { uri, shown: this.hasRelatedInformation }));
    if (result.findings.length > MAX_DIAGNOSTICS) {
      const at = lines.position(result.findings[0].start);
      diagnostics.push({
        range: { start: at, end: at },
        severity: DiagnosticSeverity.Information,
        source: 'tifa',
        message: t(this.locale, 'lsp.moreDiagnostics', { more: result.findings.length - MAX_DIAGNOSTICS, max: MAX_DIAGNOSTICS }),
      });
    }
    const sent = this.connection.sendDiagnostics({ uri, version, diagnostics });
    // TIFA_TIMING=1: how long the server worked for these diagnostics (from the change until they are written), for benchmarks
    if (TIMING) void sent.then(() => this.log(`timing diagnostics ${uri}@${version} ${(performance.now() - scheduledAt).toFixed(3)} ms`));
  }

  closed(uri: string): void {
    this.pending.delete(uri);
    this.results.delete(uri);
    this.checker?.forget(uri);
    this.changes.closed(uri);
    this.settingsCache.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/** Diagnostics published per document: beyond this an editor slows down and the writer learns nothing more. */
export const MAX_DIAGNOSTICS = 1000;

/** The findings to publish: at most MAX_DIAGNOSTICS, the most severe first, in document order. */
function capped(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings;
  const rank: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3 };
  const keep = new Set(
    findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
      .slice(0, MAX_DIAGNOSTICS)
      .map((x) => x.i),
  );
  return findings.filter((_, i) => keep.has(i));
}

export function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(md|markdown)$/i.test(doc.uri);
}

/**
 * A finding as an LSP diagnostic. Its related places (the other figure, quotation or date of an
 * `inconsistent` finding) become relatedInformation in the same document `uri` when the client shows it
 * (`shown`); otherwise each is added to the message with its line (第12行：…).
 */
export function toDiagnostic(f: Finding, lines: LineIndex, version: number, locale: Locale = 'zh', related?: { uri: string; shown: boolean }): Diagnostic {
  const data: DiagnosticData = { fixes: f.fixes, version };
  let message =
    f.source && !f.message.includes(f.source)
      ? `${f.message}
${t(locale, 'lsp.source', { source: f.source })}`
      : f.message;
  const d: Diagnostic = { range: lines.range(f.start, f.end), severity: SEVERITY[f.severity], code: f.code, source: 'tifa', message, data };
  if (f.related?.length && related) {
    if (related.shown) {
      d.relatedInformation = f.related.map((r) => ({ location: { uri: related.uri, range: lines.range(r.start, r.end) }, message: r.message }));
    } else {
      for (const r of f.related)
        message += `
${t(locale, 'inconsistent.line', { line: lines.position(r.start).line + 1 })}：${r.message}`;
      d.message = message;
    }
  }
  return d;
}

/** The path of a file URI (Windows drive letters, file:///c%3A/…, UNC shares: io/paths.ts). */
export function uriToPath(uri: string): string | undefined {
  return fileUriToPath(uri);
}
