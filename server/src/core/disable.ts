// Feature: inline disable comments.
//   <!-- tifa-disable-next-line [CODE …] -->      the next line
//   <!-- tifa-disable [CODE …] --> … <!-- tifa-enable [CODE …] -->   a region
// Plain-text form: the same words on a line of their own, optionally after // or #
//   (e.g. `// tifa-disable-next-line misquote`). No code means every code.
import { lineOf, lineStarts } from './lines';
import { CODES, type Code, type Finding } from './types';

interface Directive {
  line: number;
  kind: 'next-line' | 'disable' | 'enable';
  codes: Code[] | 'all';
}

const RE = /(?:<!--\s*|^[ \t]*(?:\/\/|#)?[ \t]*)tifa-(disable-next-line|disable|enable)\b([^\n\r]*?)(?:-->|$)/gm;

function parseCodes(s: string): Code[] | 'all' {
  const words = s.trim().split(/[\s,，]+/).filter(Boolean);
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
  const has = (codes: Code[] | 'all', code: Code) => codes === 'all' || codes.includes(code);
  return findings.filter((f) => {
    const line = lineOf(starts, f.start);
    let disabled = false;
    for (const d of directives) {
      if (d.line > line) break;
      if (d.kind === 'next-line') {
        if (d.line === line - 1 && has(d.codes, f.code)) return false;
      } else if (d.kind === 'disable') {
        if (has(d.codes, f.code)) disabled = true;
      } else if (has(d.codes, f.code) || d.codes === 'all') disabled = false;
    }
    return !disabled;
  });
}
