// Reading a writer's file for the CLI: UTF-8 only; binary files and invalid UTF-8 are reported, not guessed.
import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function readTextFile(file: string): { text: string } | { error: string } {
  let buf: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) return { error: `file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit; skipped` };
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message };
  }
  if (buf.subarray(0, 8192).includes(0)) return { error: 'binary file (contains NUL bytes); skipped' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text };
  } catch {
    return { error: 'not valid UTF-8; skipped (convert it to UTF-8 first)' };
  }
}
