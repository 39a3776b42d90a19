/** The bytes and (for small documents) the text of an InputDoc, without ever building a string of a large feed. */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { InputDoc } from './types.js';

const CHUNK = 1 << 20;
/** Text formats (DSA/DLA lists, EPSS CSV) are read whole; far below V8's ~512 MiB string limit. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** The document's bytes in chunks; a file on disk is read 1 MiB at a time. */
export function* docChunks(doc: InputDoc): Generator<Buffer> {
  if (doc.text !== undefined) { yield Buffer.from(doc.text, 'utf8'); return; }
  if (doc.data) { yield doc.data; return; }
  if (!doc.path) return;
  const fd = openSync(doc.path, 'r');
  try {
    // Small files (most feed files) in one read of their own size, not a 1 MiB buffer each.
    const size = Math.min(CHUNK, Math.max(1, fstatSync(fd).size));
    for (;;) {
      // A fresh buffer per chunk: the consumer may keep a reference until it has copied it.
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, null);
      if (n <= 0) return;
      yield n === size ? buf : buf.subarray(0, n);
    }
  } finally { closeSync(fd); }
}

export function docSize(doc: InputDoc): number {
  if (doc.text !== undefined) return doc.text.length;
  if (doc.data) return doc.data.length;
  return doc.path ? statSync(doc.path).size : 0;
}

/** The first non-whitespace byte (the JSON sniff), or -1. */
export function firstByte(doc: InputDoc): number {
  if (doc.text !== undefined) { const m = /\S/.exec(doc.text.slice(0, 4096)); return m ? m[0].charCodeAt(0) : -1; }
  const isWs = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  if (doc.data) return doc.data.find((b) => !isWs(b)) ?? -1;
  if (!doc.path) return -1;
  // The first bytes of the file only (a sniff must not read a large feed).
  const head = Buffer.alloc(4096);
  const fd = openSync(doc.path, 'r');
  let n: number;
  try { n = readSync(fd, head, 0, head.length, 0); } finally { closeSync(fd); }
  return head.subarray(0, n).find((b) => !isWs(b)) ?? -1;
}

/** The whole text of a document small enough for the text formats; undefined for a larger one. */
export function docText(doc: InputDoc): string | undefined {
  if (doc.text !== undefined) return doc.text;
  if (docSize(doc) > MAX_TEXT_BYTES) return undefined;
  return Buffer.concat([...docChunks(doc)]).toString('utf8');
}
