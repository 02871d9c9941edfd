// Masking what must not be checked: in Markdown the front matter, fenced and inline code, HTML
// comments, link targets, link reference definitions and autolinks; in any text URLs. Masked
// characters become spaces (line breaks stay), so offsets stay valid.
//
// Linear time for every input. The Markdown constructs are found by scanners rather than regular
// expressions: an unclosed construct (a run of backticks, `](` without `)`, `<a:` without `>`) made
// the backtracking expressions quadratic — a 240 KB document held the server for 22 s. Each scanner
// finds exactly what the expression it replaces found (tested against it); the one change is an
// unclosed `<!--`, which now masks the rest of the text, as CommonMark treats it.
// maskSteps() does the same work with a pause point about every half million characters of progress
// (a sliced check pauses there: masking 20 million characters takes a few hundred milliseconds).

/** Line terminators as JavaScript's `^`/`$` (multiline) and `.` see them. */
export function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** JavaScript's `\s`. */
export function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const BACKTICK = 0x60;
const TILDE = 0x7e;
const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isSchemeChar = (c: number) => isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d;

type Blank = (start: number, end: number) => void;
type Steps = Generator<void, void>;

/** Characters of progress between two pause points. */
const STEP = 1 << 19;

/** A pause-point test: true about every STEP characters as `pos` advances. */
function pacer(): (pos: number) => boolean {
  let next = STEP;
  return (pos: number) => {
    if (pos < next) return false;
    next = pos + STEP;
    return true;
  };
}

/**
 * The first index ≥ `from` whose character passes `test` (or the text's length), for queries whose
 * `from` never decreases: the answer is kept and reused, so all queries together scan the text once.
 */
function forwardFinder(text: string, test: (c: number) => boolean): (from: number) => number {
  // the last answer: no character in [lastFrom, found) passes
  let lastFrom = 0;
  let found = -1;
  return (from: number) => {
    if (from >= lastFrom && from <= found) {
      lastFrom = from;
      return found;
    }
    let i = from;
    while (i < text.length && !test(text.charCodeAt(i))) i++;
    lastFrom = from;
    found = i;
    return i;
  };
}

/** Start of the line after the one containing `i` (after any JavaScript line terminator), or -1. */
function nextLineStart(text: string, i: number): number {
  for (; i < text.length; i++) if (isLineTerminator(text.charCodeAt(i))) return i + 1;
  return -1;
}

/**
 * Fenced code: a line of ≥ 3 backticks or tildes (after up to 3 spaces or tabs) and a line break after
 * it, up to the first later line that starts (after up to 3 spaces or tabs) with the same run, or to
 * the end of the text. (As /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n[ \t]{0,3}\1[^\n]*(?=\n|$)|$(?![\s\S]))/gm, except that an
 * empty block — the closing line right after the opening one — is closed too, which that pattern missed.)
 */
function* fencedCode(text: string, blank: Blank): Steps {
  const n = text.length;
  const due = pacer();
  for (let p = 0; p >= 0 && p < n; ) {
    if (due(p)) yield;
    let i = p;
    while (i < p + 3 && isBlank(text.charCodeAt(i))) i++;
    const ch = text.charCodeAt(i);
    if (ch !== BACKTICK && ch !== TILDE) {
      p = nextLineStart(text, i);
      continue;
    }
    let r = i;
    while (text.charCodeAt(r) === ch) r++;
    const run = r - i;
    if (run < 3) {
      p = nextLineStart(text, r);
      continue;
    }
    const nl = text.indexOf('\n', r);
    if (nl < 0) return; // no line break after the opening line: neither here nor at any later line start
    // the closing line: the first line after the opening one that starts with the same run (it may
    // follow the opening line at once: an empty block)
    let end = n;
    for (let x = nl; x >= 0; x = text.indexOf('\n', x + 1)) {
      if (due(x)) yield;
      let y = x + 1;
      while (y < x + 4 && isBlank(text.charCodeAt(y))) y++;
      let k = 0;
      while (k < run && text.charCodeAt(y + k) === ch) k++;
      if (k === run) {
        const lineEnd = text.indexOf('\n', y + k);
        end = lineEnd < 0 ? n : lineEnd;
        break;
      }
    }
    blank(p, end);
    if (end >= n) return;
    // the next attempt starts at `end` (a \n): a line starts there only after a \r
    p = end > 0 && isLineTerminator(text.charCodeAt(end - 1)) ? end : end + 1;
  }
}

