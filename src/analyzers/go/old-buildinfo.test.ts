// Pre-1.18 Go build info in PE and Mach-O, built byte by byte from the layout Go's debug/buildinfo reads
// (`\xff Go buildinf:`, pointer size, flags without the inline bit, then two pointers to Go string
// headers {data, len}); real Go 1.17 PE/Mach-O binaries are checked against `go version -m` in
// test/language/go-binaries.test.ts (esbuild from the npm registry). These run offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goBinaryPackages } from './binary.js';

const LAYER = { index: 0, digest: '', diffId: '' };
const MODINFO = 'path\texample.com/old/cmd\nmod\texample.com/old\t(devel)\t\ndep\tgolang.org/x/text\tv0.3.7\th1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=\n';
// cmd/go wraps modinfo in 16-byte sentinels.
const SENTINEL_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const SENTINEL_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/** The data block at virtual address `va`: header, two string headers, then the string bytes. */
function buildinfoBlock(va: bigint, ptrSize: 4 | 8): Buffer {
  const version = Buffer.from('go1.16.15');
  const mod = Buffer.concat([SENTINEL_START, Buffer.from(MODINFO), SENTINEL_END]);
  const hdrAt = 32n;
  const strAt = hdrAt + BigInt(4 * ptrSize);
  const out = Buffer.alloc(Number(strAt) + version.length + mod.length + 16);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(out, 0);
  out[14] = ptrSize;
  out[15] = 0; // little-endian, pointer format
  const put = (off: number, v: bigint) => (ptrSize === 8 ? out.writeBigUInt64LE(v, off) : out.writeUInt32LE(Number(v), off));
  put(16, va + hdrAt);
  put(16 + ptrSize, va + hdrAt + BigInt(2 * ptrSize));
  put(Number(hdrAt), va + strAt);
  put(Number(hdrAt) + ptrSize, BigInt(version.length));
  put(Number(hdrAt) + 2 * ptrSize, va + strAt + BigInt(version.length));
  put(Number(hdrAt) + 3 * ptrSize, BigInt(mod.length));
  version.copy(out, Number(strAt));
  mod.copy(out, Number(strAt) + version.length);
  return out;
}

/** PE32+ (or PE32): DOS stub, COFF header, optional header with ImageBase, one `.data` section. */
function pe(is64: boolean): Buffer {
  const imageBase = is64 ? 0x140000000n : 0x400000n;
  const file = Buffer.alloc(0x1000);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  file.writeUInt16LE(is64 ? 0x8664 : 0x14c, 0x84);
  file.writeUInt16LE(1, 0x86); // one section
  const optSize = is64 ? 240 : 224;
  file.writeUInt16LE(optSize, 0x94);
  const opt = 0x98;
  file.writeUInt16LE(is64 ? 0x20b : 0x10b, opt);
  if (is64) file.writeBigUInt64LE(imageBase, opt + 24);
  else file.writeUInt32LE(Number(imageBase), opt + 28);
  const sec = opt + optSize;
  file.write('.data', sec, 'latin1');
  file.writeUInt32LE(0x200, sec + 8);
  file.writeUInt32LE(0x2000, sec + 12); // VirtualAddress
  file.writeUInt32LE(0x400, sec + 16); // SizeOfRawData
  file.writeUInt32LE(0x400, sec + 20); // PointerToRawData
  file.writeUInt32LE(0xc0000040, sec + 36);
  buildinfoBlock(imageBase + 0x2000n, is64 ? 8 : 4).copy(file, 0x400);
  return file;
}

/** Mach-O 64-bit x86_64 with one `__DATA` LC_SEGMENT_64 (rw-). */
function macho(): Buffer {
  const file = Buffer.alloc(0x1000);
  file.writeUInt32LE(0xfeedfacf, 0);
  file.writeUInt32LE(0x01000007, 4);
  file.writeUInt32LE(3, 8);
  file.writeUInt32LE(2, 12); // MH_EXECUTE
  file.writeUInt32LE(1, 16); // ncmds
  file.writeUInt32LE(72, 20);
  file.writeUInt32LE(0x19, 32); // LC_SEGMENT_64
  file.writeUInt32LE(72, 36);
  file.write('__DATA', 40, 'latin1');
  file.writeBigUInt64LE(0x100004000n, 56); // vmaddr
  file.writeBigUInt64LE(0x1000n, 64); // vmsize
  file.writeBigUInt64LE(0x800n, 72); // fileoff
  file.writeBigUInt64LE(0x400n, 80); // filesize
  file.writeUInt32LE(3, 88);
  file.writeUInt32LE(3, 92);
  buildinfoBlock(0x100004000n, 8).copy(file, 0x800);
  return file;
}

for (const [name, bin] of [['PE32+', pe(true)], ['PE32', pe(false)], ['Mach-O 64', macho()]] as const) {
  test(`go-binary: pre-1.18 pointer-format build info in ${name}`, () => {
    const got = goBinaryPackages({ path: 'app', layer: LAYER }, bin).map((p) => `${p.name}@${p.version} ${p.type}`);
    assert.deepEqual(got, ['example.com/old@(devel) application', 'golang.org/x/text@v0.3.7 library', 'stdlib@1.16.15 library']);
    const main = goBinaryPackages({ path: 'app', layer: LAYER }, bin)[0];
    assert.deepEqual(main.nonRegistry, { kind: 'local' }, 'a (devel) main module is local code');
  });
}

test('go-binary: a pointer into no section of a PE is a corrupt-file error, not a crash', () => {
  const bin = pe(true);
  bin.writeBigUInt64LE(0x7fff0000n, 0x400 + 16);
  assert.throws(() => goBinaryPackages({ path: 'app', layer: LAYER }, bin), /string header not mapped/);
});
