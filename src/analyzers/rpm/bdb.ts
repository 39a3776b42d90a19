/**
 * Berkeley DB hash database reader (the `Packages` file of rpm ≤ 4.15: RHEL/CentOS 7-8, Amazon Linux 2).
 * Reads bucket pages directly: each holds key/data item pairs; data larger than a page fraction lives
 * in a chain of overflow pages. Keys are 4-byte package instance numbers; instance 0 is rpm's counter.
 * Layout: Berkeley DB 5.3 dbinc/db_page.h (PAGE header 26 bytes, HKEYDATA / HOFFPAGE items).
 */
import type { BlobRead } from './header.js';

const HASH_MAGIC = 0x061561;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;

export class BdbError extends Error {}

interface Reader {
  buf: Buffer;
  le: boolean;
  pageSize: number;
  lastPage: number;
}

const u32 = (r: Reader, o: number) => (r.le ? r.buf.readUInt32LE(o) : r.buf.readUInt32BE(o));
const u16 = (r: Reader, o: number) => (r.le ? r.buf.readUInt16LE(o) : r.buf.readUInt16BE(o));

function openMeta(buf: Buffer): Reader {
  if (buf.length < 512) throw new BdbError(`file of ${buf.length} bytes is too short for a Berkeley DB`);
  const le = buf.readUInt32LE(12) === HASH_MAGIC;
  if (!le && buf.readUInt32BE(12) !== HASH_MAGIC) throw new BdbError('not a Berkeley DB hash database (bad magic)');
  const r: Reader = { buf, le, pageSize: 0, lastPage: 0 };
  r.pageSize = u32(r, 20);
  if (r.pageSize < 512 || r.pageSize > 65536 || (r.pageSize & (r.pageSize - 1)) !== 0) throw new BdbError(`bad page size ${r.pageSize}`);
  if (buf[25] !== P_HASHMETA) throw new BdbError(`page 0 is type ${buf[25]}, not hash metadata`);
  r.lastPage = Math.min(u32(r, 32), Math.floor(buf.length / r.pageSize) - 1);
  return r;
}

/** Concatenates an overflow chain; `total` is the item length recorded in the HOFFPAGE entry. */
function readOverflow(r: Reader, first: number, total: number): Buffer {
  const parts: Buffer[] = [];
  let have = 0;
  const seen = new Set<number>();
  for (let pg = first; pg !== 0 && have < total; ) {
    if (pg > r.lastPage || seen.has(pg)) throw new BdbError(`overflow chain broken at page ${pg}`);
    seen.add(pg);
    const base = pg * r.pageSize;
    if (r.buf[base + 25] !== P_OVERFLOW) throw new BdbError(`page ${pg} in an overflow chain is type ${r.buf[base + 25]}`);
    const len = u16(r, base + 22);
    if (PAGE_HEADER + len > r.pageSize) throw new BdbError(`overflow page ${pg} claims ${len} bytes`);
    parts.push(r.buf.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len));
    have += len;
    pg = u32(r, base + 16);
  }
  if (have !== total) throw new BdbError(`overflow item is ${have} bytes, expected ${total}`);
  return Buffer.concat(parts, total);
}

/** The bytes of item `i` on the page at `base` (items fill the page from its end downwards). */
function item(r: Reader, base: number, offsets: number[], i: number): Buffer {
  const start = offsets[i];
  const end = i === 0 ? r.pageSize : offsets[i - 1];
  if (start < PAGE_HEADER || end > r.pageSize || start >= end) throw new BdbError(`bad item offset on page ${base / r.pageSize}`);
  return r.buf.subarray(base + start, base + end);
}

function value(r: Reader, raw: Buffer): Buffer | undefined {
  if (raw[0] === H_KEYDATA) return raw.subarray(1);
  if (raw[0] === H_OFFPAGE && raw.length >= 12) {
    return readOverflow(r, r.le ? raw.readUInt32LE(4) : raw.readUInt32BE(4), r.le ? raw.readUInt32LE(8) : raw.readUInt32BE(8));
  }
  return undefined;
}

function readPage(r: Reader, pg: number, out: BlobRead): void {
  const base = pg * r.pageSize;
  const n = u16(r, base + 20);
  const offsets = Array.from({ length: n }, (_, i) => u16(r, base + PAGE_HEADER + i * 2));
  for (let i = 0; i + 1 < n; i += 2) {
    try {
      const key = value(r, item(r, base, offsets, i));
      if (key?.length === 4 && (r.le ? key.readUInt32LE(0) : key.readUInt32BE(0)) === 0) continue;
      const data = value(r, item(r, base, offsets, i + 1));
      if (data) out.blobs.push(data);
      else out.problems.push(`unsupported item type on page ${pg}`);
    } catch (e) {
      out.problems.push((e as Error).message);
    }
  }
}

/** Every data item of every bucket page, skipping rpm's instance-0 counter record. */
export function readBdbHash(buf: Buffer): BlobRead {
  const r = openMeta(buf);
  const out: BlobRead = { blobs: [], problems: [] };
  let buckets = 0;
  for (let pg = 1; pg <= r.lastPage; pg++) {
    const type = buf[pg * r.pageSize + 25];
    if (type === P_HASH || type === P_HASH_UNSORTED) {
      buckets++;
      readPage(r, pg, out);
    }
  }
  // Even an empty hash database has a bucket page: none at all means the pages are damaged.
  if (!buckets) throw new BdbError('no hash bucket pages found');
  if (u32(r, 32) > r.lastPage) out.problems.push(`truncated: metadata names page ${u32(r, 32)}, file ends at page ${r.lastPage}`);
  return out;
}
