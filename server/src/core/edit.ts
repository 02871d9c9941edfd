// After a small edit, the masking and the blocks of a long document are derived from the previous
// ones instead of being computed again over the whole text (issue #17: a one-character edit of a
// 1M-character report spent most of its time masking and splitting all of it). Only where that is
// provably the same as doing it again: the edit stays inside one line, that line is not blank before or
// after it, holds none of the characters the masked constructs are made of, and touches no masked
// range; the block around it is one whole paragraph within the block size. Otherwise undefined, and
// the caller does the whole work (tested: the same masking and blocks as from scratch, on random edits).
import { isLineTerminator, isSpace } from './mask';
import { blockAt, type Block } from './text';

/** The edit between two texts: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Whether text[from, to) (one line) can take no part in any masked construct, whatever is edited inside
 * it: none of ` ~ < > [ ] " (code, fences, HTML comments, autolinks, link targets and titles, reference
 * definitions), no carriage return or BOM, no `://` or `www.` (where the URLs masked in any text start), and
 * at least one character that is not a space (a blank line ends a paragraph and lets a link title
 * reach across it).
 */
function plainLine(text: string, from: number, to: number): boolean {
  let solid = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x60 || c === 0x7e || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x22 || c === 0x0d) return false;
      // (a URL lies within its line: `://` or `www.` starts one; a line without either holds none)
      if (c === 0x3a && i + 2 < to && text.charCodeAt(i + 1) === 0x2f && text.charCodeAt(i + 2) === 0x2f) return false;
      if (c === 0x77 && i + 3 < to && text.charCodeAt(i + 1) === 0x77 && text.charCodeAt(i + 2) === 0x77 && text.charCodeAt(i + 3) === 0x2e) return false;
    } else if (c === 0xfeff || c === 0x2028 || c === 0x2029) return false;
    if (!isSpace(c)) solid = true;
  }
  return solid;
}

/** The first index in the sorted, merged ranges (start, end pairs) whose range ends after `at`. */
function firstRangeAfter(ranges: number[], at: number): number {
  let lo = 0;
  let hi = ranges.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[2 * mid + 1] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The masking of `text` (see mask.ts maskSteps) from that of `prev` (`written`, its masked text, and
 * `ranges`, its masked ranges) after `edit`, or undefined when it cannot be derived safely.
 */
export function maskAfterEdit(
  prev: { text: string; written: string; ranges: number[] },
  text: string,
  edit: Edit,
  markdown: boolean,
): { written: string; ranges: number[] } | undefined {
  const { start, oldEnd, newEnd } = edit;
  // the line around the edit, in both texts (the same start: the texts agree before the edit)
  let lineStart = start;
  while (lineStart > 0 && !isLineTerminator(text.charCodeAt(lineStart - 1))) lineStart--;
  let newLineEnd = newEnd;
  while (newLineEnd < text.length && !isLineTerminator(text.charCodeAt(newLineEnd))) newLineEnd++;
  const delta = newEnd - oldEnd;
  const oldLineEnd = newLineEnd - delta;
  // the line must stay one line (no line break inserted or deleted)
  for (let i = start; i < oldEnd; i++) if (isLineTerminator(prev.text.charCodeAt(i))) return undefined;
  for (let i = start; i < newEnd; i++) if (isLineTerminator(text.charCodeAt(i))) return undefined;
  if (!plainLine(text, lineStart, newLineEnd) || !plainLine(prev.text, lineStart, oldLineEnd)) return undefined;
  // an unmatched front matter start: a later line could close it
  if (markdown && /^\uFEFF?---/.test(text) && prev.ranges[0] !== 0) return undefined;
  // no masked range reaches the line or its line breaks
  const k = firstRangeAfter(prev.ranges, lineStart - 2);
  if (2 * k < prev.ranges.length && prev.ranges[2 * k] <= oldLineEnd + 1) return undefined;
  const ranges = prev.ranges.slice();
  for (let j = 2 * k; j < ranges.length; j++) ranges[j] += delta;
  return { written: prev.written.slice(0, start) + text.slice(start, newEnd) + prev.written.slice(oldEnd), ranges };
}

/** A blank line that ends a paragraph at the end of text[.., end) (as text.ts splitBlocks cuts them). */
const ENDS_PARAGRAPH = /(?:\n[ \t\u3000]*\r?\n|\r[ \t\u3000]*\r)$/;

/** What text[.., end) ends with: at least its last 64 characters (or all before `end`). */
export type TextBefore = (end: number) => string;

export function endsParagraph(before: TextBefore, end: number): boolean {
  const tail = before(end);
  return ENDS_PARAGRAPH.test(tail.length > 64 ? tail.slice(-64) : tail);
}

/**
 * The blocks of `text` (see text.ts splitBlocks) from the previous text's `blocks` after `edit`, which
 * maskAfterEdit accepted (inside one line that stays a non-blank line), or undefined when the block
 * around the edit is not one whole paragraph within `maxBlock` characters before and after.
 */
export function blocksAfterEdit(prevText: string | TextBefore, blocks: Block[], edit: Edit, maxBlock: number, prevLength?: number): Block[] | undefined {
  const found = blockAfterEdit(prevText, blocks, edit, maxBlock, prevLength);
  if (found === undefined) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const out = blocks.slice(0, found);
  const b = blocks[found];
  out.push({ start: b.start, end: b.end + delta });
  for (let i = found + 1; i < blocks.length; i++) out.push({ start: blocks[i].start + delta, end: blocks[i].end + delta });
  return out;
}

/**
 * The index of the block holding `edit` when blocksAfterEdit can derive the blocks (that block grows or
 * shrinks by the edit, those after it move), else undefined. `prevText` is the previous masked text, or
 * what it holds before an offset, with its length `prevLength`.
 */
export function blockAfterEdit(prevText: string | TextBefore, blocks: Block[], edit: Edit, maxBlock: number, prevLength?: number): number | undefined {
  const before: TextBefore = typeof prevText === 'string' ? (end) => prevText.slice(Math.max(0, end - 64), end) : prevText;
  const length = typeof prevText === 'string' ? prevText.length : prevLength!;
  const { start, oldEnd, newEnd } = edit;
  const delta = newEnd - oldEnd;
  // the block holding the edit
  const held = blockAt(blocks, start);
  const b = blocks[held];
  if (!b || b.start > start || b.end < oldEnd) return undefined;
  // a whole paragraph: it starts the text or follows a blank line, and ends the text or one
  if (b.start > 0 && !endsParagraph(before, b.start)) return undefined;
  if (b.end < length && !endsParagraph(before, b.end)) return undefined;
  if (b.end === length && held !== blocks.length - 1) return undefined;
  if (b.end - b.start > maxBlock || b.end + delta - b.start > maxBlock) return undefined;
  // (the edit is inside a non-blank line: the blank lines around the paragraph stay where they are)
  if (b.end < length && b.end - 1 < oldEnd) return undefined;
  return held;
}
