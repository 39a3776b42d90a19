/** Minimal ZIP reader (central directory; stored and deflate members) for OSV `all.zip` archives. */
import { inflateRawSync } from 'node:zlib';
import { BulwarkError } from '../../core/index.js';

export interface ZipMember { name: string; data: Buffer }

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOC;
}

function findEocd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  return -1;
}

/**
 * File members in directory order, inflated one at a time as the caller asks (an OSV all.zip expands to
 * gigabytes; only the current member is held). Throws CORRUPT_ARCHIVE on a truncated or damaged archive.
 */
export function* readZip(buf: Buffer, label: string, maxTotal = 4 * 1024 ** 3): Generator<ZipMember> {
  const bad = (why: string) => new BulwarkError('CORRUPT_ARCHIVE', `${label}: corrupt zip (${why})`);
  const eocd = findEocd(buf);
  if (eocd < 0) throw bad('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN) throw bad('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC) throw bad(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + csize > buf.length) throw bad(`truncated member ${name}`);
    total += usize;
    if (total > maxTotal) throw new BulwarkError('LIMIT_EXCEEDED', `${label}: archive expands beyond ${maxTotal} bytes`);
    const raw = buf.subarray(start, start + csize);
    let data: Buffer;
    try {
      data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw, { maxOutputLength: usize + 1 }) : (() => { throw bad(`method ${method}`); })();
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw bad(`cannot inflate ${name}`);
    }
    if (data.length !== usize) throw bad(`size mismatch for ${name}`);
    yield { name, data };
  }
}
