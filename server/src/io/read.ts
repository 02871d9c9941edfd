// The one file reader: a writer's file for the CLI and the Word view, a corpus file for the loader and
// the cache. Reads are bounded: a device such as /dev/zero or an endless pipe is refused at the size
// limit instead of filling memory. Files are opened without blocking: a FIFO that no program writes to
// is refused at once (the CLI), or any FIFO, device or socket is (`regularOnly`, the corpus loader).
// Standard input (`-`) is read to its end. The caller says why a file was refused in its own words
// (`Refusal`): for a writer's file, `refusalReason` (a message key and values that the front end puts into
// the writer's language). The bytes are decoded by ./decode.ts.
import * as fs from 'node:fs';
import type { Reason } from '../core/i18n';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A path as bytes (names in folders are read as bytes: a GBK-named file must still open) or `-` for stdin. */
export type FilePath = string | Buffer;

/** Why a file was not read. */
export type Refusal =
  | { kind: 'directory' }
  | { kind: 'socket' }
  /** with `regularOnly`: a FIFO, device or socket */
  | { kind: 'not-regular' }
  | { kind: 'too-large'; size: number; max: number }
  /** a FIFO with no writer (nothing to read) */
  | { kind: 'no-writer' }
  /** more than `max` bytes came: a file that grew while read, or a device or pipe without end */
  | { kind: 'endless'; isFile: boolean; max: number }
  /** the system refused (ENOENT, EACCES, ENXIO…): the error */
  | { kind: 'error'; error: NodeJS.ErrnoException; stdin: boolean };

export interface ReadOptions {
  /** at most this many bytes (default MAX_FILE_BYTES) */
  max?: number;
  /** refuse anything but a regular file, and read it as large as it was when opened */
  regularOnly?: boolean;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Waits a little without spinning (a pipe with a writer but no data yet). */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Reads `fd` to its end, at most `max` bytes; a non-blocking pipe is waited on while a writer holds it. */
function readToEnd(fd: number, isFile: boolean, fifo: boolean, max: number): { bytes: Buffer } | { refused: Refusal } {
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
      if (fifo && first) return { refused: { kind: 'no-writer' } };
      break;
    }
    first = false;
    parts.push(chunk.subarray(0, n));
    total += n;
    if (total > max) return { refused: { kind: 'endless', isFile, max } };
  }
  return { bytes: Buffer.concat(parts, total) };
}

/** Reads the `size` bytes a regular file had when opened (fewer when it shrank meanwhile). */
function readSize(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let n = 0;
  while (n < buf.length) {
    const r = fs.readSync(fd, buf, n, buf.length - n, n);
    if (r === 0) break; // truncated while we read it: use what is there
    n += r;
  }
  return buf.subarray(0, n);
}

/** The bytes of a file (or of standard input for `-`), bounded; or why it was not read. */
export function readBytes(file: FilePath, options: ReadOptions = {}): { bytes: Buffer } | { refused: Refusal } {
  const max = options.max ?? MAX_FILE_BYTES;
  if (file === '-') {
    try {
      return readToEnd(0, false, false, max);
    } catch (e) {
      return { refused: { kind: 'error', error: e as NodeJS.ErrnoException, stdin: true } };
    }
  }
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { refused: { kind: 'directory' } };
    if (options.regularOnly && !st.isFile()) return { refused: { kind: 'not-regular' } };
    if (st.isSocket()) return { refused: { kind: 'socket' } };
    if (st.size > max) return { refused: { kind: 'too-large', size: st.size, max } };
    return options.regularOnly ? { bytes: readSize(fd, st.size) } : readToEnd(fd, st.isFile(), st.isFIFO(), max);
  } catch (e) {
    return { refused: { kind: 'error', error: e as NodeJS.ErrnoException, stdin: false } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function errorReason(e: NodeJS.ErrnoException): Reason {
  return e.code === 'ENOENT'
    ? { key: 'read.noSuchFile' }
    : e.code === 'EISDIR'
      ? { key: 'read.directory' }
      : e.code === 'EACCES'
        ? { key: 'read.permission' }
        : e.code === 'ENXIO'
          ? { key: 'read.device' }
          : { key: 'read.system', vars: { detail: e.message } };
}

/** Why a writer's file was not read, as the CLI and the Word view say it (in the writer's language: reasonText). */
export function refusalReason(r: Refusal): Reason {
  switch (r.kind) {
    case 'directory':
      return { key: 'read.directory' };
    case 'socket':
      return { key: 'read.socket' };
    case 'not-regular':
      return { key: 'read.notRegular' };
    case 'too-large':
      return { key: 'read.tooLarge', vars: { size: (r.size / 1048576).toFixed(1), max: r.max / 1048576 } };
    case 'no-writer':
      return { key: 'read.noWriter' };
    case 'endless':
      return { key: r.isFile ? 'read.endless.grew' : 'read.endless.device', vars: { max: r.max / 1048576 } };
    case 'error':
      return r.stdin ? { key: 'read.stdin', vars: { reason: errorReason(r.error) } } : errorReason(r.error);
  }
}

/** A writer's file: its bytes, or why it was not read (refusalReason). */
export function readFileBytes(file: FilePath): { bytes: Buffer } | { error: Reason } {
  const r = readBytes(file);
  return 'refused' in r ? { error: refusalReason(r.refused) } : r;
}
