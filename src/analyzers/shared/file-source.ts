/** Random access to a file on disk for `randomAccess` analyzers (the directory walk and analyzer tests). */
import { closeSync, openSync, readSync } from 'node:fs';
import { BulwarkError } from '../../core/index.js';
import type { ByteSource } from '../contract.js';

/** A file opened for random access; closed once every analyzer is done with it. */
export interface OpenedSource { source: ByteSource; close(): void }

/** The first block is read once and serves every small read inside it (magic, ELF and program headers). */
const HEAD_BYTES = 4096;

function readFully(fd: number, offset: number, length: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) throw new BulwarkError('CORRUPT_ARCHIVE', `file shrank while read (${offset + done} of ${size} bytes)`);
    done += n;
  }
  return buf;
}

/** Positioned reads from an open file: what `randomAccess` analyzers get instead of the whole file. */
export function openFileSource(abs: string, size: number): OpenedSource {
  const fd = openSync(abs, 'r');
  let head: Buffer | undefined;
  return {
    source: {
      size,
      read(offset, length) {
        if (offset < 0 || length < 0 || offset + length > size) throw new BulwarkError('CORRUPT_ARCHIVE', `read of ${length} bytes at ${offset} past the end (${size} bytes)`);
        if (offset + length <= HEAD_BYTES) {
          head ??= readFully(fd, 0, Math.min(size, HEAD_BYTES), size);
          return head.subarray(offset, offset + length);
        }
        return readFully(fd, offset, length, size);
      },
    },
    close: () => closeSync(fd),
  };
}
