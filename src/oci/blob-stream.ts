/** Guards for streamed blobs: never more bytes than the descriptor says, and optionally the digest. */
import { Transform, type TransformCallback } from 'node:stream';
import { BulwarkError } from '../core/index.js';
import { hasherFor } from './digest.js';

export interface BlobGuardOptions {
  /** Expected size in bytes; more is an error, and so is less at the end. */
  size?: number;
  /** When set, the stream errors with DIGEST_MISMATCH at the end unless the bytes hash to it. */
  verifyDigest?: string;
  /** Names the blob in error messages. */
  what: string;
}

/** A pass-through that counts (and optionally hashes) bytes, failing the stream on any mismatch. */
export function blobGuard(o: BlobGuardOptions): Transform {
  let n = 0;
  const hash = o.verifyDigest ? hasherFor(o.verifyDigest) : undefined;
  return new Transform({
    // Socket reads arrive in ~64 KiB chunks; the default 16 KiB buffer would pause the socket on every one.
    highWaterMark: 1024 * 1024,
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      n += chunk.length;
      if (o.size !== undefined && n > o.size) {
        cb(new BulwarkError('DIGEST_MISMATCH', `${o.what}: registry sent more than the ${o.size} bytes the manifest declares`));
        return;
      }
      hash?.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (o.size !== undefined && n !== o.size) {
        cb(new BulwarkError('DIGEST_MISMATCH', `${o.what}: got ${n} bytes, the manifest declares ${o.size}`));
        return;
      }
      if (hash && o.verifyDigest) {
        const actual = `${o.verifyDigest.split(':', 1)[0]}:${hash.digest('hex')}`;
        if (actual !== o.verifyDigest) {
          cb(new BulwarkError('DIGEST_MISMATCH', `${o.what}: expected digest ${o.verifyDigest}, got ${actual}`));
          return;
        }
      }
      cb();
    },
  });
}
