// What the editor says changed (incremental sync), so that a check after a small edit does no work over
// the whole document (issue #17: a one-character edit of a 1M-character report spent its time comparing,
// copying and indexing all of it). Two things per open document:
// - the edit since the text the last check started from, composed of the change events in between
//   (handed to Checker.checkInSlices, which uses it only when that text is the one it prepared last);
// - the line index the document keeps up to date itself (vscode-languageserver-textdocument updates its
//   line offsets from each change), so positions of diagnostics need no pass over the text.
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { EditHint } from '../core/check';
import { LineIndex } from '../shared/positions';

/** The edit from `base` to the text now (none yet: the same text); no entry or undefined: no base known. */
interface Pending {
  base: string;
  edit?: EditHint['edit'];
}

export class ChangeTracker {
  private pending = new Map<string, Pending | undefined>();

  /** The TextDocuments configuration that records each change before applying it. */
  readonly documents: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.pending.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (doc, changes, version) => {
      // (one at a time: each change's range is in the text the one before it left)
      let out = doc;
      for (const change of changes) {
        try {
          this.record(out, change);
        } catch {
          // a malformed change: no edit known (the check compares the texts instead)
          this.pending.set(doc.uri, undefined);
        }
        out = TextDocument.update(out, [change], version);
      }
      return out;
    },
  };

  /** Composes one change event into the document's pending edit (before the document applies it). */
  private record(doc: TextDocument, change: TextDocumentContentChangeEvent): void {
    const uri = doc.uri;
    if (!('range' in change) || !change.range) {
      this.pending.set(uri, undefined);
      return;
    }
    let cur = this.pending.get(uri);
    // (no base known: opened, or after a whole-text change: the text before this change is one)
    if (!cur) this.pending.set(uri, (cur = { base: doc.getText() }));
    // the offsets as the document computes them (it clamps positions the same way)
    const a = doc.offsetAt(change.range.start);
    const b = doc.offsetAt(change.range.end);
    const s = Math.min(a, b);
    const e = Math.max(a, b);
    if (!Number.isInteger(s) || !Number.isInteger(e) || typeof change.text !== 'string') {
      this.pending.set(uri, undefined);
      return;
    }
    const delta = change.text.length - (e - s);
    if (!cur.edit) {
      cur.edit = { start: s, oldEnd: e, newEnd: e + delta };
      return;
    }
    // [start, newEnd) of the text now differs from [start, oldEnd) of the base; the change replaces [s, e) of the text now
    const { start, oldEnd, newEnd } = cur.edit;
    const end = Math.max(newEnd, e);
    cur.edit = { start: Math.min(start, s), oldEnd: oldEnd + (end - newEnd), newEnd: end + delta };
  }

  /**
   * The edit that turned the text the last check started from into `text` (the document's text now),
   * if known; from now on edits are counted from `text`.
   */
  take(uri: string, text: string): EditHint | undefined {
    const p = this.pending.get(uri);
    this.pending.set(uri, { base: text });
    return p?.edit ? { base: p.base, edit: p.edit } : undefined;
  }

  closed(uri: string): void {
    this.pending.delete(uri);
  }
}

/** The line offsets a TextDocument keeps (it updates them from each change), if it has them now. */
function keptOffsets(doc: TextDocument): number[] | undefined {
  const offsets = (doc as unknown as { _lineOffsets?: unknown })._lineOffsets;
  return Array.isArray(offsets) && offsets[0] === 0 ? (offsets as number[]) : undefined;
}

/**
 * The line index of `doc`'s text now: from the line offsets the document keeps when it has them (a copy:
 * it changes them in place on the next edit), else built over the text (see LineIndex.ofInSlices).
 */
export async function documentLines(doc: TextDocument, text: string, pause: () => Promise<void>, cancelled: () => boolean): Promise<LineIndex | undefined> {
  const kept = doc.getText() === text ? keptOffsets(doc) : undefined;
  if (kept) return new LineIndex(text, kept.slice());
  return LineIndex.ofInSlices(text, pause, cancelled);
}
