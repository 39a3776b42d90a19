/**
 * A minimal ELF reader over a ByteSource (or a Buffer): header, section and program headers, section
 * data by name, and virtual-address reads through PT_LOAD segments. It reads only those ranges, so a
 * 100 MB binary costs a few KB of I/O. Everything is bounds-checked: a truncated or hostile file throws
 * `BulwarkError('CORRUPT_ARCHIVE')`, never reads out of range.
 */
import { BulwarkError } from '../../core/index.js';
import { bufferSource, type ByteSource } from '../contract.js';

/** Buffers are wrapped, so callers (and tests) may pass either. */
export type ElfInput = Buffer | ByteSource;
const asSource = (x: ElfInput): ByteSource => (Buffer.isBuffer(x) ? bufferSource(x) : x);
/** The section name table is read whole; real ones are a few KB. */
const MAX_SHSTRTAB = 1024 * 1024;

export interface ElfSection { name: string; type: number; flags: number; addr: number; offset: number; size: number }
export interface ElfSegment { type: number; flags: number; offset: number; vaddr: number; filesz: number }
export interface ElfFile { bits: 32 | 64; littleEndian: boolean; sections: ElfSection[]; segments: ElfSegment[] }

const SHT_NOBITS = 8;
const PT_LOAD = 1;
const MAX_HEADERS = 65535;

export function isElf(input: ElfInput): boolean {
  const src = asSource(input);
  if (src.size < 16) return false;
  const buf = src.read(0, 4);
  return buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

function corrupt(what: string): never {
  throw new BulwarkError('CORRUPT_ARCHIVE', `ELF: ${what}`);
}

/** Little/big-endian readers over one buffer holding bytes [base, base + buf.length) of the file. */
function readers(buf: Buffer, le: boolean, base = 0) {
  const at = (o: number, n: number) => {
    const i = o - base;
    if (i < 0 || i + n > buf.length) corrupt(`truncated at offset ${o}`);
    return i;
  };
  const u16 = (o: number) => { const i = at(o, 2); return le ? buf.readUInt16LE(i) : buf.readUInt16BE(i); };
  const u32 = (o: number) => { const i = at(o, 4); return le ? buf.readUInt32LE(i) : buf.readUInt32BE(i); };
  const u64 = (o: number) => {
    // Two 32-bit halves, not readBigUInt64: no BigInt per field (thousands per binary).
    const i = at(o, 8);
    const hi = le ? buf.readUInt32LE(i + 4) : buf.readUInt32BE(i);
    const lo = le ? buf.readUInt32LE(i) : buf.readUInt32BE(i + 4);
    if (hi >= 0x200000) corrupt(`value out of range at offset ${o}`);
    return hi * 0x100000000 + lo;
  };
  return { u16, u32, u64 };
}

/** `len` bytes at `off`, or CORRUPT_ARCHIVE naming what was cut short. */
function readRange(src: ByteSource, off: number, len: number, what: string): Buffer {
  if (off < 0 || len < 0 || off + len > src.size) corrupt(`truncated: ${what} ends at ${off + len}, file has ${src.size} bytes`);
  return src.read(off, len);
}

/**
 * The ELF header, the section header table and the section name table: enough to find a section by
 * name. Read once per source (the Go and Rust analyzers look at the same binary).
 */
interface ElfIndex {
  bits: 32 | 64;
  le: boolean;
  phoff: number;
  phnum: number;
  phentsize: number;
  shoff: number;
  shnum: number;
  shentsize: number;
  /** Readers over the section header table (empty when the file has none). */
  table: ReturnType<typeof readers>;
  names?: Buffer;
}
type RawSection = Omit<ElfSection, 'name'> & { nameOff: number };
const indexes = new WeakMap<ByteSource, ElfIndex>();
const parsed = new WeakMap<ByteSource, ElfFile>();

function sectionHeader(ix: ElfIndex, i: number): RawSection {
  const o = ix.shoff + i * ix.shentsize;
  const { u32, u64 } = ix.table;
  const word = ix.bits === 64 ? u64 : u32;
  return { nameOff: u32(o), type: u32(o + 4), flags: word(o + 8), addr: word(o + (ix.bits === 64 ? 16 : 12)), offset: word(o + (ix.bits === 64 ? 24 : 16)), size: word(o + (ix.bits === 64 ? 32 : 20)) };
}

function elfIndex(src: ByteSource): ElfIndex {
  let ix = indexes.get(src);
  if (ix) return ix;
  if (!isElf(src)) corrupt('bad magic');
  const head = src.read(0, Math.min(src.size, 64));
  const bits = head[4] === 2 ? 64 : head[4] === 1 ? 32 : corrupt(`bad class ${head[4]}`);
  const le = head[5] === 1 ? true : head[5] === 2 ? false : corrupt(`bad data encoding ${head[5]}`);
  const { u16, u32, u64 } = readers(head, le);
  const h = bits === 64 ? 0x36 : 0x2a;
  const shoff = bits === 64 ? u64(0x28) : u32(0x20);
  const [phentsize, phnum, shentsize, shnum, shstrndx] = [u16(h), u16(h + 2), u16(h + 4), u16(h + 6), u16(h + 8)];
  if (phnum > MAX_HEADERS || shnum > MAX_HEADERS) corrupt('too many headers');
  const hasTable = shoff !== 0 && shnum !== 0;
  ix = {
    bits, le, phoff: bits === 64 ? u64(0x20) : u32(0x1c), phnum, phentsize, shoff, shnum: hasTable ? shnum : 0, shentsize,
    table: readers(hasTable ? readRange(src, shoff, shnum * shentsize, 'section headers') : Buffer.alloc(0), le, shoff),
  };
  const strtab = shstrndx < ix.shnum ? sectionHeader(ix, shstrndx) : undefined;
  if (strtab && strtab.type !== SHT_NOBITS) ix.names = readRange(src, strtab.offset, Math.min(strtab.size, MAX_SHSTRTAB), 'section names');
  indexes.set(src, ix);
  return ix;
}

/** Every section and segment (tests, and Go's fallbacks that need the program headers). */
export function parseElf(input: ElfInput): ElfFile {
  const src = asSource(input);
  let elf = parsed.get(src);
  if (elf) return elf;
  const ix = elfIndex(src);
  const segments: ElfSegment[] = [];
  if (ix.phoff && ix.phnum) {
    const { u32, u64 } = readers(readRange(src, ix.phoff, ix.phnum * ix.phentsize, 'program headers'), ix.le, ix.phoff);
    for (let i = 0; i < ix.phnum; i++) {
      const o = ix.phoff + i * ix.phentsize;
      segments.push(ix.bits === 64
        ? { type: u32(o), flags: u32(o + 4), offset: u64(o + 8), vaddr: u64(o + 16), filesz: u64(o + 32) }
        : { type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), filesz: u32(o + 16), flags: u32(o + 24) });
    }
  }
  const raw = Array.from({ length: ix.shnum }, (_, i) => sectionHeader(ix, i));
  // A section whose bytes lie past the end means the file was cut short (a partial copy or download).
  const cut = raw.find((s) => s.type !== SHT_NOBITS && s.offset + s.size > src.size);
  if (cut) corrupt(`truncated: section data ends at ${cut.offset + cut.size}, file has ${src.size} bytes`);
  const { names } = ix;
  const sections = raw.map(({ nameOff, ...s }) => {
    let name = '';
    if (names && nameOff < names.length) {
      const end = names.indexOf(0, nameOff);
      name = names.toString('latin1', nameOff, end < 0 ? Math.min(names.length, nameOff + 256) : end);
    }
    return { name, ...s };
  });
  elf = { bits: ix.bits, littleEndian: ix.le, sections, segments };
  parsed.set(src, elf);
  return elf;
}

