// Reading a source file for `scan`: the bytes are kept (so --fix can tell whether the file changed before it
// writes) and decoded by their byte-order mark: UTF-8 with or without one, UTF-16 LE/BE with one. The mark is
// not part of the text, as in an editor, so line 1 has the same columns either way. Files that cannot be
// analysed say why instead of vanishing.
import * as fs from 'fs';
import { skipReason, type SkipReason } from './analysis/languageSupport';

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export interface SourceFile {
  /** The bytes as read, byte-order mark included. */
  bytes: Buffer;
  text: string;
  encoding: Encoding;
}

export type ReadOutcome = { file: SourceFile } | { skipped: SkipReason };

/** Decodes by the byte-order mark; without one, UTF-8. */
export function decodeSource(bytes: Buffer): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: Buffer.from(bytes.subarray(2)).swap16().toString('utf16le'), encoding: 'utf16be' };
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

/** The text in the file's own encoding, byte-order mark included, for writing it back. */
export function encodeSource(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8-bom': return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le': return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf16be': return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  }
}

/**
 * Reads and decodes a file, or says why it is not analysed. A file far over the limit is judged by its size
 * without reading it: no UTF-16 unit takes more than three bytes (in UTF-8). I/O errors are thrown for the
 * caller to report.
 */
export async function readSourceFile(path: string, maxChars: number): Promise<ReadOutcome> {
  const { size } = await fs.promises.stat(path);
  if (size > maxChars * 3 + 3) return { skipped: 'too-large' };
  return decodeChecked(await fs.promises.readFile(path), maxChars);
}

/**
 * readSourceFile for the index's workers, which read one file at a time anyway. One open file serves both the
 * size check and the read (a stat by path first costs as much as the read of a small file).
 */
export function readSourceFileSync(path: string, maxChars: number): ReadOutcome {
  const fd = fs.openSync(path, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    if (size > maxChars * 3 + 3) return { skipped: 'too-large' };
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    for (let read = -1; filled < size && read !== 0; filled += read) read = fs.readSync(fd, bytes, filled, size - filled, filled);
    return decodeChecked(filled === size ? bytes : bytes.subarray(0, filled), maxChars);
  } finally {
    fs.closeSync(fd);
  }
}

function decodeChecked(bytes: Buffer, maxChars: number): ReadOutcome {
  const { text, encoding } = decodeSource(bytes);
  const reason = skipReason(text, maxChars);
  return reason ? { skipped: reason } : { file: { bytes, text, encoding } };
}
