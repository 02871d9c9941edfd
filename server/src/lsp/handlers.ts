// LSP handlers: each converts from the protocol, calls the core, converts back. Positions go
// through LineIndex (positions.ts) only.
import { checkWordDocument } from './word';
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Diagnostic,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type TextEdit,
} from 'vscode-languageserver/node';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { complete, quotationInsert } from '../core/complete';
import { corpusStats } from '../core/entryTests';
import { documentTitle, hoverAt, hoverQuote, hoverStat, hoverTerm } from '../core/hover';
import { t } from '../core/i18n';
import { findQuotations, searchCorpus } from '../core/search';
import { problemText } from '../corpus/explain';
import type { CorpusFolder } from '../corpus/load';
import { indexCorpusData, type OpenCorpus } from '../corpus/open';
import { loadInWorker } from '../corpus/worker';
import { addQuotation, createCorpusFolder } from '../corpus/write';
import { CODES, type Code } from '../core/codes';
import type { Knowledge } from '../core/types';
import { LineIndex } from '../shared/positions';
import {
  SERVER_COMMANDS,
  type AddQuotationParams,
  type CorpusChoices,
  type DocumentTextResult,
  type QuotationItem,
  type SearchResultItem,
} from '../shared/protocol';
import { isMarkdown, type DiagnosticData, type Session } from './session';

export async function onHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const doc = session.documents.get(params.textDocument.uri);
  if (!doc || !session.checker) return null;
  const text = doc.getText();
  const lines = LineIndex.of(text);
  const offset = lines.offset(params.position);
  const result =
    session.result(doc.uri) ??
    session.checker.annotationsAt(text, { markdown: isMarkdown(doc), today: session.today(), locale: session.locale, document: doc.uri }, offset);
  const h = hoverAt(session.checker.index, result, offset, { locale: session.locale, links: session.init.referenceLinks, text });
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lines.range(h.start, h.end) };
}

export async function onCompletion(session: Session, params: CompletionParams): Promise<CompletionList> {
  const doc = session.documents.get(params.textDocument.uri);
  // incomplete: what is offered depends on every character typed (Chinese has no word boundaries to wait for)
  if (!doc || !session.checker) return { isIncomplete: true, items: [] };
  const settings = await session.settings(doc.uri);
  const text = doc.getText();
  const lines = LineIndex.of(text);
  const offset = lines.offset(params.position);
  const items = complete(session.checker.index, text, offset, {
    style: settings.quotation.insertStyle,
    markdown: isMarkdown(doc),
    today: session.today(),
    locale: session.locale,
    links: session.init.referenceLinks,
  });
  const list: CompletionItem[] = items.map((c) => ({
    label: c.label,
    kind: c.kind === 'term' ? CompletionItemKind.Keyword : c.kind === 'quotation' ? CompletionItemKind.Text : CompletionItemKind.Value,
    detail: c.detail,
    documentation: { kind: MarkupKind.Markdown, value: c.documentation },
    filterText: c.filterText,
    sortText: c.sortText,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: lines.range(c.start, c.end), newText: c.insertText },
    additionalTextEdits: c.additionalEdits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.text })),
  }));
  return { isIncomplete: true, items: list };
}

