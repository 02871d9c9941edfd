// The one place where offsets (JavaScript string indices = UTF-16 code units) become positions (line,
// UTF-16 character) and back. Line breaks are \n, \r\n and \r, as LSP defines them.
// Shared: the language server, the CLI's output formats, the core (disable comments, the links of a
// hover) and the VS Code client all count lines here. Imports nothing.

/** The offset at which each line starts (line breaks \n, \r\n and \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // only \n breaks: let the engine find them
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 0-based line containing `offset`. */
export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A position coordinate from the wire: anything that is not a finite number counts as 0. */
function coordinate(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0;
}

/** Characters indexed between two pauses by LineIndex.ofInSlices. */
const SLICE = 1 << 20;

export class LineIndex {
  private static recent: LineIndex[] = [];

  /** The index of `text`, shared by requests on an unchanged document (a 10 MB text takes ~15 ms to index). */
  static of(text: string): LineIndex {
    const hit = LineIndex.recent.find((x) => x.text === text);
    if (hit) return hit;
    const made = new LineIndex(text);
    LineIndex.recent = [made, ...LineIndex.recent.slice(0, 3)];
    return made;
  }

  /**
   * The same, built with `pause()` between slices of a million characters (a 20-million-character text
   * of short lines took 160 ms in one go); undefined when `cancelled()` says it is no longer needed.
   */
  static async ofInSlices(text: string, pause: () => Promise<void>, cancelled: () => boolean): Promise<LineIndex | undefined> {
    const hit = LineIndex.recent.find((x) => x.text === text);
    if (hit) return hit;
    if (text.length <= SLICE) return LineIndex.of(text);
    const starts = [0];
    for (let from = 0; from < text.length; from += SLICE) {
      if (from > 0) {
        await pause();
        if (cancelled()) return undefined;
      }
      const to = Math.min(text.length, from + SLICE);
      for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) {
          if (i === 0 || text.charCodeAt(i - 1) !== 13) starts.push(i + 1);
        } else if (c === 13) starts.push(text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1);
      }
    }
    const made = new LineIndex(text, starts);
    LineIndex.recent = [made, ...LineIndex.recent.slice(0, 3)];
    return made;
  }

  private static documents = new WeakMap<object, LineIndex>();

  /** The index of a document that does not change (a corpus document), kept as long as the document is. */
  static ofDocument(doc: { readonly text: string }): LineIndex {
    let made = LineIndex.documents.get(doc);
    if (!made || made.text !== doc.text) LineIndex.documents.set(doc, (made = new LineIndex(doc.text)));
    return made;
  }

  private readonly starts: number[];
  constructor(
    private readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset → position. Offsets past the end clamp to the end. */
  position(offset: number): Position {
    const o = Math.min(coordinate(offset), this.text.length);
    const line = lineOf(this.starts, o);
    return { line, character: o - this.starts[line] };
  }

  /**
   * Position → offset. A character past the line end clamps to the line end (before its break), a line
   * past the end to the end of the text; negative, fractional or missing coordinates (a malformed
   * request) are clamped too, never NaN.
   */
  offset(p: Position): number {
    const line = coordinate(p?.line);
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.min(start + coordinate(p?.character), end);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
