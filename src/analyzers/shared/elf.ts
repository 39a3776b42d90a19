/**
 * A minimal ELF reader over an in-memory file: header, section and program headers, section data by
 * name, and virtual-address reads through PT_LOAD segments. Everything is bounds-checked: a truncated
 * or hostile file throws `BulwarkError('CORRUPT_ARCHIVE')`, never reads out of range.
 */
import { BulwarkError } from '../../core/index.js';

export interface ElfSection { name: string; type: number; flags: number; addr: number; offset: number; size: number }
export interface ElfSegment { type: number; flags: number; offset: number; vaddr: number; filesz: number }
export interface ElfFile { bits: 32 | 64; littleEndian: boolean; sections: ElfSection[]; segments: ElfSegment[] }

const SHT_NOBITS = 8;
const PT_LOAD = 1;
const MAX_HEADERS = 65535;

export function isElf(buf: Buffer): boolean {
  return buf.length >= 16 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

function corrupt(what: string): never {
  throw new BulwarkError('CORRUPT_ARCHIVE', `ELF: ${what}`);
}

/** Little/big-endian readers for one file; 64-bit values beyond 2^53 are rejected as corrupt. */
function readers(buf: Buffer, le: boolean) {
  const check = (off: number, n: number) => { if (off < 0 || off + n > buf.length) corrupt(`truncated at offset ${off}`); };
  const u16 = (o: number) => (check(o, 2), le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (check(o, 4), le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o: number) => {
    check(o, 8);
    const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) corrupt(`value out of range at offset ${o}`);
    return Number(v);
  };
  return { u16, u32, u64 };
}

export function parseElf(buf: Buffer): ElfFile {
  if (!isElf(buf)) corrupt('bad magic');
  const bits = buf[4] === 2 ? 64 : buf[4] === 1 ? 32 : corrupt(`bad class ${buf[4]}`);
  const le = buf[5] === 1 ? true : buf[5] === 2 ? false : corrupt(`bad data encoding ${buf[5]}`);
  const { u16, u32, u64 } = readers(buf, le);
  const word = bits === 64 ? u64 : u32;
  const phoff = bits === 64 ? u64(0x20) : u32(0x1c);
  const shoff = bits === 64 ? u64(0x28) : u32(0x20);
  const h = bits === 64 ? 0x36 : 0x2a;
  const [phentsize, phnum, shentsize, shnum, shstrndx] = [u16(h), u16(h + 2), u16(h + 4), u16(h + 6), u16(h + 8)];
  if (phnum > MAX_HEADERS || shnum > MAX_HEADERS) corrupt('too many headers');
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum && phoff; i++) {
    const o = phoff + i * phentsize;
    segments.push(bits === 64
      ? { type: u32(o), flags: u32(o + 4), offset: u64(o + 8), vaddr: u64(o + 16), filesz: u64(o + 32) }
      : { type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), filesz: u32(o + 16), flags: u32(o + 24) });
  }
  const raw: Array<Omit<ElfSection, 'name'> & { nameOff: number }> = [];
  for (let i = 0; i < shnum && shoff; i++) {
    const o = shoff + i * shentsize;
    raw.push({ nameOff: u32(o), type: u32(o + 4), flags: word(o + 8), addr: word(o + (bits === 64 ? 16 : 12)), offset: word(o + (bits === 64 ? 24 : 16)), size: word(o + (bits === 64 ? 32 : 20)) });
  }
  // A section whose bytes lie past the end means the file was cut short (a partial copy or download).
  const cut = raw.find((s) => s.type !== SHT_NOBITS && s.offset + s.size > buf.length);
  if (cut) corrupt(`truncated: section data ends at ${cut.offset + cut.size}, file has ${buf.length} bytes`);
  const strtab = raw[shstrndx];
  const sections = raw.map(({ nameOff, ...s }) => {
    let name = '';
    if (strtab && strtab.type !== SHT_NOBITS && nameOff < strtab.size && strtab.offset + nameOff < buf.length) {
      const start = strtab.offset + nameOff;
      const end = buf.indexOf(0, start);
      name = buf.toString('latin1', start, end < 0 ? Math.min(buf.length, start + 256) : end);
    }
    return { name, ...s };
  });
  return { bits, littleEndian: le, sections, segments };
}

/** File bytes of a named section (undefined when absent or NOBITS); throws if it runs past the file. */
export function elfSection(buf: Buffer, elf: ElfFile, name: string): Buffer | undefined {
  const s = elf.sections.find((x) => x.name === name);
  if (!s || s.type === SHT_NOBITS) return undefined;
  if (s.offset + s.size > buf.length) corrupt(`section ${name} runs past the end of the file`);
  return buf.subarray(s.offset, s.offset + s.size);
}

/** `len` bytes at a virtual address, through the PT_LOAD segment that maps it. */
export function elfReadAddr(buf: Buffer, elf: ElfFile, addr: number, len: number): Buffer | undefined {
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || addr < seg.vaddr || addr + len > seg.vaddr + seg.filesz) continue;
    const off = seg.offset + (addr - seg.vaddr);
    return off + len <= buf.length ? buf.subarray(off, off + len) : undefined;
  }
  return undefined;
}

/** File data of writable PT_LOAD segments (where Go keeps build info when there is no section table). */
export function elfWritableData(buf: Buffer, elf: ElfFile): Buffer[] {
  return elf.segments
    .filter((s) => s.type === PT_LOAD && (s.flags & 2) !== 0 && s.offset < buf.length)
    .map((s) => buf.subarray(s.offset, Math.min(buf.length, s.offset + s.filesz)));
}
