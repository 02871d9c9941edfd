// Feature: key terms and their near misses (term-typo).
// Exact mentions of a term become annotations (hover). A near miss is a window one edit away from a
// key term: a character replaced by a digit, Latin letter or symbol (OCR), by a sound-alike, or by a
// character that does not form a word with its neighbours; one character inserted inside the term;
// one character of a term of five or more left out (新质生力); or two neighbouring characters of the
// term written the other way round (新质产生力). Legitimate neighbours such as 新型生产力, 新的生产力,
// 中国现代化 or 现代产业体系 are left alone.
import { finding, type BlockContext } from '../context';
import cues from '../cues.json';
import type { Hit } from '../index';
import { annotationsIn, isHan, withoutAnnotations } from '../normalize';
import { pinyinOf } from '../pinyin';
import { msg } from '../i18n';
import type { Term } from '../types';
import type { Automaton, Match } from '../ahocorasick';
import { isTwoCharacterWord } from '../segmenter';

/** Characters that join words rather than garble them: a substitution to one of these is ordinary prose. */
const FUNCTION_CHARS = new Set([...'的地得之和与及或并而在于对把被将是为了着过也都又就还']);

export function checkTerms(ctx: BlockContext): void {
  checkAnnotatedTerms(ctx);
  const exact: Match<Hit>[] = [];
  for (const hit of ctx.hits) {
    if (hit.value.kind === 'term') {
      exact.push(hit);
      ctx.annotations.push({ start: hit.start, end: hit.end, kind: 'term', id: hit.value.term.id });
    }
  }
  let reported: Set<string> | undefined;
  const automaton = ctx.index.automaton as Automaton<Hit>;
  const anchors = ctx.anchors;
  for (let k = 0; k < anchors.length; k++) {
    const anchor = automaton.valueOf(anchors.ids[k]);
    if (anchor.kind !== 'anchor') continue;
    const end = anchors.ends[k];
    const start = end - automaton.lengthOf(anchors.ids[k]);
    const { term, side, headLength } = anchor;
    const t = term.term;
    const L = t.length;
    // the anchor is part of the term written out in full: nothing to look at (the common case)
    const s0 = side === 'head' ? start : end - L;
    if (ctx.text.startsWith(t, s0)) continue;
    // most other anchors are a common word (发展, 建设) with nothing of the term next to it
    if (!nearAnchor(ctx.text, side, start, end, t, headLength)) continue;
    // windows: the term's length, then one longer (an inserted character), then one shorter (a
    // character left out: terms of five or more, as a shorter window is too often a phrase of its own)
    for (const extra of L >= MIN_LEFT_OUT ? WINDOWS_LEFT_OUT : WINDOWS) {
      const s = side === 'head' ? start : end - L - extra;
      const e = side === 'head' ? start + L + extra : end;
      if (s < ctx.start || e > ctx.end) continue;
      // a window never cuts an astral character (emoji, 𠀀) in half
      if (splitsPair(ctx.text, s) || splitsPair(ctx.text, e)) continue;
      const edit = oneEditAt(ctx.text, s, e, t);
      if (!edit) continue;
      // the edit must fall in the part the anchor did not fix (both characters of a transposition)
      if (side === 'head' ? edit.at < headLength : edit.at + (edit.kind === 'swap' ? 1 : 0) >= headLength) continue;
      const key = `${term.id}:${s}:${e}`;
      if (reported?.has(key)) continue;
      if (insideExact(exact, s, e, s + edit.at)) continue;
      if (edit.kind === 'del' || edit.kind === 'swap' ? !plausibleSlip(ctx, s, e, edit) : !plausibleTypo(ctx, s, e, edit, term)) continue;
      (reported ??= new Set()).add(key);
      const w = ctx.written.slice(s, e);
      ctx.findings.push(
        finding('term-typo', s, e, msg('term-typo', { found: w, term: t }), term.id, [{ title: msg('fix.replace', { text: t }), start: s, end: e, text: t }], {
          expected: t,
        }),
      );
      break;
    }
  }
}

/**
 * Key terms with pinyin annotations left in them by a mirror site (新質(zhì)生產(chǎn)力): page damage, reported
 * as such with a fix that removes the annotations (the writer's script is kept).
 */
