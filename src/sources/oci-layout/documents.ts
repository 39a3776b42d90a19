/**
 * Image documents shared by the on-disk sources: verified JSON reads, config → layers/platform.
 * Media types, digests, platforms and config parsing come from `oci/` (shared with the registry source).
 */
import { BulwarkError, type OciImageConfig, type Platform } from '../../core/index.js';
import { layerCompression, layerCreatedBy, parseImageConfig, verifyDigest } from '../../oci/index.js';
import type { Compression, SourceLayer } from '../contract.js';
import type { BlobStore } from './blob-store.js';

/** A descriptor as found on disk: fields are optional until checked. */
export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export function parseJson<T>(data: Buffer, what: string): T {
  try {
    const v = JSON.parse(data.toString('utf8')) as unknown;
    if (!v || typeof v !== 'object') throw new Error('not a JSON object');
    return v as T;
  } catch (err) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: invalid JSON (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

export function blobName(digest: string): string {
  const m = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest);
  if (!m) throw new BulwarkError('MALFORMED_DOCUMENT', `invalid digest ${JSON.stringify(digest)}`);
  return `blobs/${m[1]}/${m[2]}`;
}

/**
 * A descriptor's `size` must be the blob's size, as distribution checks it: the digest alone would let
 * a descriptor lie about how much a reader is to expect (a smaller size passes naive length-capped reads).
 */
export function checkDescriptorSize(store: BlobStore, d: Pick<Descriptor, 'digest' | 'size'>, what: string): void {
  if (d.size === undefined) return;
  const actual = store.size(blobName(d.digest));
  if (actual === undefined) return; // missing blobs are reported by whoever reads them
  if (!Number.isSafeInteger(d.size) || d.size < 0 || d.size !== actual) {
    throw new BulwarkError('DIGEST_MISMATCH', `${store.label}: ${what} ${d.digest} is ${actual} bytes, its descriptor says ${JSON.stringify(d.size)}`);
  }
}

/** Reads a blob by descriptor and checks the bytes hash to its digest and match its declared size. */
export async function readVerified(store: BlobStore, d: Pick<Descriptor, 'digest' | 'size'>, what: string): Promise<Buffer> {
  const name = blobName(d.digest);
  if (!store.has(name)) throw new BulwarkError('CORRUPT_ARCHIVE', `${store.label}: ${what} ${d.digest} is missing`);
  checkDescriptorSize(store, d, what);
  const data = await store.read(name);
  verifyDigest(data, d.digest, `${store.label}: ${what}`);
  return data;
}

export function platformOfConfig(config: OciImageConfig): Platform {
  return { os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown', ...(config.variant ? { variant: config.variant } : {}) };
}

/** Parses a config and checks its diff_ids against the layer count. */
export function parseConfig(data: Buffer, layerCount: number, what: string): OciImageConfig {
  return parseImageConfig(data, layerCount, what);
}

/** Builds the source layers from blob descriptors and the config's diff_ids. */
export function toSourceLayers(blobs: Array<{ digest: string; size: number; mediaType: string; compression?: Compression }>, config: OciImageConfig): SourceLayer[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  const createdBy = layerCreatedBy(config, blobs.length);
  return blobs.map((b, index) => ({
    index, digest: b.digest, diffId: diffIds[index], size: b.size, mediaType: b.mediaType,
    compression: b.compression ?? layerCompression(b.mediaType),
    ...(createdBy[index] ? { createdBy: createdBy[index] } : {}),
  }));
}