/**
 * One section by name without decoding the whole header table: the name table is searched first, so
 * a binary without that section (nearly all of them) costs a header and one small read.
 */
export function findElfSection(input: ElfInput, name: string): ElfSection | undefined {
  const src = asSource(input);
  const ix = elfIndex(src);
  if (!ix.names) return undefined;
  const needle = Buffer.from(`${name}\0`, 'latin1');
  const offsets = new Set<number>();
  for (let p = ix.names.indexOf(needle); p >= 0; p = ix.names.indexOf(needle, p + 1)) offsets.add(p);
  if (!offsets.size) return undefined;
  for (let i = 0; i < ix.shnum; i++) {
    const { nameOff, ...s } = sectionHeader(ix, i);
    if (!offsets.has(nameOff)) continue;
    if (s.type !== SHT_NOBITS && s.offset + s.size > src.size) corrupt(`truncated: section ${name} ends at ${s.offset + s.size}, file has ${src.size} bytes`);
    return { name, ...s };
  }
  return undefined;
}

/** True when the file has a section header table (stripped-of-sections binaries have none). */
export function elfHasSections(input: ElfInput): boolean {
  return elfIndex(asSource(input)).shnum !== 0;
}

/** Bytes of a section found with findElfSection (undefined for NOBITS). */
export function sectionData(input: ElfInput, s: ElfSection): Buffer | undefined {
  return s.type === SHT_NOBITS ? undefined : asSource(input).read(s.offset, s.size);
}

/** File bytes of a named section (undefined when absent or NOBITS); throws if it runs past the file. */
export function elfSection(input: ElfInput, elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => x.name === name);
  if (!s || s.type === SHT_NOBITS) return undefined;
  const src = asSource(input);
  if (s.offset + s.size > src.size) corrupt(`section ${name} runs past the end of the file`);
  return src.read(s.offset, s.size);
}

/** `len` bytes at a virtual address, through the PT_LOAD segment that maps it. */
export function elfReadAddr(input: ElfInput, elf: ElfFile, addr: number, len: number): Buffer | undefined {
  const src = asSource(input);
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || addr < seg.vaddr || addr + len > seg.vaddr + seg.filesz) continue;
    const off = seg.offset + (addr - seg.vaddr);
    return off + len <= src.size ? src.read(off, len) : undefined;
  }
  return undefined;
}

/** File data of writable PT_LOAD segments (where Go keeps build info when there is no section table). */
export function elfWritableData(input: ElfInput, elf: ElfFile): Buffer[] {
  const src = asSource(input);
  return elf.segments
    .filter((s) => s.type === PT_LOAD && (s.flags & 2) !== 0 && s.offset < src.size)
    .map((s) => src.read(s.offset, Math.min(src.size, s.offset + s.filesz) - s.offset));
}