function checkAnnotatedTerms(ctx: BlockContext): void {
  const damage = annotationsIn(ctx.text, ctx.start, ctx.end);
  if (!damage.length) return;
  // the block without its annotations, with the original offset of each character
  const map: number[] = [];
  let clean = '';
  let pos = ctx.start;
  for (const [a, b] of [...damage, [ctx.end, ctx.end] as [number, number]]) {
    for (let i = pos; i < a; i++) map.push(i);
    clean += ctx.text.slice(pos, a);
    pos = b;
  }
  map.push(ctx.end);
  for (const hit of (ctx.index.automaton as Automaton<Hit>).scan(clean, 0, clean.length)) {
    if (hit.value.kind !== 'term') continue;
    const start = map[hit.start];
    let end = map[hit.end - 1] + 1;
    const inside = damage.filter(([a]) => a > start && a <= end);
    if (!inside.length) continue;
    end = Math.max(end, inside[inside.length - 1][1]);
    const { term } = hit.value;
    const fixed = withoutAnnotations(ctx.written, start, end, inside);
    ctx.findings.push(
      finding(
        'term-typo',
        start,
        end,
        msg('term-typo.pinyin', { found: ctx.written.slice(start, end), marks: inside.map(([a, b]) => ctx.written.slice(a, b)).join(''), term: term.term }),
        term.id,
        [{ title: msg('fix.removePinyin'), start, end, text: fixed }],
        { expected: term.term },
      ),
    );
  }
}

/**
 * Does a term written out in full overlap the window [s, e) and cover its edit at `pos`? (A function of
 * its own, not a closure in the loop: a closure over the loop's variables would make V8 allocate a
 * context for them in every window, found or not.)
 */
function insideExact(exact: Match<Hit>[], s: number, e: number, pos: number): boolean {
  for (const x of exact) if (x.start < e && x.end > s && x.start <= pos && x.end > pos) return true;
  return false;
}

interface Edit {
  /** sub: a character replaced; ins: one inserted; del: one left out; swap: two neighbours transposed */
  kind: 'sub' | 'ins' | 'del' | 'swap';
  /** index in the window of the differing character (del: index in the term of the character left out; swap: of the first of the two) */
  at: number;
  ch: string;
  official?: string;
}

/** A term of at least this many characters is looked for with one character left out. */
const MIN_LEFT_OUT = 5;

/** The windows around an anchor, as lengths past the term's (see checkTerms). */
const WINDOWS = [0, 1];
const WINDOWS_LEFT_OUT = [0, 1, -1];

/**
 * Can a window one edit away from `t` hold this anchor, with the edit in the part of `t` the anchor does not
 * fix? Only when one of the two characters after a head anchor (before a tail anchor) is one of the two
 * characters of `t` that follow its head (precede its tail): a substitution, transposition, insertion or
 * omission changes at most the nearer of the two and shifts them by at most one. (A necessary condition,
 * checked before the windows: most anchors fail it. Terms with anchors have four or more characters, so the
 * head and the tail have two or more.)
 */
function nearAnchor(text: string, side: 'head' | 'tail', start: number, end: number, t: string, headLength: number): boolean {
  const a = side === 'head' ? text.charCodeAt(end) : text.charCodeAt(start - 1);
  const b = side === 'head' ? text.charCodeAt(end + 1) : text.charCodeAt(start - 2);
  const x = side === 'head' ? t.charCodeAt(headLength) : t.charCodeAt(headLength - 1);
  const y = side === 'head' ? t.charCodeAt(headLength + 1) : t.charCodeAt(headLength - 2);
  return a === x || a === y || b === x || b === y;
}

/**
 * Exactly one substitution or one transposition of neighbours (same length), one insertion (window one
 * longer) or one character left out (window one shorter) turns text[s, e) into t.
 */
function oneEditAt(text: string, s: number, e: number, t: string): Edit | undefined {
  const L = t.length;
  if (e - s === L) {
    let at = -1;
    let second = -1;
    for (let i = 0; i < L; i++) {
      if (text.charCodeAt(s + i) !== t.charCodeAt(i)) {
        if (second >= 0) return undefined;
        if (at >= 0) second = i;
        else at = i;
      }
    }
    if (at < 0) return undefined;
    if (second < 0) return { kind: 'sub', at, ch: text[s + at], official: t[at] };
    // two neighbours the other way round (新质产生力)
    if (second === at + 1 && text[s + at] === t[at + 1] && text[s + at + 1] === t[at]) return { kind: 'swap', at, ch: text[s + at] };
    return undefined;
  }
  if (e - s === L - 1) {
    let i = 0;
    while (i < L - 1 && text.charCodeAt(s + i) === t.charCodeAt(i)) i++;
    for (let k = i; k < L - 1; k++) if (text.charCodeAt(s + k) !== t.charCodeAt(k + 1)) return undefined;
    // a character left out at either end leaves a shorter word, not a broken term
    if (i === 0 || i >= L - 1) return undefined;
    return { kind: 'del', at: i, ch: t[i] };
  }
  if (e - s === L + 1) {
    let i = 0;
    while (i < L && text.charCodeAt(s + i) === t.charCodeAt(i)) i++;
    for (let k = i; k < L; k++) if (text.charCodeAt(s + k + 1) !== t.charCodeAt(k)) return undefined;
    // an insertion at either end is not inside the term
    if (i === 0 || i === L) return undefined;
    return { kind: 'ins', at: i, ch: text[s + i] };
  }
  return undefined;
}

