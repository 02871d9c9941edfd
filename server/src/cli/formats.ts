// Output formats of `tifa check`: text (compiler-style lines and a summary line), json (the stable
// contract, version 1), sarif (SARIF 2.1.0, for GitHub code scanning and other CI tools) and rdjson
// (reviewdog's diagnostic format). One FileResult per checked file; the formats only render it.
import { CODES, codeInfo } from '../core/codes';
import { both, counted, t, type Locale } from '../core/i18n';
import type { Finding, Severity } from '../core/types';
import { context, paragraphAt, paragraphLabel, type DocxParagraph } from '../io/docx';
import { LineIndex } from '../shared/positions';

export type Format = 'text' | 'json' | 'sarif' | 'rdjson';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'rdjson'];

export interface FileResult {
  /** the path as printed on one line (escaped: see io/paths.ts displayPath) */
  display: string;
  /** the path in JSON outputs (as given, or escaped when it is not valid UTF-8) */
  path: string;
  /** the SARIF artifact URI: relative to the working folder when inside it, else a file URI */
  uri: string;
  text: string;
  findings: Finding[];
  /** the language of the words the formats add (另见第7行); Chinese when absent */
  locale?: Locale;
  /** a Word document: its paragraphs, for paragraph numbers and context */
  docx?: { paragraphs: DocxParagraph[] };
}

export interface Summary {
  files: number;
  skipped: number;
  seconds: number;
}

function count(results: FileResult[], s: Severity): number {
  return results.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
}

/** Where a finding is in a Word document: paragraph (1-based, in reading order), column, label, context. */
export function docxWhere(r: FileResult, f: Finding): { index: number; column: number; paragraph?: DocxParagraph; context: string } {
  const doc = { text: r.text, paragraphs: r.docx!.paragraphs };
  const p = paragraphAt(doc, f.start);
  const index = p ? r.docx!.paragraphs.indexOf(p) + 1 : 1;
  return { index, column: f.start - (p?.start ?? 0) + 1, paragraph: p, context: context(doc, f.start, f.end) };
}

// ------------------------------------------------------------------ text

/** Where the related places of a finding are: （另见第12行、第30行） or （另见第5段） in a Word document. */
function seeAlso(r: FileResult, f: Finding, lines: LineIndex | undefined): string {
  if (!f.related?.length) return '';
  const places = f.related.map((x) => {
    if (r.docx) {
      const p = paragraphAt({ paragraphs: r.docx.paragraphs }, x.start);
      return p ? paragraphLabel(p) : '';
    }
    return t(r.locale ?? 'zh', 'inconsistent.line', { line: lines!.position(x.start).line + 1 });
  });
  const locale = r.locale ?? 'zh';
  return t(locale, 'inconsistent.seeAlso', { places: [...new Set(places.filter(Boolean))].join(t(locale, 'inconsistent.places.separator')) });
}

export function textLines(r: FileResult): string {
  let out = '';
  const lines = r.docx ? undefined : new LineIndex(r.text);
  for (const f of r.findings) {
    if (r.docx) {
      const w = docxWhere(r, f);
      out += `${r.display}:${w.index}:${w.column}: ${f.severity} ${f.code} ${f.message.replace(/\s*\n\s*/g, ' ')}${seeAlso(r, f, lines)} —— ${w.paragraph ? paragraphLabel(w.paragraph) : ''}：${w.context}\n`;
    } else {
      const p = lines!.position(f.start);
      out += `${r.display}:${p.line + 1}:${p.character + 1}: ${f.severity} ${f.code} ${f.message.replace(/\s*\n\s*/g, ' ')}${seeAlso(r, f, lines)}\n`;
    }
  }
  return out;
}

