/** Which compression a layer blob uses, from its first bytes (media types lie; magic numbers do not). */
import type { Compression } from '../core/index.js';

/** gzip (RFC 1952 magic 1f 8b), zstd (frame magic 28 b5 2f fd), else uncompressed. `head` needs ≥ 4 bytes. */
export function sniffCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}
