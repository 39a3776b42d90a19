/**
 * `docker save` tarballs: manifest.json → Config + Layers, in the legacy `<hex>/layer.tar` shape and the
 * Docker 25+ `blobs/sha256/<hex>` shape; several images per tar, selected by repo tag.
 * (github.com/moby/moby/blob/master/image/spec/v1.2.md)
 */
import { BulwarkError, type ImageIdentity } from '../../core/index.js';
import type { Compression, ImageSource, OpenImageOptions } from '../contract.js';
import { formatPlatform, imageNameOf, localImageName, parsePlatform, platformMatches, sha256Digest } from '../../oci/index.js';
import { sniffCompression } from '../../tar/index.js';
import {
  type BlobStore, parseConfig, parseJson, platformOfConfig, storeSource, tarStore, toSourceLayers,
} from '../oci-layout/index.js';

interface ManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
  LayerSources?: Record<string, { mediaType?: string; size?: number; digest?: string }>;
}

const MEDIA: Record<Compression, string> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};


/** `nginx:1.25`, `docker.io/library/nginx:1.25` and `library/nginx:1.25` name one image. */
function normalizeTag(tag: string): string {
  let t = tag.replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!/:[^/]+$/.test(t)) t += ':latest';
  return t;
}

function pickEntry(entries: ManifestEntry[], selector: string | undefined, label: string): ManifestEntry {
  if (entries.length === 0) throw new BulwarkError('IMAGE_NOT_FOUND', `${label}: manifest.json lists no images`);
  const tags = entries.flatMap((e) => e.RepoTags ?? []);
  if (selector) {
    const want = normalizeTag(selector);
    const hit = entries.find((e) => (e.RepoTags ?? []).some((t) => normalizeTag(t) === want));
    if (!hit) throw new BulwarkError('IMAGE_NOT_FOUND', `${label}: no image tagged ${selector} (tags: ${tags.join(', ') || 'none'})`);
    return hit;
  }
  if (entries.length > 1) {
    throw new BulwarkError('USAGE', `${label} holds ${entries.length} images; name one as ${label}:<repo:tag> (${tags.join(', ') || 'untagged'})`);
  }
  return entries[0];
}

const hexName = (name: string) => /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(name)?.[1];

async function readConfig(store: BlobStore, name: string, layerCount: number) {
  if (!store.has(name)) throw new BulwarkError('CORRUPT_ARCHIVE', `${store.label}: image config ${name} is missing`);
  const data = await store.read(name);
  const digest = sha256Digest(data);
  const hex = hexName(name);
  if (hex && digest !== `sha256:${hex}`) throw new BulwarkError('DIGEST_MISMATCH', `${store.label}: config ${name} does not match its digest (${digest})`);
  return { config: parseConfig(data, layerCount, `${store.label}: ${name}`), digest };
}

/** Blob digest: named by content (Docker 25+), from LayerSources, = diffID when stored uncompressed, else found while streaming. */
async function describeLayer(store: BlobStore, name: string, diffId: string | undefined, sources: ManifestEntry['LayerSources']) {
  if (!store.has(name)) throw new BulwarkError('CORRUPT_ARCHIVE', `${store.label}: layer ${name} is missing`);
  const compression = sniffCompression(Buffer.concat([await store.head(name, 4), Buffer.alloc(4)]));
  const size = store.size(name) ?? 0;
  const declared = diffId ? sources?.[diffId] : undefined;
  // Foreign-layer LayerSources carry a size: like an OCI descriptor's, it must be the blob's.
  if (declared?.size !== undefined && declared.size !== size) {
    throw new BulwarkError('DIGEST_MISMATCH', `${store.label}: layer ${name} is ${size} bytes, LayerSources says ${declared.size}`);
  }
  const fromSources = declared?.digest;
  const hex = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name)?.[1];
  const digest = hex ? `sha256:${hex}` : fromSources ?? (compression === 'none' ? diffId ?? '' : '');
  return { digest, size, mediaType: MEDIA[compression], compression };
}

export async function openDockerArchive(path: string, selector: string | undefined, opts: OpenImageOptions, reference = path): Promise<ImageSource> {
  const store = await tarStore(path);
  try {
    if (!store.has('manifest.json')) throw new BulwarkError('CORRUPT_ARCHIVE', `${path}: manifest.json is missing (not a docker-archive)`);
    const manifest = parseJson<ManifestEntry[]>(await store.read('manifest.json'), `${path}: manifest.json`);
    if (!Array.isArray(manifest)) throw new BulwarkError('MALFORMED_DOCUMENT', `${path}: manifest.json is not a list`);
    const entry = pickEntry(manifest, selector, path);
    if (!entry.Config || !Array.isArray(entry.Layers)) throw new BulwarkError('MALFORMED_DOCUMENT', `${path}: manifest.json entry lacks Config or Layers`);
    const { config, digest: configDigest } = await readConfig(store, entry.Config, entry.Layers.length);
    const platform = platformOfConfig(config);
    const want = opts.platform ? parsePlatform(opts.platform) : undefined;
    if (want && !platformMatches(want, platform)) {
      throw new BulwarkError('PLATFORM_NOT_FOUND', `${path}: image is ${formatPlatform(platform)}, not ${opts.platform}`);
    }
    const diffIds = config.rootfs?.diff_ids ?? [];
    const blobs = [];
    for (const [i, name] of entry.Layers.entries()) blobs.push(await describeLayer(store, name, diffIds[i], entry.LayerSources));
    const layers = toSourceLayers(blobs, config);
    const tags = entry.RepoTags ?? [];
    const tag = tags.find((t) => t === selector) ?? tags[0];
    const identity: ImageIdentity = {
      reference, inputType: 'docker-archive', repoTags: tags, repoDigests: [], configDigest, platform,
      // `docker save <id>` writes no tag: the archive's own name then names the image.
      name: (tag && imageNameOf(tag)) || { name: localImageName(path) },
    };
    return storeSource(store, identity, config, layers, entry.Layers);
  } catch (err) {
    await store.close();
    throw err;
  }
}
