// The server side of "检查 Word 文档" (command tifa.server.checkWordDocument): reads a .docx named by its
// URI, checks its text (in slices, like an open document) and returns the text with its findings as LSP
// diagnostics, each naming its paragraph; the client shows them in a read-only view.
import { readFileBytes } from '../io/read';
import { reasonText, t } from '../core/i18n';
import type { SeverityMap } from '../core/types';
import { context, docxReason, paragraphAt, paragraphLabel, readDocx } from '../io/docx';
import { uriToPath } from '../io/paths';
import { LineIndex } from '../shared/positions';
import type { WordCheckResult } from '../shared/protocol';
import type { Session } from './session';

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

export async function checkWordDocument(session: Session, uri: unknown): Promise<WordCheckResult> {
  if (typeof uri !== 'string') return { error: t(session.locale, 'word.noUri') };
  const file = uriToPath(uri);
  if (!file) return { error: t(session.locale, 'word.notLocal', { uri }) };
  const read = readFileBytes(file);
  // why not, in the writer's language (the session's locale)
  if ('error' in read) return { error: `${file}: ${reasonText(session.locale, read.error)}` };
  let doc: ReturnType<typeof readDocx>;
  try {
    doc = readDocx(read.bytes);
  } catch (e) {
    return { error: `${file}: ${reasonText(session.locale, docxReason(e))}` };
  }
  const checker = session.checker;
  if (!checker) return { error: t(session.locale, 'word.notReady') };
  const settings = await session.settings(uri);
  const result = await checker.checkInSlices(
    doc.text,
    { markdown: false, today: session.today(), severity: settings.severity as SeverityMap, locale: session.locale },
    () => new Promise((resolve) => setImmediate(resolve)),
    () => false,
  );
  const lines = LineIndex.of(doc.text);
  const diagnostics: Extract<WordCheckResult, { text: string }>['diagnostics'] = (result?.findings ?? []).map((f) => {
    const p = paragraphAt(doc, f.start);
    const where = p ? `${paragraphLabel(p)}：${context(doc, f.start, f.end)}` : '';
    // the other places of an inconsistent finding, by paragraph
    const related = (f.related ?? []).map((r) => {
      const q = paragraphAt(doc, r.start);
      return `\n${q ? `${paragraphLabel(q)}：` : ''}${r.message}`;
    });
    return {
      range: lines.range(f.start, f.end),
      severity: SEVERITY[f.severity],
      code: f.code,
      source: 'tifa',
      message: `${f.message}${f.source && !f.message.includes(f.source) ? `\n${t(session.locale, 'lsp.source', { source: f.source })}` : ''}${where ? `\n（${where}）` : ''}${related.join('')}`,
    };
  });
  return { text: doc.text, diagnostics, paragraphs: doc.paragraphs.length };
}