export function summaryLine(results: FileResult[], s: Summary): string {
  const e = count(results, 'error');
  const w = count(results, 'warning');
  const i = count(results, 'information') + count(results, 'hint');
  const line = both('cli.summary', (l) => ({
    files: counted(l, 'count.files', s.files),
    errors: counted(l, 'count.errors', e),
    warnings: counted(l, 'count.warnings', w),
    notes: counted(l, 'count.notes', i),
    skipped: s.skipped ? t(l, 'cli.summary.skipped', { skipped: s.skipped }) : '',
    seconds: s.seconds.toFixed(2),
  }));
  return `tifa: ${line}\n`;
}

// ------------------------------------------------------------------ json (version 1, unchanged; Word documents add `paragraph` and `context`)

export function json(results: FileResult[]): string {
  return (
    JSON.stringify({
      version: 1,
      files: results.map((r) => {
        const lines = new LineIndex(r.text);
        return {
          path: r.path,
          diagnostics: r.findings.map((f) => {
            const out: Record<string, unknown> = {
              code: f.code,
              severity: f.severity,
              message: f.message,
              offset: { start: f.start, end: f.end },
              range: lines.range(f.start, f.end),
            };
            if (f.expected !== undefined) out.expected = f.expected;
            if (f.source !== undefined) out.source = f.source;
            out.fixes = f.fixes.map((x) => ({ title: x.title, offset: { start: x.start, end: x.end }, text: x.text }));
            // the other places of an inconsistent finding
            if (f.related?.length) {
              out.related = f.related.map((x) => {
                const rel: Record<string, unknown> = { message: x.message, offset: { start: x.start, end: x.end }, range: lines.range(x.start, x.end) };
                if (r.docx) {
                  const p = paragraphAt({ paragraphs: r.docx.paragraphs }, x.start);
                  if (p) rel.paragraph = { part: p.part, number: p.number, ...(p.note !== undefined ? { note: p.note } : {}) };
                }
                return rel;
              });
            }
            if (r.docx) {
              const w = docxWhere(r, f);
              if (w.paragraph)
                out.paragraph = { part: w.paragraph.part, number: w.paragraph.number, ...(w.paragraph.note !== undefined ? { note: w.paragraph.note } : {}) };
              out.context = w.context;
            }
            return out;
          }),
        };
      }),
    }) + '\n'
  );
}

// ------------------------------------------------------------------ SARIF 2.1.0

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function sarif(results: FileResult[], version: string, cwdUri: string): string {
  const run = {
    tool: {
      driver: {
        name: 'tifa',
        fullName: 'Tifa 提法',
        version,
        semanticVersion: version,
        rules: CODES.map((id) => {
          const { title, help, severity } = codeInfo(id);
          const both = `${help.zh}\n\n${help.en}`;
          return {
            id,
            name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: title.zh },
            fullDescription: { text: help.zh },
            help: { text: both, markdown: both },
            defaultConfiguration: { level: SARIF_LEVEL[severity] },
          };
        }),
      },
    },
    originalUriBaseIds: { SRCROOT: { uri: cwdUri.endsWith('/') ? cwdUri : cwdUri + '/' } },
    columnKind: 'utf16CodeUnits',
    artifacts: results.map((r) => ({
      location: artifactLocation(r),
      ...(r.docx ? { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } : {}),
    })),
    results: results.flatMap((r, artifactIndex) => {
      const lines = new LineIndex(r.text);
      const region = (start: number, end: number) => {
        const a = lines.position(start);
        const b = lines.position(end);
        return {
          startLine: a.line + 1,
          startColumn: a.character + 1,
          endLine: b.line + 1,
          endColumn: b.character + 1,
          charOffset: start,
          charLength: end - start,
        };
      };
      return r.findings.map((f) => {
        const where = r.docx ? docxWhere(r, f) : undefined;
        const location = {
          physicalLocation: {
            artifactLocation: { ...artifactLocation(r), index: artifactIndex },
            // a Word document has no lines: the offset into its text, and the context as a snippet
            region: where
              ? { charOffset: f.start, charLength: f.end - f.start, snippet: { text: where.context } }
              : { ...region(f.start, f.end), snippet: { text: r.text.slice(f.start, f.end) } },
          },
          ...(where?.paragraph ? { logicalLocations: [{ name: paragraphLabel(where.paragraph), kind: 'paragraph' }] } : {}),
        };
        return {
          ruleId: f.code,
          ruleIndex: CODES.indexOf(f.code),
          level: SARIF_LEVEL[f.severity],
          message: { text: where?.paragraph ? `${f.message}（${paragraphLabel(where.paragraph)}）` : f.message },
          locations: [location],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((x, id) => ({
                  id,
                  physicalLocation: {
                    artifactLocation: { ...artifactLocation(r), index: artifactIndex },
                    region: where
                      ? { charOffset: x.start, charLength: x.end - x.start }
                      : { ...region(x.start, x.end), snippet: { text: r.text.slice(x.start, x.end) } },
                  },
                  message: { text: x.message },
                })),
              }
            : {}),
          ...(r.docx || !f.fixes.length
            ? {}
            : {
                fixes: f.fixes.map((x) => ({
                  description: { text: x.title },
                  artifactChanges: [
                    { artifactLocation: artifactLocation(r), replacements: [{ deletedRegion: region(x.start, x.end), insertedContent: { text: x.text } }] },
                  ],
                })),
              }),
          partialFingerprints: { 'tifa/v1': `${f.code}:${f.entry}:${hash(r.text.slice(f.start, f.end))}` },
          properties: {
            ...(f.expected !== undefined ? { expected: f.expected } : {}),
            ...(f.source !== undefined ? { source: f.source } : {}),
            entry: f.entry,
          },
        };
      });
    }),
  };
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 1) + '\n';
}

