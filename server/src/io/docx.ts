// Word documents (.docx): the text a writer wrote, and a copy annotated with Word comments.
// - readDocx: the body (paragraphs, tables, text boxes), footnotes, endnotes, headers and footers, each
//   Word paragraph a paragraph of the extracted text (joined by blank lines, so each is one block for the
//   checker). Tracked insertions are text; tracked deletions, moved-away text and field codes are not.
// - annotateDocx: a copy in which each finding is a comment anchored on its text (runs split at its
//   edges), written to word/comments.xml; every other part of the package is copied byte for byte.
// Zip: fflate (small, no dependencies, synchronous, sizes checked before inflating). XML: @xmldom/xmldom
// (a DOM that keeps every element and attribute it does not know, so the copy loses nothing).
// Why a document cannot be read is a Reason (message key and values; `docxReason`), put into the
// writer's language by the front end.
import type { Document, Element, Node } from '@xmldom/xmldom';
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { t, type Locale, type Reason } from '../core/i18n';

type Xmldom = typeof import('@xmldom/xmldom');
let xmldom: Xmldom | undefined;
/** @xmldom/xmldom, loaded when a Word document is first read or written (not at every start). */
function xml(): Xmldom {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  xmldom ??= require('@xmldom/xmldom') as Xmldom;
  return xmldom;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const COMMENTS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const COMMENTS_CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';

/** Bounds on what a .docx may unpack to (a zip bomb is refused before inflating). */
export const DOCX_LIMITS = { maxPartBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024, maxEntries: 10_000 };

export type DocxPart = 'body' | 'footnote' | 'endnote' | 'header' | 'footer';

export interface DocxParagraph {
  part: DocxPart;
  /** 1-based: the paragraph's number within its part (body paragraphs counted through tables) */
  number: number;
  /** the footnote or endnote number as the reader sees it (order of first reference), for notes */
  note?: number;
  /** offsets of the paragraph's text in `text` */
  start: number;
  end: number;
}

interface Piece {
  start: number;
  end: number;
  /** the w:t element holding this text, or undefined for a tab or break (not splittable) */
  t?: Element;
  run: Element;
  file: string;
}

export interface DocxDocument {
  text: string;
  paragraphs: DocxParagraph[];
  /** @internal text pieces in order, for anchoring comments */
  pieces: Piece[];
  /** @internal parsed XML parts, by file name */
  xml: Map<string, Document>;
  /** @internal every file of the package */
  files: Unzipped;
  /** @internal the body run holding each note's reference mark, by `footnote:N` / `endnote:N` (N as numbered for the reader) */
  noteRefs: Map<string, Element>;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An old binary Word file (.doc, .wps) or an encrypted .docx: both are OLE compound files. */
export function isOleFile(bytes: Uint8Array): boolean {
  return OLE_MAGIC.every((b, i) => bytes[i] === b);
}

/** An old binary Word document or an encrypted one: save it as .docx. */
export const DOC_REASON: Reason = { key: 'docx.old' };

/** An RTF document (Word often saves one under a .doc name): save it as .docx. */
export const RTF_REASON: Reason = { key: 'docx.rtf' };

/** What readDocx throws: why the document cannot be read. */
export class DocxError extends Error {
  constructor(readonly reason: Reason) {
    super(`${reason.key} ${JSON.stringify(reason.vars ?? {})}`); // the writer reads docxReason's words, not this
  }
}

/** Why reading a document failed, from what readDocx threw. */
export function docxReason(e: unknown): Reason {
  return e instanceof DocxError ? e.reason : { key: 'docx.unreadable', vars: { detail: e instanceof Error ? e.message : String(e) } };
}

function parseXml(data: Uint8Array, name: string): Document {
  const source = new TextDecoder('utf-8').decode(data);
  if (/<!DOCTYPE/i.test(source.slice(0, 4096))) throw new DocxError({ key: 'docx.doctype', vars: { part: name } });
  return new (xml().DOMParser)({
    onError: (level, message) => {
      if (level !== 'warning') throw new DocxError({ key: 'docx.xml', vars: { part: name, detail: message } });
    },
  }).parseFromString(source, 'text/xml');
}

function serialize(doc: Document): Uint8Array<ArrayBuffer> {
  let s = new (xml().XMLSerializer)().serializeToString(doc);
  if (!s.startsWith('<?xml')) s = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + s;
  return new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>;
}

function unzip(bytes: Uint8Array): Unzipped {
  let total = 0;
  let entries = 0;
  let tooBig = '';
  const files = unzipSync(bytes, {
    filter: (f) => {
      entries++;
      total += f.originalSize;
      if (f.originalSize > DOCX_LIMITS.maxPartBytes || total > DOCX_LIMITS.maxTotalBytes || entries > DOCX_LIMITS.maxEntries) tooBig ||= f.name;
      return !tooBig;
    },
  });
  if (tooBig)
    throw new DocxError({
      key: 'docx.tooBig',
      vars: { perPart: DOCX_LIMITS.maxPartBytes / 1048576, total: DOCX_LIMITS.maxTotalBytes / 1048576, entries: DOCX_LIMITS.maxEntries, part: tooBig },
    });
  return files;
}

const isW = (n: Node | null, name: string): boolean => !!n && n.nodeType === 1 && (n as Element).namespaceURI === W && (n as Element).localName === name;
const wAttr = (e: Element, name: string) => e.getAttributeNS(W, name) ?? e.getAttribute(`w:${name}`);

function children(e: Node): Element[] {
  const out: Element[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** Elements whose content is not the reader's text. */
const SKIP = new Set([
  'del',
  'moveFrom',
  'delText',
  'instrText',
  'rPr',
  'pPr',
  'sectPr',
  'tblPr',
  'trPr',
  'tcPr',
  'tblGrid',
  'commentReference',
  'footnoteReference',
  'endnoteReference',
  'annotationRef',
  'fldChar',
  'delInstrText',
]);

class Extractor {
  text = '';
  paragraphs: DocxParagraph[] = [];
  pieces: Piece[] = [];
  private counts: Record<DocxPart, number> = { body: 0, footnote: 0, endnote: 0, header: 0, footer: 0 };
  /** text boxes met inside a paragraph, extracted after it (a paragraph inside a paragraph would mix their text) */
  private deferred: Element[] = [];
  private run: Element | undefined;

  constructor(private file = '') {}

  setFile(file: string): void {
    this.file = file;
  }

  container(e: Element, part: DocxPart, note?: number): void {
    for (const c of children(e)) this.block(c, part, note);
  }

  private block(e: Element, part: DocxPart, note?: number): void {
    if (e.namespaceURI === MC && e.localName === 'Fallback') return; // the same content as its mc:Choice
    if (isW(e, 'p')) {
      this.paragraph(e, part, note);
      while (this.deferred.length) this.container(this.deferred.shift()!, part, note);
      return;
    }
    if (e.namespaceURI === W && SKIP.has(e.localName ?? '')) return;
    this.container(e, part, note); // tables, rows, cells, content controls, custom XML…
  }

  private paragraph(p: Element, part: DocxPart, note?: number): void {
    if (this.paragraphs.length) this.text += '\n\n';
    const start = this.text.length;
    this.inline(p);
    this.paragraphs.push({ part, number: ++this.counts[part], ...(note !== undefined ? { note } : {}), start, end: this.text.length });
  }

  private inline(e: Element): void {
    for (const c of children(e)) {
      if (c.namespaceURI === MC && c.localName === 'Fallback') continue;
      if (c.namespaceURI === W) {
        const name = c.localName ?? '';
        if (SKIP.has(name)) continue;
        if (name === 'txbxContent') {
          this.deferred.push(c);
          continue;
        }
        if (name === 'p') {
          this.deferred.push(c); // a paragraph nested in a paragraph (text box): after this one
          continue;
        }
        if (name === 'r') {
          const outer = this.run;
          this.run = c;
          this.inline(c);
          this.run = outer;
          continue;
        }
        if (name === 't' && this.run) {
          const s = c.textContent ?? '';
          if (s) this.pieces.push({ start: this.text.length, end: this.text.length + s.length, t: c, run: this.run, file: this.file });
          this.text += s;
          continue;
        }
        const ch = name === 'tab' || name === 'ptab' ? '\t' : name === 'br' || name === 'cr' ? '\n' : name === 'noBreakHyphen' ? '-' : '';
        if (ch && this.run) {
          this.pieces.push({ start: this.text.length, end: this.text.length + 1, run: this.run, file: this.file });
          this.text += ch;
          continue;
        }
      }
      this.inline(c); // ins, moveTo, hyperlink, smartTag, fldSimple, sdt, drawing…
    }
  }
}

/** Reads a .docx; throws a DocxError saying why when it cannot (`docxReason`). */
export function readDocx(bytes: Uint8Array): DocxDocument {
  if (isOleFile(bytes)) throw new DocxError(DOC_REASON);
  let files: Unzipped;
  try {
    files = unzip(bytes);
  } catch (e) {
    if (e instanceof DocxError) throw e;
    throw new DocxError({ key: 'docx.notZip', vars: { detail: (e as Error).message } });
  }
  const main = files['word/document.xml'];
  if (!main) throw new DocxError({ key: 'docx.noDocument' });
  const xml = new Map<string, Document>();
  const load = (name: string) => {
    const d = parseXml(files[name], name);
    xml.set(name, d);
    return d;
  };
  const noteRefs = new Map<string, Element>();
  const ex = new Extractor('word/document.xml');
  const doc = load('word/document.xml');
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  if (body) ex.container(body, 'body');
  // notes, numbered in the order the body first refers to them
  for (const [kind, file] of [
    ['footnote', 'word/footnotes.xml'],
    ['endnote', 'word/endnotes.xml'],
  ] as const) {
    if (!files[file]) continue;
    const order = new Map<string, number>();
    const refs = doc.getElementsByTagNameNS(W, `${kind}Reference`);
    for (let i = 0; i < refs.length; i++) {
      const id = wAttr(refs[i], 'id');
      if (id !== null && !order.has(id)) {
        order.set(id, order.size + 1);
        if (isW(refs[i].parentNode, 'r')) noteRefs.set(`${kind}:${order.size}`, refs[i].parentNode as Element);
      }
    }
    const notes = load(file).getElementsByTagNameNS(W, kind);
    ex.setFile(file);
    const list: Array<[number, Element]> = [];
    for (let i = 0; i < notes.length; i++) {
      const n = notes[i];
      const type = wAttr(n, 'type');
      if (type && type !== 'normal') continue; // separators
      const id = wAttr(n, 'id') ?? '';
      if (!order.has(id)) continue; // a note the body no longer refers to is not shown
      list.push([order.get(id)!, n]);
    }
    for (const [num, n] of list.sort((a, b) => a[0] - b[0])) ex.container(n, kind, num);
  }
  for (const kind of ['header', 'footer'] as const) {
    const names = Object.keys(files)
      .filter((f) => new RegExp(`^word/${kind}\\d*\\.xml$`).test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const name of names) {
      ex.setFile(name);
      ex.container(load(name).documentElement!, kind);
    }
  }
  return { text: ex.text, paragraphs: ex.paragraphs, pieces: ex.pieces, xml, files, noteRefs };
}

/** The paragraph holding `offset` (the last one starting at or before it). */
export function paragraphAt(doc: Pick<DocxDocument, 'paragraphs'>, offset: number): DocxParagraph | undefined {
  const ps = doc.paragraphs;
  let lo = 0;
  let hi = ps.length - 1;
  let found: DocxParagraph | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid].start <= offset) {
      found = ps[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Where a paragraph is, as a writer says it: 第 3 段 (counted through tables), 脚注 2, 页眉. */
export function paragraphLabel(p: DocxParagraph, locale: Locale = 'zh'): string {
  switch (p.part) {
    case 'body':
      return t(locale, 'docx.paragraph', { number: p.number });
    case 'footnote':
      return t(locale, 'docx.footnote', { note: p.note ?? '' });
    case 'endnote':
      return t(locale, 'docx.endnote', { note: p.note ?? '' });
    case 'header':
      return t(locale, 'docx.header');
    case 'footer':
      return t(locale, 'docx.footer');
  }
}

/** The text around a finding, on one line, for a writer to find it in Word. */
export function context(doc: Pick<DocxDocument, 'text' | 'paragraphs'>, start: number, end: number, around = 12): string {
  const p = paragraphAt(doc, start);
  const from = Math.max(p?.start ?? 0, start - around);
  const to = Math.min(p?.end ?? doc.text.length, end + around);
  const one = (s: string) => s.replace(/\s+/g, ' ');
  return `${from > (p?.start ?? 0) ? '…' : ''}${one(doc.text.slice(from, start))}【${one(doc.text.slice(start, end))}】${one(doc.text.slice(end, to))}${to < (p?.end ?? 0) ? '…' : ''}`;
}

export interface CommentSpec {
  start: number;
  end: number;
  /** paragraphs of the comment's text */
  lines: string[];
}

// ------------------------------------------------------------------ annotating

function setText(t: Element, s: string): void {
  while (t.firstChild) t.removeChild(t.firstChild);
  t.appendChild(t.ownerDocument!.createTextNode(s));
  t.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve');
}

/**
 * Splits the piece holding `offset` so that a piece starts there; the run is split in two after the
 * text before `offset` (the second run gets a copy of the run's properties). Pieces are kept up to date.
 */
function splitAt(doc: DocxDocument, offset: number): void {
  const i = doc.pieces.findIndex((p) => p.start < offset && offset < p.end);
  if (i < 0) return;
  const p = doc.pieces[i];
  if (!p.t) return;
  const t = p.t;
  const run = p.run;
  const owner = run.ownerDocument!;
  const full = t.textContent ?? '';
  const k = offset - p.start;
  const r2 = owner.createElementNS(W, run.tagName);
  for (let a = 0; a < run.attributes.length; a++) {
    const at = run.attributes[a];
    r2.setAttributeNS(at.namespaceURI, at.name, at.value);
  }
  const rPr = children(run).find((c) => isW(c, 'rPr'));
  if (rPr) r2.appendChild(rPr.cloneNode(true));
  const t2 = owner.createElementNS(W, t.tagName);
  setText(t2, full.slice(k));
  setText(t, full.slice(0, k));
  r2.appendChild(t2);
  while (t.nextSibling) r2.appendChild(t.nextSibling);
  run.parentNode!.insertBefore(r2, run.nextSibling);
  const moved = new Set<Node>();
  for (let c = r2.firstChild; c; c = c.nextSibling) moved.add(c);
  const tail: Piece = { start: offset, end: p.end, t: t2, run: r2, file: p.file };
  p.end = offset;
  doc.pieces.splice(i + 1, 0, tail);
  for (let j = i + 2; j < doc.pieces.length && doc.pieces[j].run === run; j++) {
    const q = doc.pieces[j];
    if (q.t ? moved.has(q.t) : true) q.run = r2;
  }
}

/** The ancestor of `n` that is a direct child of its w:p. */
function paragraphChild(n: Element): Element {
  let e = n;
  while (e.parentNode && !isW(e.parentNode, 'p')) e = e.parentNode as Element;
  return e;
}

/**
 * A copy of the document with one comment per spec, anchored on its text in the body; a finding in a
 * footnote or endnote is anchored on the note's reference mark. Specs in headers and footers (which
 * cannot hold comments) are returned as `skipped`.
 */
export function annotateDocx(
  doc: DocxDocument,
  specs: CommentSpec[],
  author = 'Tifa 提法',
  date = new Date(),
): { bytes: Uint8Array; written: number; skipped: CommentSpec[] } {
  const skipped: CommentSpec[] = [];
  const changed = new Set<string>();
  // comments.xml: the existing one, or a new one
  let comments =
    doc.xml.get('word/comments.xml') ?? (doc.files['word/comments.xml'] ? parseXml(doc.files['word/comments.xml'], 'word/comments.xml') : undefined);
  if (!comments) comments = new (xml().DOMParser)().parseFromString(`<w:comments xmlns:w="${W}"/>`, 'text/xml');
  const root = comments.documentElement!;
  let nextId = 0;
  const existing = comments.getElementsByTagNameNS(W, 'comment');
  for (let i = 0; i < existing.length; i++) nextId = Math.max(nextId, Number(wAttr(existing[i], 'id')) + 1 || 0);
  // ids used by range markers in the document too (a comment part may have been dropped)
  const stamp = date.toISOString().replace(/\.\d+Z$/, 'Z');
  let written = 0;
  for (const spec of specs) {
    if (spec.end <= spec.start) {
      skipped.push(spec);
      continue;
    }
    const where = paragraphAt(doc, spec.start);
    let firstRun: Element | undefined;
    let lastRun: Element | undefined;
    let lines = spec.lines;
    if (where && (where.part === 'footnote' || where.part === 'endnote')) {
      // LibreOffice cannot open a comment inside a note, and Word users look for it in the text: the
      // comment goes on the note's reference mark in the body, saying where in the note it applies
      firstRun = lastRun = doc.noteRefs.get(`${where.part}:${where.note}`);
      lines = [`（${paragraphLabel(where)}：${context(doc, spec.start, spec.end)}）${lines[0] ?? ''}`, ...lines.slice(1)];
    } else if (where?.part === 'body') {
      splitAt(doc, spec.start);
      splitAt(doc, spec.end);
      const first = doc.pieces.find((p) => p.end > spec.start);
      const last = [...doc.pieces].reverse().find((p) => p.start < spec.end);
      if (first && last && first.file === 'word/document.xml' && last.file === first.file && first.start < spec.end) {
        firstRun = first.run;
        lastRun = last.run;
      }
    }
    if (!firstRun || !lastRun) {
      skipped.push(spec);
      continue;
    }
    const part = doc.xml.get('word/document.xml')!;
    const id = String(nextId++);
    const start = part.createElementNS(W, 'w:commentRangeStart');
    start.setAttributeNS(W, 'w:id', id);
    firstRun.parentNode!.insertBefore(start, firstRun);
    const end = part.createElementNS(W, 'w:commentRangeEnd');
    end.setAttributeNS(W, 'w:id', id);
    lastRun.parentNode!.insertBefore(end, lastRun.nextSibling);
    const refRun = part.createElementNS(W, 'w:r');
    const ref = part.createElementNS(W, 'w:commentReference');
    ref.setAttributeNS(W, 'w:id', id);
    refRun.appendChild(ref);
    const anchor = paragraphChild(end);
    anchor.parentNode!.insertBefore(refRun, anchor.nextSibling);
    changed.add('word/document.xml');
    // the comment
    const c = comments.createElementNS(W, 'w:comment');
    c.setAttributeNS(W, 'w:id', id);
    c.setAttributeNS(W, 'w:author', author);
    c.setAttributeNS(W, 'w:date', stamp);
    c.setAttributeNS(W, 'w:initials', 'Tifa');
    lines.forEach((line, i) => {
      const p = comments!.createElementNS(W, 'w:p');
      if (i === 0) {
        const r0 = comments!.createElementNS(W, 'w:r');
        r0.appendChild(comments!.createElementNS(W, 'w:annotationRef'));
        p.appendChild(r0);
      }
      const r = comments!.createElementNS(W, 'w:r');
      const t = comments!.createElementNS(W, 'w:t');
      setText(t, line);
      r.appendChild(t);
      p.appendChild(r);
      c.appendChild(p);
    });
    root.appendChild(c);
    written++;
  }
  const out: Unzipped = { ...doc.files };
  for (const f of changed) out[f] = serialize(doc.xml.get(f)!);
  if (written) {
    out['word/comments.xml'] = serialize(comments);
    // the relationship from the document to its comments, and the content type
    const relsName = 'word/_rels/document.xml.rels';
    const rels = doc.files[relsName]
      ? parseXml(doc.files[relsName], relsName)
      : new (xml().DOMParser)().parseFromString(`<Relationships xmlns="${REL}"/>`, 'text/xml');
    const relList = rels.getElementsByTagNameNS(REL, 'Relationship');
    let has = false;
    const ids = new Set<string>();
    for (let i = 0; i < relList.length; i++) {
      ids.add(relList[i].getAttribute('Id') ?? '');
      if (relList[i].getAttribute('Type') === COMMENTS_REL) has = true;
    }
    if (!has) {
      let n = 1;
      while (ids.has(`rIdTifa${n}`)) n++;
      const r = rels.createElementNS(REL, 'Relationship');
      r.setAttribute('Id', `rIdTifa${n}`);
      r.setAttribute('Type', COMMENTS_REL);
      r.setAttribute('Target', 'comments.xml');
      rels.documentElement!.appendChild(r);
      out[relsName] = serialize(rels);
    }
    const ctName = '[Content_Types].xml';
    const ct = parseXml(doc.files[ctName], ctName);
    const overrides = ct.getElementsByTagNameNS(CT, 'Override');
    let hasCt = false;
    for (let i = 0; i < overrides.length; i++) if (overrides[i].getAttribute('PartName') === '/word/comments.xml') hasCt = true;
    if (!hasCt) {
      const o = ct.createElementNS(CT, 'Override');
      o.setAttribute('PartName', '/word/comments.xml');
      o.setAttribute('ContentType', COMMENTS_CT);
      ct.documentElement!.appendChild(o);
      out[ctName] = serialize(ct);
    }
  }
  return { bytes: zipSync(out, { level: 6 }), written, skipped };
}
