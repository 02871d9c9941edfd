// Paths and URIs, on every platform: file URIs as editors send them (file:///c%3A/…, file://server/share/…)
// to paths and back, Windows drive letters, backslashes and UNC paths included, and file names made safe
// to print (a name with a newline or ":1:2: error" must not forge a line of `tifa check` output).
// Everything that converts a path or a URI goes through here; `windows` defaults to the platform we run on.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const IS_WINDOWS = process.platform === 'win32';

/** The file system path of a `file:` URI, or undefined for another scheme or a malformed URI. */
export function uriToPath(uri: string, windows: boolean = IS_WINDOWS): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    const u = new URL(uri);
    if (!windows && u.hostname && u.hostname !== 'localhost') return undefined; // a UNC share exists only on Windows
    // Node's own conversion, told the platform (it decodes %3A, keeps drive letters, maps a host to \\host\share)
    const p = fileURLToPath(u, { windows } as never);
    if (windows && !/^(?:[A-Za-z]:\\|\\\\)/.test(p)) return undefined; // /etc/x has no meaning on Windows
    return p;
  } catch {
    return undefined;
  }
}

/** The `file:` URI of an absolute path (C:\x → file:///C:/x, \\server\share\x → file://server/share/x). */
export function pathToUri(p: string, windows: boolean = IS_WINDOWS): string {
  return pathToFileURL(p, { windows } as never).href;
}

/** Whether `child` is `parent` or inside it, on that platform (case-insensitive on Windows). */
export function isInside(parent: string, child: string, windows: boolean = IS_WINDOWS): boolean {
  const p = windows ? path.win32 : path.posix;
  const norm = (s: string) => (windows ? p.resolve(s).toLowerCase() : p.resolve(s));
  const rel = p.relative(norm(parent), norm(child));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/**
 * A path as it may be printed on one line: control and bidirectional-override characters, invalid UTF-8
 * bytes (names read as bytes) and a colon before a digit (`x.md:1:2: error …` inside a name) become
 * \xNN or \uNNNN escapes; on POSIX a backslash becomes \\ so that every escape is unambiguous.
 */
export function displayPath(p: string | Buffer, windows: boolean = IS_WINDOWS): string {
  const b = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
  let out = '';
  for (let i = 0; i < b.length; ) {
    const len = utf8Length(b, i);
    if (!len) {
      out += `\\x${b[i].toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    const ch = b.toString('utf8', i, i + len);
    i += len;
    const code = ch.codePointAt(0)!;
    if (ch === '\\' && !windows) out += '\\\\';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (UNSAFE.test(ch)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out.replace(/:(?=\d)/g, '\\x3a');
}

/** Characters that end a line or reorder what is shown. */
const UNSAFE = /[\u0085\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!len || i + len > b.length) return 0;
  for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return len;
}
