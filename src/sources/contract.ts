/**
 * Image sources: a user's argument (archive, layout, registry reference) → one `ImageSource`
 * (Trivy's Artifact). Every source converges here so the layer walk never knows where bytes come from.
 */
import type { Readable } from 'node:stream';
import type { ImageIdentity, ImageLayerInfo, OciImageConfig } from '../core/index.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface SourceLayer extends ImageLayerInfo {
  compression: Compression;
}

export interface ImageSource {
  readonly identity: ImageIdentity;
  /** Parsed config JSON (digest already verified against identity.configDigest). */
  readonly config: OciImageConfig;
  /** Layers base-first; `diffId` comes from the config's rootfs.diff_ids. */
  readonly layers: readonly SourceLayer[];
  /**
   * Raw blob bytes of layer `index` as stored (still compressed). The caller verifies the digest while
   * streaming; sources may not buffer a whole blob in memory.
   */
  openLayer(index: number): Promise<Readable>;
  close(): Promise<void>;
}

export type InputType = 'docker-archive' | 'oci-layout' | 'oci-archive' | 'registry';

export interface OpenImageOptions {
  /** Force an input type instead of detecting it from the argument. */
  inputType?: InputType;
  /** os/arch[/variant]; default linux/amd64. */
  platform?: string;
  /** Allow plain HTTP (and self-signed TLS) for these registries. */
  insecure?: boolean;
  /** Registry credentials override (else ~/.docker/config.json). */
  username?: string;
  password?: string;
  /** Path to a docker config.json (default $DOCKER_CONFIG/config.json or ~/.docker/config.json). */
  dockerConfig?: string;
  /** Abort long network work. */
  signal?: AbortSignal;
}
