// Resynchronising the LSP base protocol on stdio. A message is `Content-Length: N\r\n\r\n` + N bytes;
// one wrong length (or stray bytes) would leave the stock reader out of step for good: alive, but deaf
// to every later message. This stream sits between stdin and the connection and passes well-framed
// messages through unchanged, and after a framing error finds the next header and carries on:
//  - bytes before a header (a too-short length, garbage) are dropped and reported;
//  - a body that contains the next header (a too-long length) is cut before it: a raw CR LF cannot
//    occur inside JSON text, so `Content-Length: N` + CR LF inside a body is proof of a framing error;
//  - a body still incomplete after a quiet period that is already complete JSON (a too-long length
//    with nothing after it) is passed on as it is.
// Invalid JSON in a well-framed body is left to the connection, which reports and survives it.
import { Transform, type TransformCallback } from 'node:stream';

const HEADER = /Content-Length[ \t]*:[ \t]*(\d+)[ \t]*\r\n/i;
const HEADER_AT_START = /^(?:[A-Za-z0-9-]+[ \t]*:[^\r\n]*\r\n)*$/;
const MAX_HEADER = 8 * 1024;
/** Longest message accepted (a 64 MB document in UTF-8, JSON-escaped, fits). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const QUIET_MS = 300;

export class FrameResync extends Transform {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** body length being read, or -1 while reading a header */
  private need = -1;
  /** how far the pending body has been searched for a header */
  private scanned = 0;
  private quiet: NodeJS.Timeout | undefined;

  constructor(private readonly report: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      this.drain();
    } catch (e) {
      this.report(`framing: ${(e as Error).message}`);
      this.reset();
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    clearTimeout(this.quiet);
    done();
  }

  private all(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Bytes [from, to) of what is buffered, copying only the chunks concerned. */
  private bytesAt(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let pos = 0;
    for (const c of this.chunks) {
      const s = Math.max(from - pos, 0);
      const e = Math.min(to - pos, c.length);
      if (e > s) parts.push(c.subarray(s, e));
      pos += c.length;
      if (pos >= to) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private takeBytes(n: number): Buffer {
    const all = this.all();
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.need = -1;
    this.scanned = 0;
  }

  private emitBody(body: Buffer): void {
    this.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'));
    this.push(body);
  }

  private drain(): void {
    clearTimeout(this.quiet);
    for (;;) {
      if (this.need < 0) {
        const buf = this.all();
        const latin = buf.toString('latin1', 0, Math.min(buf.length, MAX_HEADER * 4));
        const end = latin.indexOf('\r\n\r\n');
        const block = end >= 0 ? latin.slice(0, end + 2) : '';
        const m = end >= 0 ? HEADER.exec(block) : null;
        if (m && HEADER_AT_START.test(block) && Number(m[1]) <= MAX_MESSAGE_BYTES) {
          this.takeBytes(end + 4);
          this.need = Number(m[1]);
          this.scanned = 0;
          continue;
        }
        if (end < 0 && buf.length < MAX_HEADER && !/[^\x20-\x7e\r\n\t]/.test(latin)) return; // a header still arriving
        // not a header here: skip to the next one, if any
        const next = latin.slice(1).search(HEADER);
        const skip = next >= 0 ? next + 1 : Math.max(0, buf.length - 64);
        if (skip === 0) return;
        this.report(`dropped ${skip} byte(s) that are not an LSP message: ${JSON.stringify(latin.slice(0, Math.min(skip, 60)))}`);
        this.takeBytes(skip);
        if (next < 0) return;
        continue;
      }
      // reading a body: is the next header inside it (the length was too long)? Only new bytes are searched.
      const limit = Math.min(this.buffered, this.need);
      if (limit > this.scanned) {
        const from = Math.max(0, this.scanned - 40);
        const region = this.bytesAt(from, limit).toString('latin1');
        const m = HEADER.exec(region);
        if (m && region.indexOf('\r\n\r\n', m.index) >= 0) {
          const at = from + m.index;
          this.report(`a Content-Length of ${this.need} ran into the next message; the message was cut at ${at} bytes`);
          this.emitBody(this.takeBytes(at));
          this.need = -1;
          continue;
        }
        this.scanned = m ? from + m.index : limit;
      }
      if (this.buffered < this.need) {
        this.quiet = setTimeout(() => this.onQuiet(), QUIET_MS);
        this.quiet.unref?.();
        return;
      }
      this.emitBody(this.takeBytes(this.need));
      this.need = -1;
    }
  }

  /** Nothing more came: a pending body that is complete JSON had a too-long length. */
  private onQuiet(): void {
    if (this.need < 0 || !this.buffered) return;
    const body = this.all();
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      return; // genuinely incomplete: keep waiting
    }
    this.report(`a Content-Length of ${this.need} was longer than the ${body.length} byte(s) sent; the message was taken as it is`);
    this.emitBody(this.takeBytes(body.length));
    this.need = -1;
  }
}
