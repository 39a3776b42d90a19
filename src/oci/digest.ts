/** Content digests (`algorithm:encoded`) as the OCI image spec defines them. */
import { createHash, type Hash } from 'node:crypto';
import { BulwarkError } from '../core/index.js';

const GENERIC = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const ENCODED: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

/** True for a well-formed digest; registered algorithms must also have the right encoded length. */
export function isValidDigest(d: string): boolean {
  if (!GENERIC.test(d)) return false;
  const [alg, enc] = d.split(':', 2);
  const re = ENCODED[alg];
  return re ? re.test(enc) : true;
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A hash for the digest's algorithm; throws UNSUPPORTED_MEDIA_TYPE for algorithms we cannot verify. */
export function hasherFor(digest: string): Hash {
  const alg = digest.split(':', 1)[0];
  if (alg !== 'sha256' && alg !== 'sha512') {
    throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `unsupported digest algorithm "${alg}"`);
  }
  return createHash(alg);
}

/** Digest of `data` computed with the algorithm of `expected`. */
export function digestOf(data: Buffer, expected: string): string {
  return `${expected.split(':', 1)[0]}:${hasherFor(expected).update(data).digest('hex')}`;
}

/** Throws DIGEST_MISMATCH when `data` does not hash to `expected`. */
export function verifyDigest(data: Buffer, expected: string, what: string): void {
  const actual = digestOf(data, expected);
  if (actual !== expected) {
    throw new BulwarkError('DIGEST_MISMATCH', `${what}: expected digest ${expected}, got ${actual}`);
  }
}
