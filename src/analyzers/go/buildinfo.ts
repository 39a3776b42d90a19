/**
 * Go build info embedded in binaries (what `go version -m` prints), following debug/buildinfo:
 * a 32-byte header starting `\xff Go buildinf:` holds the pointer size and flags; Go ≥1.18 stores the
 * toolchain version and module info inline as varint-prefixed strings, older Go stores pointers to
 * Go string headers that are followed through the ELF load segments.
 */
import { BulwarkError } from '../../core/index.js';
import { bufferSource, type ByteSource } from '../contract.js';
import { elfHasSections, elfReadAddr, elfWritableData, findElfSection, isElf, parseElf, sectionData, type ElfInput } from '../shared/elf.js';
import { machoAddressReader, peAddressReader, type AddressReader } from './exe-address.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE = 0x2;
const MAX_STRING = 16 * 1024 * 1024;
/** PE/Mach-O files are searched whole (no section reader for them yet): up to this size. */
const MAX_SCAN = 256 * 1024 * 1024;

export interface RawBuildInfo { goVersion: string; modinfo: string }
interface RawBytes { goVersion: Buffer; modinfo: Buffer }

function uvarint(buf: Buffer, off: number): [number, number] {
  let x = 0;
  let shift = 0;
  for (let i = off; i < buf.length && i < off + 10; i++) {
    const b = buf[i];
    x += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [x, i + 1];
    shift += 7;
  }
  throw new BulwarkError('CORRUPT_ARCHIVE', 'Go build info: bad varint');
}

function inlineStrings(data: Buffer): RawBytes {
  const [vlen, p1] = uvarint(data, 32);
  const [mlen, p2] = uvarint(data, p1 + vlen);
  if (p1 + vlen > data.length || p2 + mlen > data.length || vlen > MAX_STRING || mlen > MAX_STRING) throw new BulwarkError('CORRUPT_ARCHIVE', 'Go build info: string runs past the data');
  return { goVersion: data.subarray(p1, p1 + vlen), modinfo: data.subarray(p2, p2 + mlen) };
}

/** Pre-1.18 layout: two pointers to Go string headers {data *byte, len int}, read through `at`. */
function pointerStrings(at: AddressReader, data: Buffer): RawBytes {
  const ptrSize = data[14];
  const big = (data[15] & FLAG_BIG_ENDIAN) !== 0;
  if (ptrSize !== 4 && ptrSize !== 8) throw new BulwarkError('CORRUPT_ARCHIVE', `Go build info: pointer size ${ptrSize}`);
  const ptr = (b: Buffer, o: number): number => {
    if (ptrSize === 4) return big ? b.readUInt32BE(o) : b.readUInt32LE(o);
    return Number(big ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o));
  };
  const str = (addr: number): Buffer => {
    const hdr = at(addr, ptrSize * 2);
    if (!hdr) throw new BulwarkError('CORRUPT_ARCHIVE', 'Go build info: string header not mapped');
    const len = ptr(hdr, ptrSize);
    if (len > MAX_STRING) throw new BulwarkError('CORRUPT_ARCHIVE', 'Go build info: string too long');
    const bytes = len ? at(ptr(hdr, 0), len) : Buffer.alloc(0);
    if (!bytes) throw new BulwarkError('CORRUPT_ARCHIVE', 'Go build info: string data not mapped');
    return bytes;
  };
  return { goVersion: str(ptr(data, 16)), modinfo: str(ptr(data, 16 + ptrSize)) };
}

/** The build info header found in `region`, aligned to 16 bytes relative to the region as Go writes it. */
function findIn(region: Buffer, aligned: boolean): Buffer | undefined {
  for (let i = region.indexOf(MAGIC); i >= 0; i = region.indexOf(MAGIC, i + 1)) {
    if ((!aligned || i % 16 === 0) && i + 32 <= region.length) return region.subarray(i);
  }
  return undefined;
}

/**
 * Go's own reader falls back to the first writable segment when there is no `.go.buildinfo` section.
 * That matters for binaries whose section table was removed; one that still has sections but neither
 * `.go.buildinfo` nor Go's `.gopclntab`/`.note.go.buildid` is not Go, and its data is not searched.
 */
function mayBeGoWithoutBuildinfoSection(src: ByteSource): boolean {
  if (!elfHasSections(src)) return true;
  return Boolean(findElfSection(src, '.gopclntab') ?? findElfSection(src, '.note.go.buildid'));
}

/**
 * Build info of an executable, or undefined when it has none (not Go, or built without module
 * support). ELF: the `.go.buildinfo` section (else writable segments). Mach-O/PE: the header is found
 * by scanning the file; the pre-1.18 pointer format is then read through their sections/segments.
 */
export function readBuildInfo(input: ElfInput): RawBuildInfo | undefined {
  const src = Buffer.isBuffer(input) ? bufferSource(input) : input;
  let data: Buffer | undefined;
  let at: (() => AddressReader | undefined) | undefined;
  if (isElf(src)) {
    const sec = findElfSection(src, '.go.buildinfo');
    let elf = undefined as ReturnType<typeof parseElf> | undefined;
    if (sec) {
      const bytes = sectionData(src, sec);
      data = bytes && findIn(bytes, true);
    } else if (mayBeGoWithoutBuildinfoSection(src)) {
      elf = parseElf(src);
      data = elfWritableData(src, elf).map((r) => findIn(r, true)).find(Boolean);
    }
    at = () => { const e = elf ?? parseElf(src); return (addr, len) => elfReadAddr(src, e, addr, len); };
  } else {
    if (src.size > MAX_SCAN) throw new BulwarkError('LIMIT_EXCEEDED', `${src.size} bytes: non-ELF binaries are searched for Go build info up to ${MAX_SCAN} bytes`);
    data = findIn(src.read(0, src.size), false);
    at = () => peAddressReader(src) ?? machoAddressReader(src);
  }
  if (!data) return undefined;
  let raw: RawBytes | undefined;
  if ((data[15] & FLAG_INLINE) !== 0) raw = inlineStrings(data);
  else { const reader = at(); raw = reader ? pointerStrings(reader, data) : undefined; }
  if (!raw) return undefined;
  // modinfo is wrapped in 16-byte sentinels (cmd/go's infoStart/infoEnd).
  const m = raw.modinfo;
  const mod = m.length >= 33 && m[m.length - 17] === 0x0a ? m.subarray(16, m.length - 16) : m;
  return { goVersion: raw.goVersion.toString('utf8'), modinfo: mod.toString('utf8') };
}
