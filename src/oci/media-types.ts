/** Media types of the OCI image spec and Docker's schema 2, and what they say about a layer's compression. */
import { BulwarkError } from '../core/index.js';

export const MediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciLayer: 'application/vnd.oci.image.layer.v1.tar',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OciLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const MANIFEST_TYPES: readonly string[] = [MediaType.OciManifest, MediaType.DockerManifest];
export const INDEX_TYPES: readonly string[] = [MediaType.OciIndex, MediaType.DockerManifestList];
export const SCHEMA1_TYPES: readonly string[] = [MediaType.DockerSchema1, MediaType.DockerSchema1Signed];
export const IMAGE_CONFIG_TYPES: readonly string[] = [MediaType.OciConfig, MediaType.DockerConfig];

/** Accept header for manifest requests: image manifests and indexes of both families. */
export const MANIFEST_ACCEPT = [...MANIFEST_TYPES, ...INDEX_TYPES].join(', ');

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** Compression of a layer blob from its media type (OCI, nondistributable OCI, Docker). */
export function layerCompression(mediaType: string): LayerCompression {
  const m = mediaType.toLowerCase();
  if (m === MediaType.DockerLayerGzip || m === MediaType.DockerForeignLayerGzip) return 'gzip';
  if (m === 'application/vnd.docker.image.rootfs.diff.tar.zstd') return 'zstd';
  if (m === 'application/vnd.docker.image.rootfs.diff.tar') return 'none';
  const oci = /^application\/vnd\.oci\.image\.layer\.(?:nondistributable\.)?v1\.tar(\+gzip|\+zstd)?$/.exec(m);
  if (oci) return oci[1] === '+gzip' ? 'gzip' : oci[1] === '+zstd' ? 'zstd' : 'none';
  throw new BulwarkError('UNSUPPORTED_MEDIA_TYPE', `unsupported layer media type "${mediaType}"`);
}

/** Strips parameters (`; charset=utf-8`) and lower-cases a Content-Type header value. */
export function baseMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
}
