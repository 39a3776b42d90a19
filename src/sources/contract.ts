/**
 * Image sources: a user's argument (archive, layout, registry reference) → one `ImageSource`
 * (Trivy's Artifact). Every source converges here so the layer walk never knows where bytes come from.
 */

// The image an input converges on is core vocabulary (the layer walk reads it); re-exported for sources' users.
export type { Compression, SourceLayer, ImageSource } from '../core/index.js';

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
