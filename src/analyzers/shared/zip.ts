/**
 * A small ZIP reader for archives held in memory (jars, wars, nested jars): the central directory,
 * zip64 records, archives with a prefix (launch scripts before an executable jar), stored and
 * deflated entries. Sizes are bounded against bombs: inflation never produces more than the
 * declared size or the caller's limit. Bad input throws `BulwarkError` (CORRUPT_ARCHIVE / LIMIT_EXCEEDED).
 */
import { inflateRawSync } from 'node:zlib';
import { BulwarkError } from '../../core/index.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Absolute offset of the local file header in the buffer. */
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;
const MAX_ENTRIES = 500_000;

function corrupt(msg: string): never {
  throw new BulwarkError('CORRUPT_ARCHIVE', `zip: ${msg}`);
}

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) corrupt('zip64 value out of range');
  return Number(v);
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return corrupt('no end of central directory record (not a zip, or truncated)');
}

/** Central directory position, size and entry count, honouring zip64. */
function directory(buf: Buffer): { offset: number; size: number; count: number; eocd: number } {
  const eocd = findEocd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const z = u64(buf, eocd - 20 + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD) corrupt('bad zip64 end of central directory');
    count = u64(buf, z + 32);
    size = u64(buf, z + 40);
    offset = u64(buf, z + 48);
    return { offset, size, count, eocd: z };
  }
  return { offset, size, count, eocd };
}

function zip64Extra(extra: Buffer, e: ZipEntry): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = () => { if (q + 8 > p + 4 + len || q + 8 > extra.length) corrupt('short zip64 extra field'); const v = u64(extra, q); q += 8; return v; };
      if (e.size === 0xffffffff) e.size = take();
      if (e.compressedSize === 0xffffffff) e.compressedSize = take();
      if (e.localOffset === 0xffffffff) e.localOffset = take();
      return;
    }
    p += 4 + len;
  }
}

/** Every entry of the central directory (directories included, names as stored). */
export function readZipDirectory(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) corrupt('too short');
  const dir = directory(buf);
  if (dir.count > MAX_ENTRIES) throw new BulwarkError('LIMIT_EXCEEDED', `zip: ${dir.count} entries (limit ${MAX_ENTRIES})`);
  // Bytes before the archive (a launch script prepended to an executable jar) shift every offset.
  const base = dir.eocd - dir.size - dir.offset;
  if (base < 0) corrupt('central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let p = dir.offset + base;
  for (let i = 0; i < dir.count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH) corrupt(`bad central directory entry ${i}`);
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen > buf.length) corrupt(`central directory entry ${i} runs past the end`);
    const e: ZipEntry = {
      name: buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10), flags,
      compressedSize: buf.readUInt32LE(p + 20), size: buf.readUInt32LE(p + 24), localOffset: buf.readUInt32LE(p + 42),
    };
    zip64Extra(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
    e.localOffset += base;
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry, refusing anything above `maxBytes` (declared or actual). */
export function readZipEntry(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  if (e.flags & 0x1) corrupt(`${e.name}: encrypted entry`);
  if (e.size > maxBytes) throw new BulwarkError('LIMIT_EXCEEDED', `zip: ${e.name} is ${e.size} bytes (limit ${maxBytes})`);
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LFH) corrupt(`${e.name}: bad local header`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) corrupt(`${e.name}: data runs past the end (truncated)`);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method !== 8) corrupt(`${e.name}: unsupported compression method ${e.method}`);
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    if (out.length !== e.size) corrupt(`${e.name}: inflated to ${out.length} bytes, header says ${e.size}`);
    return out;
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    return corrupt(`${e.name}: ${(err as Error).message}`);
  }
}

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LFH;
}
