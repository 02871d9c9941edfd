// Decoding a writer's file: UTF-8 (with or without BOM), UTF-16 with a BOM, and GB18030/GBK (what
// Windows Notepad and many office systems save) when the bytes are not UTF-8 and decode cleanly as
// GB18030. Offsets of findings are indices into the decoded text (UTF-16 code units); a BOM is dropped.
// Only what is truly binary is refused, with its reason (a Reason: message key and values, put into the
// writer's language by the front end). Used by the CLI and by the corpus loader.
import { isUtf8 } from 'node:buffer';
import type { Reason } from '../core/i18n';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type Decoded = { text: string; encoding: TextEncoding; bom: boolean } | { error: Reason };

/** C0 control characters that never occur in a writer's text (tab, LF, VT, FF, CR and ESC excepted). */
const CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/;

function decoder(label: string): { decode(input: Uint8Array): string } | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined; // a Node built without full ICU has no GB18030
  }
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and bytes that start no valid sequence: text that is
 * mostly UTF-8 with a few broken bytes is damaged UTF-8, not GB18030 (which would decode it as
 * plausible-looking nonsense).
 */
function utf8Shape(buf: Uint8Array): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= buf.length;
    for (let k = 1; ok && k < len; k++) ok = (buf[i + k] & 0xc0) === 0x80;
    if (ok) {
      multibyte++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

export function decodeText(buf: Uint8Array): Decoded {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    if (buf[0] === 0xff && buf[2] === 0 && buf[3] === 0 && buf.length >= 4) return { error: { key: 'read.utf32' } };
    const encoding = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const vars = { encoding: encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE' };
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(buf); // drops the BOM
      if (CONTROL.test(text)) return { error: { key: 'read.utf16Control', vars } };
      return { text, encoding, bom: true };
    } catch {
      return { error: { key: 'read.utf16Broken', vars } };
    }
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const nul = buf.indexOf(0);
  if (nul >= 0) return { error: { key: 'read.nul', vars: { byte: nul } } };
  // (Node's own validation, then a plain decode: the strict TextDecoder took three times as long on a
  // 10 MiB file; both accept exactly well-formed UTF-8, and the BOM is dropped as the decoder drops it.
  // isUtf8 is in every Node Tifa runs on: 20 and later, and VS Code 1.91's extension host)
  if (isUtf8(buf)) return { text: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8', bom ? 3 : 0), encoding: 'utf-8', bom };
  const shape = utf8Shape(buf);
  if (bom || shape.multibyte > shape.invalid) return { error: { key: 'read.brokenUtf8', vars: { invalid: shape.invalid } } };
  const gb = decoder('gb18030');
  if (!gb) return { error: { key: 'read.noGb18030' } };
  let text: string;
  try {
    text = gb.decode(buf);
  } catch {
    return { error: { key: 'read.notText' } };
  }
  if (CONTROL.test(text)) return { error: { key: 'read.controlChars' } };
  return { text, encoding: 'gb18030', bom: false };
}
