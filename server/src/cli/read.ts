// Reading a writer's file for the CLI: UTF-8 only; binary files and invalid UTF-8 are reported, not guessed.
// Reads are bounded: a device such as /dev/zero or an endless pipe is refused at the size limit instead
// of filling memory.
import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function readTextFile(file: string): { text: string } | { error: string } {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { error: 'is a directory' };
    if (st.size > MAX_FILE_BYTES) return { error: `file is ${(st.size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit; skipped` };
    // read until the end, at most the limit: a pipe or a device has no size to trust
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      parts.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return { error: `more than ${MAX_FILE_BYTES / 1048576} MB (${st.isFile() ? 'the file grew while it was read' : 'a device or pipe without end?'}); skipped` };
    }
    buf = Buffer.concat(parts, total);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return { error: 'UTF-16 text; skipped (convert it to UTF-8 first)' };
  if (buf.includes(0)) return { error: 'binary file (contains NUL bytes); skipped' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text };
  } catch {
    return { error: 'not valid UTF-8; skipped (convert it to UTF-8 first)' };
  }
}
