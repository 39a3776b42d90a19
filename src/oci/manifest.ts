/** Manifest, index and config documents: types plus validators that turn raw bytes into trusted shapes. */
import { BulwarkError, type OciImageConfig, type Platform } from '../core/index.js';
import { isValidDigest } from './digest.js';
import { INDEX_TYPES, MANIFEST_TYPES, SCHEMA1_TYPES, baseMediaType } from './media-types.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform & { 'os.version'?: string; 'os.features'?: string[] };
  annotations?: Record<string, string>;
  urls?: string[];
  artifactType?: string;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type ManifestDocument =
  | { kind: 'manifest'; mediaType: string; manifest: ImageManifest }
  | { kind: 'index'; mediaType: string; index: ImageIndex };

/** Registries refuse manifests above 4 MiB (distribution's limit); we refuse to read more. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function malformed(what: string, why: string): BulwarkError {
  return new BulwarkError('MALFORMED_DOCUMENT', `${what}: ${why}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one descriptor; `what` names the document for the error message. */
export function parseDescriptor(v: unknown, what: string): Descriptor {
  if (!isObject(v)) throw malformed(what, 'descriptor is not an object');
  const { mediaType, digest, size } = v;
  if (typeof mediaType !== 'string' || !mediaType) throw malformed(what, 'descriptor without mediaType');
  if (typeof digest !== 'string' || !isValidDigest(digest)) throw malformed(what, `descriptor with invalid digest ${JSON.stringify(digest)}`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw malformed(what, `descriptor ${digest} with invalid size`);
  const d: Descriptor = { mediaType, digest, size };
  if (isObject(v.platform)) {
    const p = v.platform;
    if (typeof p.os !== 'string' || typeof p.architecture !== 'string') throw malformed(what, `descriptor ${digest} with invalid platform`);
    d.platform = { os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' && p.variant ? { variant: p.variant } : {}) };
    if (typeof p['os.version'] === 'string') d.platform['os.version'] = p['os.version'];
  }
  if (isObject(v.annotations)) d.annotations = v.annotations as Record<string, string>;
  if (Array.isArray(v.urls)) d.urls = v.urls.filter((u): u is string => typeof u === 'string');
  if (typeof v.artifactType === 'string') d.artifactType = v.artifactType;
  return d;
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${what}: not valid JSON`, { cause: e });
  }
  if (!isObject(doc)) throw malformed(what, 'not a JSON object');
  return doc;
}

function kindOf(doc: Record<string, unknown>, contentType: string, what: string): 'manifest' | 'index' {
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : '';
  const mt = declared || contentType;
  if (SCHEMA1_TYPES.includes(mt) || doc.schemaVersion === 1) {
    throw new BulwarkError('UNSUPPORTED_SCHEMA', `${what}: Docker schema 1 manifests are not supported (re-push the image with a current Docker or skopeo)`);
  }
  if (doc.schemaVersion !== 2) throw new BulwarkError('UNSUPPORTED_SCHEMA', `${what}: unsupported schemaVersion ${JSON.stringify(doc.schemaVersion)}`);
  if (INDEX_TYPES.includes(mt)) return 'index';
  if (MANIFEST_TYPES.includes(mt)) return 'manifest';
  if (mt && mt !== 'application/json' && mt !== 'application/octet-stream') {
    throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${what}: unsupported manifest media type "${mt}"`);
  }
  if (Array.isArray(doc.manifests)) return 'index';
  if (isObject(doc.config) && Array.isArray(doc.layers)) return 'manifest';
  throw malformed(what, 'neither an image manifest nor an index');
}

/**
 * Parses manifest bytes (as served, before any re-serialisation). `contentType` is the response
 * header, used only when the document does not declare its own mediaType.
 */
export function parseManifestDocument(bytes: Buffer, contentType: string | undefined, what: string): ManifestDocument {
  if (bytes.length > MAX_MANIFEST_BYTES) throw new BulwarkError('LIMIT_EXCEEDED', `${what}: manifest larger than ${MAX_MANIFEST_BYTES} bytes`);
  const doc = parseJson(bytes, what);
  const ct = baseMediaType(contentType);
  const kind = kindOf(doc, ct, what);
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : INDEX_TYPES.includes(ct) || MANIFEST_TYPES.includes(ct) ? ct : '';
  const extras = {
    ...(typeof doc.mediaType === 'string' ? { mediaType: doc.mediaType } : {}),
    ...(typeof doc.artifactType === 'string' ? { artifactType: doc.artifactType } : {}),
    ...(doc.subject !== undefined ? { subject: parseDescriptor(doc.subject, what) } : {}),
    ...(isObject(doc.annotations) ? { annotations: doc.annotations as Record<string, string> } : {}),
  };
  if (kind === 'index') {
    if (!Array.isArray(doc.manifests)) throw malformed(what, 'index without manifests');
    const index: ImageIndex = { schemaVersion: 2, ...extras, manifests: doc.manifests.map((m) => parseDescriptor(m, what)) };
    return { kind, mediaType, index };
  }
  if (!Array.isArray(doc.layers)) throw malformed(what, 'manifest without layers');
  const manifest: ImageManifest = {
    schemaVersion: 2, ...extras,
    config: parseDescriptor(doc.config, what),
    layers: doc.layers.map((l) => parseDescriptor(l, what)),
  };
  return { kind, mediaType, manifest };
}

/** Parses an image config blob; checks rootfs.diff_ids against the manifest's layer count. */
export function parseImageConfig(bytes: Buffer, layerCount: number, what: string): OciImageConfig {
  const doc = parseJson(bytes, what) as OciImageConfig & Record<string, unknown>;
  const diffIds = doc.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.some((d) => typeof d !== 'string' || !isValidDigest(d))) {
    throw malformed(what, 'config has no valid rootfs.diff_ids');
  }
  if (diffIds.length !== layerCount) {
    throw malformed(what, `config lists ${diffIds.length} diff_ids but the manifest has ${layerCount} layers`);
  }
  return doc;
}

/**
 * The `created_by` line of each layer: history entries with `empty_layer` made no layer, so they are
 * skipped when zipping. Returns undefined entries when the history does not line up with the layers.
 */
export function layerCreatedBy(config: OciImageConfig, layerCount: number): Array<string | undefined> {
  const real = (config.history ?? []).filter((h) => !h.empty_layer);
  if (real.length !== layerCount) return new Array<string | undefined>(layerCount).fill(undefined);
  return real.map((h) => h.created_by);
}
