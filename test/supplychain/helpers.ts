/** Test helpers for signature tests: small fixture images pushed straight into the real registry. */
import { buildImage, buildIndex, type BuiltImage } from '../fixtures/image-builder.js';
import { MediaType, RegistryClient } from '../../src/oci/index.js';

/** Builds a one-layer image whose content is `marker` (distinct markers → distinct digests) and pushes it. */
export async function pushImage(host: string, repo: string, tag: string, marker: string, arch = 'amd64'): Promise<BuiltImage> {
  const img = await buildImage({ architecture: arch, layers: [{ entries: [{ path: 'etc/marker', content: marker }] }] });
  const c = new RegistryClient(host);
  try {
    for (const b of [img.config, ...img.layers]) await c.putBlob(repo, b.data);
    await c.putManifest(repo, tag, img.manifest.data, img.manifest.mediaType);
  } finally {
    c.close();
  }
  return img;
}

/** Pushes two platform images and an index over them under `tag`; returns the index digest and the images. */
export async function pushIndex(host: string, repo: string, tag: string, marker: string): Promise<{ index: string; amd64: BuiltImage; arm64: BuiltImage }> {
  const amd64 = await pushImage(host, repo, `${tag}-amd64`, `${marker}-amd64`, 'amd64');
  const arm64 = await pushImage(host, repo, `${tag}-arm64`, `${marker}-arm64`, 'arm64');
  const idx = buildIndex([amd64, arm64]);
  const c = new RegistryClient(host);
  try {
    await c.putManifest(repo, tag, idx.data, MediaType.OciIndex);
  } finally {
    c.close();
  }
  return { index: idx.digest, amd64, arm64 };
}
