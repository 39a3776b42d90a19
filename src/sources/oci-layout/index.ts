/** OCI image layout (directory) and OCI archive (the same layout in a tar): github.com/opencontainers/image-spec/blob/main/image-layout.md */
import { resolve } from 'node:path';
import { BulwarkError, type ImageIdentity, type ImageName, type OciImageConfig } from '../../core/index.js';
import type { ImageSource, OpenImageOptions, SourceLayer } from '../contract.js';
import { type BlobStore, directoryStore, tarStore } from './blob-store.js';
import { DEFAULT_PLATFORM, formatPlatform, imageNameOf, localImageName, parsePlatform, platformMatches } from '../../oci/index.js';
import {
  type Descriptor, blobName, checkDescriptorSize, parseConfig, parseJson, platformOfConfig, readVerified, toSourceLayers,
} from './documents.js';
import { selectManifest, type Selected } from './select.js';

export { directoryStore, tarStore, type BlobStore } from './blob-store.js';
export * from './documents.js';

interface ManifestDoc { schemaVersion?: number; mediaType?: string; config?: Descriptor; layers?: Descriptor[] }

export function storeSource(store: BlobStore, identity: ImageIdentity, config: OciImageConfig, layers: SourceLayer[], layerNames: string[]): ImageSource {
  return {
    identity, config, layers,
    async openLayer(index) {
      const name = layerNames[index];
      if (name === undefined) throw new BulwarkError('INTERNAL', `no layer ${index}`);
      if (!store.has(name)) throw new BulwarkError('CORRUPT_ARCHIVE', `${store.label}: layer ${layers[index].digest} is missing`);
      return store.open(name);
    },
    close: () => store.close(),
  };
}

/**
 * A layout's image name: containerd's full name, or a `ref.name` that is a whole reference (`nginx:1.25`,
 * `ghcr.io/org/app:1`); a `ref.name` that is only a tag (`latest`) is the tag, and the name is the layout's
 * own (directory or archive) name — never the tag.
 */
function layoutImageName(sel: Selected, path: string): ImageName {
  for (const ref of [sel.imageName, sel.refName]) {
    const named = ref && /[:/]/.test(ref) ? imageNameOf(ref) : undefined;
    if (named) return named;
  }
  return { name: localImageName(resolve(path)), ...(sel.refName ? { tag: sel.refName } : {}) };
}

/** Opens one image from a layout store (directory or tar). */
export async function openLayoutStore(store: BlobStore, reference: string, selector: string | undefined, opts: OpenImageOptions, inputType: 'oci-layout' | 'oci-archive', path = reference): Promise<ImageSource> {
  const want = opts.platform ? parsePlatform(opts.platform) : DEFAULT_PLATFORM;
  const sel = await selectManifest(store, selector, want, Boolean(opts.platform));
  const m = parseJson<ManifestDoc>(await readVerified(store, sel.manifest, 'manifest'), `${store.label}: manifest ${sel.manifest.digest}`);
  if (!m.config?.digest || !Array.isArray(m.layers)) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `${store.label}: manifest ${sel.manifest.digest} lacks config or layers`);
  }
  const config = parseConfig(await readVerified(store, m.config, 'config'), m.layers.length, `${store.label}: config`);
  const platform = platformOfConfig(config);
  if (opts.platform && !platformMatches(want, platform)) {
    throw new BulwarkError('PLATFORM_NOT_FOUND', `${store.label}: image is ${formatPlatform(platform)}, not ${opts.platform}`);
  }
  for (const l of m.layers) checkDescriptorSize(store, l, 'layer');
  const layers = toSourceLayers(m.layers.map((l) => ({ digest: l.digest, size: l.size ?? store.size(blobName(l.digest)) ?? 0, mediaType: l.mediaType ?? '' })), config);
  const tag = sel.imageName ?? sel.refName;
  const identity: ImageIdentity = {
    reference, inputType, repoTags: tag ? [tag] : [], repoDigests: [], name: layoutImageName(sel, path),
    manifestDigest: sel.manifest.digest, ...(sel.indexDigest ? { indexDigest: sel.indexDigest } : {}),
    configDigest: m.config.digest, platform,
  };
  return storeSource(store, identity, config, layers, layers.map((l) => blobName(l.digest)));
}

async function withStore(store: BlobStore, fn: (s: BlobStore) => Promise<ImageSource>): Promise<ImageSource> {
  try {
    return await fn(store);
  } catch (err) {
    await store.close();
    throw err;
  }
}

export async function openOciLayout(dir: string, selector: string | undefined, opts: OpenImageOptions, reference = dir): Promise<ImageSource> {
  return withStore(directoryStore(dir), (s) => openLayoutStore(s, reference, selector, opts, 'oci-layout', dir));
}

export async function openOciArchive(path: string, selector: string | undefined, opts: OpenImageOptions, reference = path): Promise<ImageSource> {
  return withStore(await tarStore(path), (s) => openLayoutStore(s, reference, selector, opts, 'oci-archive', path));
}
