/**
 * rpm NDB `Packages.db` reader (SUSE, rpm ≥ 4.16 with %_db_backend ndb). Layout from rpm's
 * lib/backend/ndb/rpmpkg.c: a 32-byte header ('RpmP', version 0, generation, slot page count, next
 * index), then 4 KiB slot pages of 16-byte slots ('Slot', pkgidx, blkoff, blkcnt) and blobs in
 * 16-byte blocks: head ('BlbS', pkgidx, generation, length), header blob, tail (adler32, length, 'BlbE').
 */
import type { BlobRead } from './header.js';

const magic = (s: string) => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
const PKGDB_MAGIC = magic('RpmP');
const SLOT_MAGIC = magic('Slot');
const BLOBHEAD_MAGIC = magic('BlbS');
const BLOBTAIL_MAGIC = magic('BlbE');
const PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const HEADER_SIZE = 32;
const HEAD = 16;
const TAIL = 12;

export class NdbError extends Error {}

function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < buf.length; ) {
    const end = Math.min(buf.length, i + 5552);
    for (; i < end; i++) {
      a += buf[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function readBlob(buf: Buffer, slot: { pkgidx: number; blkoff: number; blkcnt: number }): Buffer {
  const off = slot.blkoff * BLK_SIZE;
  const end = off + slot.blkcnt * BLK_SIZE;
  if (end > buf.length) throw new NdbError(`package ${slot.pkgidx}: blob past the end of the file (truncated)`);
  if ((buf.readInt32LE(off) | 0) !== BLOBHEAD_MAGIC || buf.readUInt32LE(off + 4) !== slot.pkgidx) {
    throw new NdbError(`package ${slot.pkgidx}: bad blob head`);
  }
  const len = buf.readUInt32LE(off + 12);
  if (slot.blkcnt !== Math.ceil((HEAD + len + TAIL) / BLK_SIZE)) throw new NdbError(`package ${slot.pkgidx}: blob length ${len} does not fit its ${slot.blkcnt} blocks`);
  const tail = end - TAIL;
  if (buf.readUInt32LE(tail + 4) !== len || (buf.readInt32LE(tail + 8) | 0) !== BLOBTAIL_MAGIC) throw new NdbError(`package ${slot.pkgidx}: bad blob tail`);
  if (adler32(buf.subarray(off, tail)) !== buf.readUInt32LE(tail)) throw new NdbError(`package ${slot.pkgidx}: checksum mismatch`);
  return buf.subarray(off + HEAD, off + HEAD + len);
}

/** All live packages, in slot order; damaged blobs become problems, a damaged header throws. */
export function readNdb(buf: Buffer): BlobRead {
  if (buf.length < HEADER_SIZE || (buf.readInt32LE(0) | 0) !== PKGDB_MAGIC) throw new NdbError('not an rpm NDB package database (bad magic)');
  if (buf.readUInt32LE(4) !== 0) throw new NdbError(`unsupported NDB version ${buf.readUInt32LE(4)}`);
  const slotPages = buf.readUInt32LE(12);
  if (slotPages < 1 || slotPages * PAGE_SIZE > buf.length) throw new NdbError(`slot area of ${slotPages} pages does not fit the file (truncated)`);
  const out: BlobRead = { blobs: [], problems: [] };
  for (let o = HEADER_SIZE; o < slotPages * PAGE_SIZE; o += SLOT_SIZE) {
    if ((buf.readInt32LE(o) | 0) !== SLOT_MAGIC) throw new NdbError(`bad slot magic at offset ${o}`);
    const slot = { pkgidx: buf.readUInt32LE(o + 4), blkoff: buf.readUInt32LE(o + 8), blkcnt: buf.readUInt32LE(o + 12) };
    if (!slot.blkoff) continue;
    try {
      out.blobs.push(readBlob(buf, slot));
    } catch (e) {
      out.problems.push((e as Error).message);
    }
  }
  return out;
}