function plausibleTypo(ctx: BlockContext, s: number, e: number, edit: Edit, term: Term): boolean {
  const ch = edit.ch;
  if (/[\s\u3000，。、；：！？“”‘’（）《》,.;:!?()"'·\-—…]/.test(ch)) return false;
  if (!isHan(ch)) return true; // a digit, Latin letter or symbol inside a Chinese term: OCR garble
  if (FUNCTION_CHARS.has(ch)) return false;
  const at = s + edit.at;
  // a word of its own that merely looks like a near miss (高新技术制造业 next to 高技术制造业)
  if (touchesNeighbour(ctx, at, at + 1)) return false;
  if (edit.kind === 'ins') {
    // an adjective made of the word before it (关键性核心技术 in 前瞻性、关键性核心技术): a series of
    // qualities, not 关键核心技术 with a stray character
    if (cues.adjectiveSuffixes.includes(ch) && wordAt(ctx, at - 2)) return false;
    return true;
  }
  if (edit.official && samePinyin(ch, edit.official)) return true;
  // does the substituted character make a word with a neighbour (新型, 低碳, 关系)? then it is prose
  if (wordAt(ctx, at - 1) || wordAt(ctx, at)) return false;
  void term;
  void e;
  return true;
}

/**
 * A character left out of a term, or two of its characters transposed, is a slip only where the
 * window reads as no ordinary wording: not when the character left out is one that shortened forms
 * drop (中国现代化, 现代产业体系, 新工业化: cues.termDroppableChars), nor the term's second (新生产力 is
 * 新 + 生产力, new productive forces as against 旧生产力, not 新质生产力 without 质); not when the window
 * cuts into a word of the writer's at either end (在 尚未产业化 the window 未产业 would start inside 尚未:
 * the character before makes a word with the window's first and not with the one before it); not when
 * the window is two-character words through and through (高质发展 is 高质 + 发展). Only two-character
 * words are asked about: the corpus index answers those without loading the segmenter's dictionary.
 */
function plausibleSlip(ctx: BlockContext, s: number, e: number, edit: Edit): boolean {
  const w = ctx.text.slice(s, e);
  for (const ch of w) if (!isHan(ch)) return false;
  if (edit.kind === 'del' && (edit.at === 1 || cues.termDroppableChars.includes(edit.ch))) return false;
  if (wordAt(ctx, s - 1) && !wordAt(ctx, s - 2)) return false;
  if (wordAt(ctx, e - 1) && !wordAt(ctx, e)) return false;
  if (w.length % 2 === 0) {
    let pairs = true;
    for (let k = s; k < e && pairs; k += 2) pairs = wordAt(ctx, k);
    if (pairs) return false;
  }
  return !touchesNeighbour(ctx, s, e);
}

/** Do the two characters at `a`, inside the block, make a two-character word of the dictionary? */
function wordAt(ctx: BlockContext, a: number): boolean {
  return a >= ctx.start && a + 2 <= ctx.end && isTwoCharacterWord(ctx.index.segmenter, ctx.text.slice(a, a + 2));
}

/** Does a word of its own that looks like a near miss (cues.termNeighbours: 高新技术) overlap text[s, e)? */
function touchesNeighbour(ctx: BlockContext, s: number, e: number): boolean {
  for (const n of cues.termNeighbours) {
    const from = Math.max(ctx.start, s - n.length + 1);
    const k = ctx.text.slice(from, Math.min(ctx.end, e + n.length - 1)).indexOf(n);
    if (k >= 0 && from + k < e && from + k + n.length > s) return true;
  }
  return false;
}

function samePinyin(a: string, b: string): boolean {
  const pa = pinyinOf(a);
  const pb = pinyinOf(b);
  return pa !== '' && pa === pb;
}

function splitsPair(text: string, at: number): boolean {
  return (text.charCodeAt(at - 1) & 0xfc00) === 0xd800 && (text.charCodeAt(at) & 0xfc00) === 0xdc00;
}