/** HTML comments, `<!--` … `-->`; an unclosed one runs to the end of the text (CommonMark). */
function* htmlComments(text: string, blank: Blank): Steps {
  const due = pacer();
  for (let i = text.indexOf('<!--'); i >= 0; ) {
    if (due(i)) yield;
    const close = text.indexOf('-->', i + 4);
    if (close < 0) {
      blank(i, text.length);
      return;
    }
    blank(i, close + 3);
    i = text.indexOf('<!--', close + 3);
  }
}

/**
 * Inline code: a run of backticks, then at least one character that is neither a backtick nor a line
 * feed, up to the next backtick run; the span is as wide as the shorter of the two runs allows.
 * (As /(`+)[^`\n]+?\1/g.)
 */
function* codeSpans(text: string, blank: Blank): Steps {
  const n = text.length;
  const due = pacer();
  for (let i = text.indexOf('`'); i >= 0; ) {
    if (due(i)) yield;
    let r = i;
    while (text.charCodeAt(r) === BACKTICK) r++;
    let x = r;
    while (x < n) {
      const c = text.charCodeAt(x);
      if (c === BACKTICK || c === 0x0a) break;
      x++;
    }
    if (x === r || x >= n || text.charCodeAt(x) !== BACKTICK) {
      i = x >= n ? -1 : text.indexOf('`', x);
      continue;
    }
    let y = x;
    while (text.charCodeAt(y) === BACKTICK) y++;
    const g = Math.min(r - i, y - x);
    blank(r - g, x + g);
    i = text.indexOf('`', x + g);
  }
}

/** The part of a match `m0` at `at` that its group `g` covers, found as the old code found it (first occurrence). */
function groupAt(text: string, at: number, end: number, gStart: number, gEnd: number, blank: Blank): void {
  if (gEnd <= gStart) return;
  const m0 = text.slice(at, end);
  const off = at + m0.indexOf(text.slice(gStart, gEnd));
  blank(off, off + (gEnd - gStart));
}

/**
 * Link targets: `](` + non-space characters up to `)`, optionally followed by spaces and a "title";
 * the target (and title) is masked, not the brackets. (As /\]\(([^)\s]*(?:\s+"[^"]*")?)\)/g, group 1.)
 */
function* linkTargets(text: string, blank: Blank): Steps {
  const n = text.length;
  const due = pacer();
  const stopAt = forwardFinder(text, (c) => c === 0x29 || isSpace(c));
  const nonSpaceAt = forwardFinder(text, (c) => !isSpace(c));
  const quoteAt = forwardFinder(text, (c) => c === 0x22);
  for (let i = text.indexOf(']('); i >= 0; ) {
    if (due(i)) yield;
    const y = i + 2;
    const z = stopAt(y);
    if (z < n && text.charCodeAt(z) === 0x29) {
      groupAt(text, i, z + 1, y, z, blank);
      i = text.indexOf('](', z + 1);
      continue;
    }
    if (z < n) {
      const w = nonSpaceAt(z);
      if (w < n && text.charCodeAt(w) === 0x22) {
        const v = quoteAt(w + 1);
        if (v + 1 < n && text.charCodeAt(v + 1) === 0x29) {
          groupAt(text, i, v + 2, y, v + 1, blank);
          i = text.indexOf('](', v + 2);
          continue;
        }
      }
    }
    i = text.indexOf('](', i + 1);
  }
}

/**
 * Link reference definitions: a line `[label]: target…` (up to 3 spaces or tabs before it).
 * (As /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm.)
 */
function* referenceDefinitions(text: string, blank: Blank): Steps {
  const n = text.length;
  const due = pacer();
  const closeAt = forwardFinder(text, (c) => c === 0x5d || c === 0x0a);
  const lineEndAt = forwardFinder(text, isLineTerminator);
  for (let p = 0; p >= 0 && p < n; ) {
    if (due(p)) yield;
    let i = p;
    while (i < p + 3 && isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x5b) {
      const j = closeAt(i + 1);
      if (j > i + 1 && j < n && text.charCodeAt(j) === 0x5d && text.charCodeAt(j + 1) === 0x3a) {
        let k = j + 2;
        while (isBlank(text.charCodeAt(k))) k++;
        if (k < n && !isSpace(text.charCodeAt(k))) {
          const end = lineEndAt(k);
          blank(p, end);
          if (end >= n) return;
          p = end + 1;
          continue;
        }
      }
    }
    p = nextLineStart(text, p);
  }
}

