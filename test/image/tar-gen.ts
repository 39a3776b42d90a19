/** Hand-made tar streams for hostile-input tests: names tar-stream refuses to write, huge lazy entries. */
import { Readable } from 'node:stream';

/** One ustar header block (name ≤ 100 bytes). */
export function tarHeader(name: string, size: number, type: '0' | '1' | '2' | '5' = '0', linkname = ''): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(size.toString(8).padStart(11, '0') + '\0', 124);
  b.write('00000000000\0', 136);
  b.write('        ', 148);
  b.write(type, 156);
  b.write(linkname, 157, 100, 'utf8');
  b.write('ustar\0', 257);
  b.write('00', 263);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return b;
}

export function tarFile(name: string, content: Buffer | string): Buffer {
  const body = Buffer.from(content);
  const pad = (512 - (body.length % 512)) % 512;
  return Buffer.concat([tarHeader(name, body.length), body, Buffer.alloc(pad)]);
}

export const TAR_END = Buffer.alloc(1024);

/** A tar holding one file of `size` zero bytes, produced lazily (never held in memory). */
export function lazyZeroTar(name: string, size: number, chunk = 1 << 20): Readable {
  const zeros = Buffer.alloc(chunk);
  let left = size;
  let stage = 0;
  return new Readable({
    read() {
      if (stage === 0) { stage = 1; this.push(tarHeader(name, size)); return; }
      if (left > 0) {
        const n = Math.min(left, chunk);
        left -= n;
        this.push(n === chunk ? zeros : zeros.subarray(0, n));
        return;
      }
      if (stage === 1) { stage = 2; this.push(Buffer.concat([Buffer.alloc((512 - (size % 512)) % 512), TAR_END])); return; }
      this.push(null);
    },
  });
}
