/** Decompressors for layer blobs: gzip (node:zlib), zstd (fzstd streaming), none. */
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type * as FzstdModule from 'fzstd';
import { lazy } from '../core/index.js';

const fzstd = lazy<typeof FzstdModule>('fzstd');
import type { Compression } from '../core/index.js';

/** Larger than zlib's 16 KiB default: fewer, bigger chunks through hashing and tar parsing. */
export const INFLATE_CHUNK = 256 * 1024;

function zstdError(e: unknown): Error {
  return Object.assign(new Error(e instanceof Error ? e.message : String(e)), { code: 'ZSTD_ERROR' });
}

class ZstdInflate extends Transform {
  private readonly d = new (fzstd().Decompress)((data) => {
    // fzstd may reuse its window buffer: copy before handing the bytes on.
    this.push(Buffer.from(data));
  });

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.d.push(chunk);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      this.d.push(new Uint8Array(0), true);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }
}

export function inflater(c: Compression): Transform | undefined {
  if (c === 'gzip') return createGunzip({ chunkSize: INFLATE_CHUNK });
  if (c === 'zstd') return new ZstdInflate();
  return undefined;
}
