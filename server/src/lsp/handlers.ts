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
  type CompletionParams,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type TextEdit,
} from 'vscode-languageserver/node';
import { complete, quotationInsert } from '../core/complete';
import { corpusStats } from '../core/entryTests';
import { hoverAt } from '../core/hover';
import { findQuotations, searchCorpus } from '../core/search';
import { msg } from '../core/text';
import { CODES, type Code } from '../core/types';
import { LineIndex } from './positions';
import { SERVER_COMMANDS, type QuotationItem, type SearchResultItem } from './protocol';
import { isMarkdown, type DiagnosticData, type Session } from './session';

export async function onHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const doc = session.documents.get(params.textDocument.uri);
  if (!doc || !session.checker) return null;
  const text = doc.getText();
  const lines = LineIndex.of(text);
  const offset = lines.offset(params.position);
  const result = session.result(doc.uri) ?? session.checker.annotationsAt(text, { markdown: isMarkdown(doc), today: session.today() }, offset);
  const h = hoverAt(session.checker.index, result, offset);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lines.range(h.start, h.end) };
}

export async function onCompletion(session: Session, params: CompletionParams): Promise<CompletionItem[]> {
  const doc = session.documents.get(params.textDocument.uri);
  if (!doc || !session.checker) return [];
  const settings = await session.settings(doc.uri);
  const text = doc.getText();
  const lines = LineIndex.of(text);
  const offset = lines.offset(params.position);
  const items = complete(session.checker.index, text, offset, { style: settings.quotation.insertStyle, markdown: isMarkdown(doc), today: session.today() });
  return items.map((c) => ({
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
        title: msg('fix.disable', { code: code as Code }),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [doc.uri]: [edit] } },
      });
    }
  }
  return actions;
}

export async function onExecuteCommand(session: Session, params: ExecuteCommandParams): Promise<unknown> {
  const index = session.checker?.index;
  const args = params.arguments ?? [];
  switch (params.command) {
    case SERVER_COMMANDS.search: {
      if (!index) return [];
      const query = typeof args[0] === 'string' ? args[0] : '';
      return searchCorpus(index, query).map(
        (h): SearchResultItem => ({ kind: h.kind, title: h.title, context: h.context, uri: h.uri, line: h.line, character: h.character }),
      );
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
      const ins = quotationInsert(index, q, text, { style: settings.quotation.insertStyle, markdown: isMarkdown(doc), today: session.today() });
      const edits: TextEdit[] = [{ range: lines.range(offset, offset), newText: ins.insertText }, ...ins.additionalEdits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.text }))];
      const r = await session.connection.workspace.applyEdit({ label: 'Tifa: 插入引文', edit: { changes: { [doc.uri]: edits } } });
      return { applied: r.applied };
    }
    case SERVER_COMMANDS.status: {
      if (!session.corpus) return { state: 'loading' };
      return {
        state: 'ready',
        ...corpusStats(session.corpus.index),
        folders: session.corpus.folders.map((f) => ({ name: f.name, path: f.path })),
        problems: session.corpus.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
      };
    }
    case SERVER_COMMANDS.checkWordDocument:
      return checkWordDocument(session, args[0]);
    case SERVER_COMMANDS.reloadCorpus:
      await session.loadCorpus('手动重新加载');
      return { reloaded: true };
    default:
      return null;
  }
}