/** Autolinks: `<scheme:…>` with no space inside. (As /<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>/g.) */
function* autolinks(text: string, blank: Blank): Steps {
  const n = text.length;
  const due = pacer();
  const closeAt = forwardFinder(text, (c) => c === 0x3e || isSpace(c));
  for (let i = text.indexOf('<'); i >= 0; ) {
    if (due(i)) yield;
    let j = i + 1;
    if (isAsciiLetter(text.charCodeAt(j))) {
      j++;
      while (isSchemeChar(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 0x3a) {
        const z = closeAt(j + 1);
        if (z < n && text.charCodeAt(z) === 0x3e) {
          blank(i, z + 1);
          i = text.indexOf('<', z + 1);
          continue;
        }
      }
    }
    i = text.indexOf('<', i + 1);
  }
}

/**
 * Replaces what must not be checked with spaces (same length, so offsets stay valid):
 * in Markdown the front matter, fenced and inline code, HTML comments, link targets and URLs;
 * in plain text URLs only.
 */
export function maskText(text: string, markdown: boolean): string {
  const steps = maskSteps(text, markdown);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** maskText() with a pause point (a `yield`) about every half million characters of progress; `merged`, when given, receives the masked ranges (start, end pairs, in order, merged). */
export function* maskSteps(text: string, markdown: boolean, merged?: number[]): Generator<void, string> {
  // every construct is looked for in the original text; each scanner's ranges come in order, and are
  // merged (not sorted) and blanked at the end, in one pass
  const lists: number[][] = [];
  let ranges: number[] = [];
  const blank = (s: number, e: number) => {
    if (e > s) ranges.push(s, e);
  };
  const next = () => {
    if (ranges.length) lists.push(ranges);
    ranges = [];
  };
  // (these expressions cannot backtrack more than a bounded amount per position: linear)
  function* apply(re: RegExp): Steps {
    const due = pacer();
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      blank(m.index, m.index + m[0].length);
      if (due(m.index)) yield;
    }
  }
  if (markdown) {
    const fm = /^(?:\uFEFF)?---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
    if (fm) blank(0, fm[0].length);
    next();
    // (each look for a construct's mark is a pass over the text: a step of its own in a long text)
    const long = text.length > STEP;
    if (long) yield;
    if (text.includes('```') || text.includes('~~~')) yield* fencedCode(text, blank);
    next();
    if (long) yield;
    if (text.includes('<!--')) yield* htmlComments(text, blank);
    next();
    if (long) yield;
    if (text.includes('`')) yield* codeSpans(text, blank);
    next();
    if (long) yield;
    if (text.includes('](')) yield* linkTargets(text, blank);
    next();
    if (long) yield;
    if (text.includes(']:')) yield* referenceDefinitions(text, blank);
    next();
    if (long) yield;
    if (text.includes('<') && text.includes(':')) yield* autolinks(text, blank);
    next();
  }
  if (text.length > STEP) yield;
  if (text.includes('://')) yield* apply(/\b(?:https?|ftp|file):\/\/[^\s<>"'，。、；）)】]*/g);
  next();
  if (text.length > STEP) yield;
  if (text.includes('www.')) yield* apply(/\bwww\.[a-zA-Z0-9-]+\.[^\s<>"'，。、；）)】]*/g);
  next();
  if (!lists.length) return text;
  yield;
  // merge the ordered lists (the lowest start first), then copy the text with every character in the
  // merged ranges (but line breaks) made a space, a slice at a time
  const heads = lists.map(() => 0);
  const take = (): number => {
    let best = -1;
    for (let l = 0; l < lists.length; l++) if (heads[l] < lists[l].length && (best < 0 || lists[l][heads[l]] < lists[best][heads[best]])) best = l;
    if (best >= 0) heads[best] += 2;
    return best;
  };
  const parts: string[] = [];
  let pos = 0;
  let done = 0;
  const blankOut = function* (s: number, e: number): Steps {
    for (let a = s; a < e; a += STEP) {
      parts.push(text.slice(a, Math.min(e, a + STEP)).replace(/[^\n\r]/g, ' '));
      if (e - a > STEP) yield;
    }
  };
  let l = take();
  while (l >= 0) {
    const s0 = lists[l][heads[l] - 2];
    let e0 = lists[l][heads[l] - 1];
    for (l = take(); l >= 0 && lists[l][heads[l] - 2] <= e0; l = take()) e0 = Math.max(e0, lists[l][heads[l] - 1]);
    merged?.push(s0, e0);
    parts.push(text.slice(pos, s0));
    yield* blankOut(s0, e0);
    pos = e0;
    if (pos - done > STEP) {
      done = pos;
      yield;
    }
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