function artifactLocation(r: FileResult): { uri: string; uriBaseId?: string } {
  return /^[a-z][a-z0-9+.-]*:/i.test(r.uri) ? { uri: r.uri } : { uri: r.uri, uriBaseId: 'SRCROOT' };
}

/** A short stable hash (FNV-1a) of the flagged text, so that a result keeps its identity across edits elsewhere. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

// ------------------------------------------------------------------ rdjson (reviewdog)

const RD_SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = { error: 'ERROR', warning: 'WARNING', information: 'INFO', hint: 'INFO' };

/** Line (1-based) and column in UTF-8 bytes (1-based), as reviewdog counts them. */
function rdPosition(text: string, lines: LineIndex, offset: number): { line: number; column: number } {
  const p = lines.position(offset);
  const lineStart = offset - p.character;
  return { line: p.line + 1, column: Buffer.byteLength(text.slice(lineStart, offset), 'utf8') + 1 };
}

export function rdjson(results: FileResult[]): string {
  const diagnostics = results.flatMap((r) => {
    const lines = new LineIndex(r.text);
    const range = (s: number, e: number) => ({ start: rdPosition(r.text, lines, s), end: rdPosition(r.text, lines, e) });
    return r.findings.map((f) => {
      const where = r.docx ? docxWhere(r, f) : undefined;
      return {
        message: where?.paragraph ? `${f.message}（${paragraphLabel(where.paragraph)}：${where.context}）` : f.message,
        // a Word document has no lines reviewdog could comment on: the file alone
        location: where ? { path: r.path } : { path: r.path, range: range(f.start, f.end) },
        severity: RD_SEVERITY[f.severity],
        code: { value: f.code },
        ...(where ? {} : { suggestions: f.fixes.map((x) => ({ range: range(x.start, x.end), text: x.text })) }),
        ...(f.related?.length
          ? {
              related_locations: f.related.map((x) => ({
                message: x.message,
                location: where ? { path: r.path } : { path: r.path, range: range(x.start, x.end) },
              })),
            }
          : {}),
      };
    });
  });
  return JSON.stringify({ source: { name: 'tifa' }, diagnostics }) + '\n';
}
