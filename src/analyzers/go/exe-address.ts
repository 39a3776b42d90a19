/**
 * Virtual address → file bytes for PE and Mach-O executables, as Go's debug/buildinfo reads them:
 * pre-1.18 build info stores pointers (virtual addresses) to the version and module strings, so the
 * reader has to find which section (PE) or segment (Mach-O) holds an address. Every read is bounds-checked;
 * an address outside the mapped ranges gives undefined.
 */
import type { ByteSource } from '../contract.js';

/** One mapped range: [addr, addr + size) in memory is [offset, offset + size) in the file. */
interface Range { addr: number; size: number; offset: number }

export type AddressReader = (addr: number, length: number) => Buffer | undefined;

function reader(src: ByteSource, ranges: Range[]): AddressReader {
  return (addr, length) => {
    const r = ranges.find((x) => addr >= x.addr && addr + length <= x.addr + x.size);
    if (!r) return undefined;
    const off = r.offset + (addr - r.addr);
    return off + length <= src.size ? src.read(off, length) : undefined;
  };
}

const u64 = (b: Buffer, o: number, le: boolean): number => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));

/** PE: sections by VirtualAddress + ImageBase, raw data at PointerToRawData (SizeOfRawData bytes). */
export function peAddressReader(src: ByteSource): AddressReader | undefined {
  if (src.size < 0x40) return undefined;
  const pe = src.read(0x3c, 4).readUInt32LE(0);
  if (pe + 24 > src.size || src.read(pe, 4).toString('latin1') !== 'PE\0\0') return undefined;
  const coff = src.read(pe + 4, 20);
  const nsects = coff.readUInt16LE(2);
  const optSize = coff.readUInt16LE(16);
  const opt = pe + 24;
  if (opt + optSize > src.size || optSize < 32) return undefined;
  const o = src.read(opt, Math.min(optSize, 32));
  const imageBase = o.readUInt16LE(0) === 0x20b ? u64(o, 24, true) : o.readUInt32LE(28);
  const table = opt + optSize;
  if (table + nsects * 40 > src.size) return undefined;
  const ranges: Range[] = [];
  for (let i = 0; i < nsects; i++) {
    const s = src.read(table + i * 40, 40);
    ranges.push({ addr: imageBase + s.readUInt32LE(12), size: s.readUInt32LE(16), offset: s.readUInt32LE(20) });
  }
  return reader(src, ranges);
}

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;

/** Mach-O (thin, 32/64-bit, either byte order): LC_SEGMENT(_64) vmaddr → fileoff, filesize bytes. */
export function machoAddressReader(src: ByteSource): AddressReader | undefined {
  if (src.size < 28) return undefined;
  const magicLE = src.read(0, 4).readUInt32LE(0);
  const le = magicLE === 0xfeedface || magicLE === 0xfeedfacf;
  const magic = le ? magicLE : src.read(0, 4).readUInt32BE(0);
  if (magic !== 0xfeedface && magic !== 0xfeedfacf) return undefined;
  const is64 = magic === 0xfeedfacf;
  const hdr = src.read(0, 28);
  const ncmds = le ? hdr.readUInt32LE(16) : hdr.readUInt32BE(16);
  const u32 = (b: Buffer, off: number) => (le ? b.readUInt32LE(off) : b.readUInt32BE(off));
  const ranges: Range[] = [];
  let p = is64 ? 32 : 28;
  for (let i = 0; i < ncmds && p + 8 <= src.size; i++) {
    const head = src.read(p, 8);
    const cmd = u32(head, 0);
    const size = u32(head, 4);
    if (size < 8 || p + size > src.size) return undefined;
    if (cmd === LC_SEGMENT_64 && size >= 72) {
      const c = src.read(p, 72);
      ranges.push({ addr: u64(c, 24, le), size: u64(c, 48, le), offset: u64(c, 40, le) });
    } else if (cmd === LC_SEGMENT && size >= 56) {
      const c = src.read(p, 56);
      ranges.push({ addr: u32(c, 24), size: u32(c, 36), offset: u32(c, 32) });
    }
    p += size;
  }
  return reader(src, ranges.filter((r) => r.size > 0));
}
