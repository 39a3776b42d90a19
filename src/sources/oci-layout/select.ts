/**
 * Picks one image manifest from an OCI layout's index.json: by `org.opencontainers.image.ref.name`
 * when several are tagged, through nested indexes / manifest lists by platform.
 */
import { BulwarkError, type Platform } from '../../core/index.js';
import type { BlobStore } from './blob-store.js';
import { INDEX_TYPES, MANIFEST_TYPES, SCHEMA1_TYPES, formatPlatform, platformMatches } from '../../oci/index.js';
import { type Descriptor, parseJson, readVerified } from './documents.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
const IMAGE_NAME = 'io.containerd.image.name';

interface IndexDoc { schemaVersion?: number; mediaType?: string; manifests?: Descriptor[] }

export interface Selected {
  manifest: Descriptor;
  /** The index / manifest list the manifest came out of, when there was one below index.json. */
  indexDigest?: string;
  /** `org.opencontainers.image.ref.name`: usually only a tag (`latest`), sometimes a whole reference. */
  refName?: string;
  /** `io.containerd.image.name`: always a whole reference (docker save, buildkit, nerdctl). */
  imageName?: string;
}

const isIndex = (mt: string | undefined) => mt !== undefined && INDEX_TYPES.includes(mt);
const isManifest = (mt: string | undefined) => mt !== undefined && MANIFEST_TYPES.includes(mt);
const isUnknownPlatform = (d: Descriptor) => d.platform?.os === 'unknown' && d.platform?.architecture === 'unknown';

function checkMediaType(d: Descriptor, label: string): void {
  if (d.mediaType && SCHEMA1_TYPES.includes(d.mediaType)) {
    throw new BulwarkError('UNSUPPORTED_SCHEMA', `${label}: Docker schema 1 manifests are not supported (re-push the image with a current client)`);
  }
}

function matchesSelector(d: Descriptor, selector: string): boolean {
  const ref = d.annotations?.[REF_NAME];
  const name = d.annotations?.[IMAGE_NAME];
  return ref === selector || name === selector || (name !== undefined && name.endsWith(`/${selector}`))
    || (ref !== undefined && selector.endsWith(`:${ref}`));
}

function pickTopLevel(manifests: Descriptor[], selector: string | undefined, label: string): Descriptor {
  if (manifests.length === 0) throw new BulwarkError('IMAGE_NOT_FOUND', `${label}: index.json lists no images`);
  if (selector) {
    const hit = manifests.filter((d) => matchesSelector(d, selector));
    if (hit.length === 0) {
      const tags = manifests.map((d) => d.annotations?.[REF_NAME]).filter(Boolean);
      throw new BulwarkError('IMAGE_NOT_FOUND', `${label}: no image tagged ${selector} (tags: ${tags.join(', ') || 'none'})`);
    }
    return hit[0];
  }
  if (manifests.length === 1) return manifests[0];
  const tags = manifests.map((d) => d.annotations?.[REF_NAME] ?? d.digest);
  throw new BulwarkError('USAGE', `${label} holds ${manifests.length} images; name one as ${label}:<tag> (${tags.join(', ')})`);
}

/** Resolves a descriptor (manifest or index, nested to any depth) to a platform manifest. */
async function resolve(store: BlobStore, d: Descriptor, want: Platform, explicit: boolean, depth: number): Promise<Selected> {
  checkMediaType(d, store.label);
  if (isManifest(d.mediaType)) return { manifest: d };
  if (depth > 4) throw new BulwarkError('MALFORMED_DOCUMENT', `${store.label}: indexes nested too deeply`);
  const body = await readVerified(store, d, 'index');
  const doc = parseJson<IndexDoc & { config?: unknown }>(body, `${store.label}: ${d.digest}`);
  // Some writers omit the descriptor media type: decide from the document itself.
  if (!d.mediaType && doc.config) return { manifest: { ...d, mediaType: doc.mediaType ?? MANIFEST_TYPES[0] } };
  if (!isIndex(d.mediaType) && !isIndex(doc.mediaType) && !Array.isArray(doc.manifests)) {
    throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `${store.label}: unsupported manifest media type ${d.mediaType ?? doc.mediaType ?? '(none)'}`);
  }
  const children = (doc.manifests ?? []).filter((c) => !isUnknownPlatform(c));
  const candidates = children.filter((c) => !c.platform || platformMatches(want, c.platform));
  const chosen = candidates.find((c) => c.platform) ?? (explicit || children.length > 1 ? undefined : candidates[0]);
  if (!chosen) {
    const have = children.map((c) => (c.platform ? formatPlatform(c.platform) : '?')).join(', ');
    throw new BulwarkError('PLATFORM_NOT_FOUND', `${store.label}: no image for platform ${formatPlatform(want)} (available: ${have || 'none'})`);
  }
  const inner = await resolve(store, chosen, want, explicit, depth + 1);
  return { ...inner, indexDigest: inner.indexDigest ?? d.digest };
}

export async function selectManifest(store: BlobStore, selector: string | undefined, want: Platform, explicit: boolean): Promise<Selected> {
  if (!store.has('index.json')) throw new BulwarkError('CORRUPT_ARCHIVE', `${store.label}: index.json is missing`);
  const index = parseJson<IndexDoc>(await store.read('index.json'), `${store.label}: index.json`);
  if (!Array.isArray(index.manifests)) throw new BulwarkError('MALFORMED_DOCUMENT', `${store.label}: index.json has no manifests[]`);
  const top = pickTopLevel(index.manifests, selector, store.label);
  const sel = await resolve(store, top, want, explicit, 0);
  const refName = top.annotations?.[REF_NAME];
  const imageName = top.annotations?.[IMAGE_NAME];
  return { ...sel, ...(refName ? { refName } : {}), ...(imageName ? { imageName } : {}) };
}
