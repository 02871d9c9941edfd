// Reading a writer's file for the CLI: the bytes (bounded), then decoded by io/decode.ts (UTF-8, UTF-16
// with BOM, GB18030/GBK); binary files are reported with their reason, not guessed.
// Reads are bounded: a device such as /dev/zero or an endless pipe is refused at the size limit instead
// of filling memory. A FIFO is opened without blocking: one that no program writes to is reported at
// once, and standard input (`-`) is read to its end.
import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A path as bytes (names in folders are read as bytes: a GBK-named file must still open) or `-` for stdin. */
export type FilePath = string | Buffer;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Waits a little without spinning (a pipe with a writer but no data yet). */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'is a directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'ENXIO'
          ? 'a socket or device that cannot be read; skipped'
          : (e as Error).message;
}

/** Reads `fd` to its end, at most the limit; a non-blocking pipe is waited on while a writer holds it. */
function readAll(fd: number, isFile: boolean, fifo: boolean): { bytes: Buffer } | { error: string } {
  const parts: Buffer[] = [];
  let total = 0;
  let first = true;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(5);
        first = false;
        continue;
      }
      throw e;
    }
    if (n === 0) {
      if (fifo && first) return { error: 'a FIFO (named pipe) that no program is writing to; skipped' };
      break;
    }
    first = false;
    parts.push(chunk.subarray(0, n));
    total += n;
    if (total > MAX_FILE_BYTES)
      return { error: `more than ${MAX_FILE_BYTES / 1048576} MB (${isFile ? 'the file grew while it was read' : 'a device or pipe without end?'}); skipped` };
  }
  return { bytes: Buffer.concat(parts, total) };
}

/** The raw bytes of a file (or of standard input for `-`), bounded. */
export function readFileBytes(file: FilePath): { bytes: Buffer } | { error: string } {
  if (file === '-') {
    try {
      return readAll(0, false, false);
    } catch (e) {
      return { error: `cannot read standard input: ${errorText(e)}` };
    }
  }
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { error: 'is a directory' };
    if (st.isSocket()) return { error: 'a socket; skipped' };
    if (st.size > MAX_FILE_BYTES) return { error: `file is ${(st.size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit; skipped` };
    return readAll(fd, st.isFile(), st.isFIFO());
  } catch (e) {
    return { error: errorText(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
