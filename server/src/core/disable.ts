// Feature: inline disable comments.
//   <!-- tifa-disable-next-line [CODE …] -->      the next line
//   <!-- tifa-disable [CODE …] --> … <!-- tifa-enable [CODE …] -->   a region
// Plain-text form: the same words on a line of their own, optionally after // or #
//   (e.g. `// tifa-disable-next-line misquote`). No code means every code.
import { lineOf, lineStarts } from '../shared/positions';
import { CODES, type Code } from './codes';
import type { Finding } from './types';

interface Directive {
  line: number;
  kind: 'next-line' | 'disable' | 'enable';
  codes: Code[] | 'all';
}

const RE = /(?:<!--\s*|^[ \t]*(?:\/\/|#)?[ \t]*)tifa-(disable-next-line|disable|enable)\b([^\n\r]*?)(?:-->|$)/gm;

function parseCodes(s: string): Code[] | 'all' {
  const words = s
    .trim()
    .split(/[\s,，]+/)
    .filter(Boolean);
  const codes = words.filter((w): w is Code => (CODES as readonly string[]).includes(w));
  return codes.length ? codes : 'all';
}

/** Removes findings switched off by disable comments. */
export function applyDisableComments(text: string, findings: Finding[], lines?: number[]): Finding[] {
  if (!text.includes('tifa-')) return findings;
  const starts = lines ?? lineStarts(text);
  const directives: Directive[] = [];
  RE.lastIndex = 0;
  for (let m = RE.exec(text); m; m = RE.exec(text)) {
    const kind = m[1] === 'disable-next-line' ? 'next-line' : (m[1] as 'disable' | 'enable');
    directives.push({ line: lineOf(starts, m.index + m[0].indexOf('tifa-')), kind, codes: parseCodes(m[2]) });
  }
  if (!directives.length) return findings;
  // one sweep over the findings in line order and the directives in text order (a document of
  // directives and findings on every line took directives × findings steps)
  const lineOfFinding = findings.map((f) => lineOf(starts, f.start));
  const order = findings.map((_, i) => i);
  if (lineOfFinding.some((l, i) => i > 0 && l < lineOfFinding[i - 1])) order.sort((a, b) => lineOfFinding[a] - lineOfFinding[b] || a - b);
  const disabled = new Set<Code>();
  /** line → the codes a next-line directive on the line before switches off there */
  const nextLine = new Map<number, Set<Code>>();
  const drop = new Uint8Array(findings.length);
  let d = 0;
  for (const i of order) {
    const line = lineOfFinding[i];
    for (; d < directives.length && directives[d].line <= line; d++) {
      const { kind, codes } = directives[d];
      const affected = codes === 'all' ? CODES : codes;
      if (kind === 'next-line') {
        let set = nextLine.get(directives[d].line + 1);
        if (!set) nextLine.set(directives[d].line + 1, (set = new Set()));
        for (const code of affected) set.add(code);
      } else if (kind === 'disable') for (const code of affected) disabled.add(code);
      else for (const code of affected) disabled.delete(code);
    }
    const code = findings[i].code;
    if (disabled.has(code) || nextLine.get(line)?.has(code)) drop[i] = 1;
  }
  return findings.filter((_, i) => !drop[i]);
}
