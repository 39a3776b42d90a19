/**
 * What a user sees of an image: identity, layers and config; and `ImageSource`, the one shape every input
 * (archive, layout, registry) converges on (Trivy's Artifact). Produced by sources/, read by layerwalk/.
 */
import type { Readable } from 'node:stream';
import type { LayerRef } from './layer.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * How an image is named, as its purl needs it (purl-spec `oci`): the repository's last part, never a tag
 * taken for a name.
 */
export interface ImageName {
  /** Lowercase: the repository's last part (`nginx`), or for an image known only by a tag (an OCI layout
   * tagged `latest`) the layout directory's or archive's own name. */
  name: string;
  /** `registry/repository` without tag or digest (`docker.io/library/nginx`), only when the source says where
   * the image lives: a registry pull, or a reference that names its registry. */
  repository?: string;
  tag?: string;
}

export interface ImageIdentity {
  /** What the user asked for, normalised (`docker.io/library/nginx:1.25`, or a path). */
  reference: string;
  /** docker-archive | oci-layout | oci-archive | registry */
  inputType: string;
  repoTags: string[];
  repoDigests: string[];
  /** Digest of the image manifest, when the source has one. */
  manifestDigest?: string;
  /** Digest of an index / manifest list the platform manifest was selected from. */
  indexDigest?: string;
  configDigest: string;
  platform: Platform;
  /** Purl naming (set by every image source). */
  name?: ImageName;
}

export interface ImageLayerInfo extends LayerRef {
  /** Compressed size in bytes as stored. */
  size: number;
  mediaType: string;
}

export interface ImageHistoryEntry {
  created?: string;
  createdBy?: string;
  comment?: string;
  emptyLayer: boolean;
}

/** The parts of the OCI image config people ask about. */
export interface ImageConfigSummary {
  user: string;
  /** Environment variable names only (values may hold secrets). */
  envNames: string[];
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  exposedPorts: string[];
  labels: Record<string, string>;
  healthcheck?: string[];
  stopSignal?: string;
  created?: string;
  history: ImageHistoryEntry[];
}

/** The full OCI image config as found (raw JSON), for analyzers that need it (secrets in ENV). */
export interface OciImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown>;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] };
    StopSignal?: string;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
}

/** How a layer blob is compressed (sniffed from its bytes). */
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