export function onCodeAction(session: Session, params: CodeActionParams): CodeAction[] {
  const doc = session.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const lines = LineIndex.of(text);
  const actions: CodeAction[] = [];
  let eol: string | undefined;
  // diagnostics come back from the client: anything in them may be missing or malformed
  const diagnostics = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
  for (const d of diagnostics) {
    if (d?.source !== 'tifa') continue;
    const data = d.data as DiagnosticData | undefined;
    if (data && data.version === doc.version && Array.isArray(data.fixes)) {
      data.fixes.forEach((fix, i) => {
        if (typeof fix?.text !== 'string' || typeof fix.start !== 'number' || typeof fix.end !== 'number' || fix.start > fix.end) return;
        actions.push({
          title: String(fix.title),
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0,
          edit: { changes: { [doc.uri]: [{ range: lines.range(fix.start, fix.end), newText: fix.text }] } },
        });
      });
    }
    const code = String(d.code ?? '');
    if ((CODES as readonly string[]).includes(code)) {
      const lineStart = lines.offset({ line: d.range?.start?.line, character: 0 });
      const line = lines.position(lineStart).line;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
      eol ??= text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
      const comment = isMarkdown(doc) ? `<!-- tifa-disable-next-line ${code} -->` : `// tifa-disable-next-line ${code}`;
      const edit: TextEdit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}${eol}` };
      actions.push({
        title: t(session.locale, 'fix.disable', { code: code as Code }),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [doc.uri]: [edit] } },
      });
    }
  }
  actions.push(...removeAllPinyin(session, doc.uri, lines, diagnostics));
  return actions;
}

/**
 * A page pasted from a mirror site carries pinyin annotations in every key term (新質(zhì)生產(chǎn)力 a dozen
 * times): beside each one's own fix, one action removes them all from the document.
 */
function removeAllPinyin(session: Session, uri: string, lines: LineIndex, diagnostics: Diagnostic[]): CodeAction[] {
  const title = t(session.locale, 'fix.removePinyin');
  const asked = diagnostics.filter((d) => d?.source === 'tifa' && (d.data as DiagnosticData | undefined)?.fixes?.[0]?.title === title);
  const result = session.result(uri);
  if (!asked.length || !result) return [];
  const fixes = result.findings
    .flatMap((f) => f.fixes.filter((x) => x.title === title))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    // overlapping fixes (a term inside a quotation, both with annotations): the first one only
    .filter((x, i, all) => i === 0 || x.start >= all[i - 1].end);
  if (fixes.length < 2) return [];
  return [
    {
      title: t(session.locale, 'fix.removePinyinAll', { count: fixes.length }),
      kind: CodeActionKind.QuickFix,
      diagnostics: asked,
      edit: { changes: { [uri]: fixes.map((x) => ({ range: lines.range(x.start, x.end), newText: x.text })) } },
    },
  ];
}

export async function onExecuteCommand(session: Session, params: ExecuteCommandParams): Promise<unknown> {
  const index = session.checker?.index;
  const args = params.arguments ?? [];
  switch (params.command) {
    case SERVER_COMMANDS.search: {
      if (!index) return [];
      const query = typeof args[0] === 'string' ? args[0] : '';
      const docs = new Map(index.knowledge.documents.map((d) => [d.id, d]));
      return searchCorpus(index, query).map((h): SearchResultItem => {
        const doc = h.kind === 'document' ? docs.get(h.id) : undefined;
        const { line, character } = doc ? LineIndex.ofDocument(doc).position(h.offset) : { line: 0, character: 0 };
        return { kind: h.kind, id: h.id, title: h.title, context: h.context, uri: h.uri, line, character };
      });
    }
    case SERVER_COMMANDS.listQuotations: {
      if (!index) return [];
      const query = typeof args[0] === 'string' ? args[0] : '';
      return findQuotations(index, query).map((id): QuotationItem => {
        const q = index.quotations.get(id)!;
        const occasion = index.occasions.get(q.occasion);
        return { id, label: q.text, detail: [q.speaker, occasion?.name, q.date].filter(Boolean).join(' · '), text: q.text };
      });
    }
    case SERVER_COMMANDS.insertQuotation: {
      // arguments: { uri, position: {line, character}, id }
      const a = (args[0] ?? {}) as { uri?: string; position?: { line: number; character: number }; id?: string };
      const doc = a.uri ? session.documents.get(a.uri) : undefined;
      const q = index && a.id ? index.quotations.get(a.id) : undefined;
      if (!doc || !q || !a.position || !index) return { applied: false, reason: 'unknown document or quotation' };
      const settings = await session.settings(doc.uri);
      const text = doc.getText();
      const lines = LineIndex.of(text);
      const offset = lines.offset(a.position);
      const ins = quotationInsert(index, q, text, {
        style: settings.quotation.insertStyle,
        markdown: isMarkdown(doc),
        today: session.today(),
        locale: session.locale,
      });
      const edits: TextEdit[] = [
        { range: lines.range(offset, offset), newText: ins.insertText },
        ...ins.additionalEdits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.text })),
      ];
      const r = await session.connection.workspace.applyEdit({ label: t(session.locale, 'lsp.insertQuotation'), edit: { changes: { [doc.uri]: edits } } });
      return { applied: r.applied };
    }
    case SERVER_COMMANDS.status: {
      if (!session.corpus) return { state: 'loading' };
      return {
        state: 'ready',
        ...corpusStats(session.corpus.index),
        folders: session.corpus.folders.map((f) => ({ name: f.name, path: f.path })),
        problems: session.corpus.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${problemText(p, session.locale)}`),
        ...session.currency(),
      };
    }
    case SERVER_COMMANDS.checkWordDocument:
      return checkWordDocument(session, args[0]);
    case SERVER_COMMANDS.reloadCorpus:
      await session.loadCorpus('lsp.reason.manual');
      return { reloaded: true };
    case SERVER_COMMANDS.documentText: {
      const doc = index?.knowledge.documents.find((d) => d.id === args[0]);
      return doc ? ({ id: doc.id, title: documentTitle(doc), text: doc.text } satisfies DocumentTextResult) : null;
    }
    case SERVER_COMMANDS.describe: {
      const a = (args[0] ?? {}) as { kind?: string; id?: string };
      if (!index || typeof a.id !== 'string') return null;
      const options = { locale: session.locale, links: session.init.referenceLinks };
      if (a.kind === 'term') {
        const term = index.terms.get(a.id);
        return term ? { title: term.term, markdown: hoverTerm(index, term, options) } : null;
      }
      if (a.kind === 'quotation') {
        const ref = index.refs.findIndex((r) => r.kind === 'quotation' && r.entry === a.id);
        return ref >= 0 ? { title: index.refs[ref].text.slice(0, 20), markdown: hoverQuote(index, ref, options) } : null;
      }
      if (a.kind === 'statistic') {
        const stat = index.statistics.get(a.id);
        return stat ? { title: stat.name, markdown: hoverStat(stat, options) } : null;
      }
      return null;
    }
    case SERVER_COMMANDS.corpusChoices: {
      const k = index?.knowledge;
      const choices: CorpusChoices = {
        folders: session.extraFolders.map((p) => ({ path: p, exists: folderExists(p) })),
        occasions: (k?.occasions ?? [])
          .map((o) => ({ id: o.id, name: o.name, date: o.date, speaker: o.speaker, corpus: o.origin.corpus }))
          .sort((x, y) => y.date.localeCompare(x.date)),
        speakers: [...new Set([...(k?.quotations ?? []).map((q) => q.speaker), ...(k?.occasions ?? []).map((o) => o.speaker ?? '')].filter(Boolean))],
        trusted: session.init.trusted !== false,
      };
      return choices;
    }
    case SERVER_COMMANDS.addQuotation: {
      if (!index) return { ok: false, message: t(session.locale, 'lsp.status.loading') };
      const p = (args[0] ?? {}) as AddQuotationParams;
      const folder = typeof p.folder === 'string' && p.folder ? path.resolve(p.folder) : '';
      const r = await addQuotation(
        { ...p, folder },
        {
          folders: session.extraFolders,
          knowledge: index.knowledge,
          today: session.today(),
          locale: session.locale,
          open: (folders) => openOffLoop(session, folders),
        },
      );
      if (r.ok && r.inSettings) await session.loadCorpus('lsp.reason.added');
      return r;
    }
    case SERVER_COMMANDS.createCorpusFolder: {
      if (!index) return { ok: false, message: t(session.locale, 'lsp.status.loading') };
      const a = (args[0] ?? {}) as { path?: string };
      const builtin = builtinOnly(index.knowledge);
      return createCorpusFolder(typeof a.path === 'string' && a.path ? path.resolve(a.path) : '', builtin, session.locale);
    }
    default:
      return null;
  }
}

function folderExists(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The entries that come from the built-in corpus (a user folder may override some). */
function builtinOnly(k: Knowledge): Knowledge {
  const own = <T extends { origin: { corpus: string } }>(xs: T[]) => xs.filter((x) => x.origin.corpus === 'built-in');
  return {
    terms: own(k.terms),
    quotations: own(k.quotations),
    occasions: own(k.occasions),
    formulations: own(k.formulations),
    statistics: own(k.statistics),
    documents: own(k.documents),
  };
}

/** The corpus with these user folders, loaded in the corpus worker (off the message loop) like a reload. */
async function openOffLoop(session: Session, folders: CorpusFolder[]): Promise<OpenCorpus> {
  const reply = await loadInWorker(__filename, folders, (line) => session.log(`corpus worker: ${line}`));
  if (!reply.ok) throw new Error(reply.error);
  return indexCorpusData(reply.data);
}
