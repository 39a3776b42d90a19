/** OCI/Docker primitives: references, media types, manifests, platforms and the registry client. */
export { parseReference, formatReference, repositoryName, imageNameOf, localImageName, registryApiHost, isLoopbackRegistry, isValidRegistryHost, DOCKER_HUB, DOCKER_HUB_API, type ImageReference } from './reference.js';
export { MediaType, MANIFEST_TYPES, INDEX_TYPES, SCHEMA1_TYPES, IMAGE_CONFIG_TYPES, MANIFEST_ACCEPT, layerCompression, baseMediaType, type LayerCompression } from './media-types.js';
export { isValidDigest, sha256Digest, digestOf, verifyDigest, hasherFor } from './digest.js';
export {
  parseManifestDocument, parseDescriptor, parseImageConfig, layerCreatedBy, MAX_MANIFEST_BYTES,
  type Descriptor, type ImageManifest, type ImageIndex, type ManifestDocument,
} from './manifest.js';
export { DEFAULT_PLATFORM, normalizePlatform, parsePlatform, formatPlatform, platformMatches, availablePlatforms, selectPlatform } from './platform.js';
export { parseWwwAuthenticate, repositoryScope, type Challenge } from './auth.js';
export { lookupDockerCredentials, defaultDockerConfigPath, type Credentials, type DockerConfigLookup } from './docker-config.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { blobGuard, type BlobGuardOptions } from './blob-stream.js';
export { RegistryClient, type RegistryClientOptions, type FetchedManifest, type ManifestHead, type BlobStreamOptions, type UploadBlob } from './client.js';
export { RegistryClientPool } from './client-pool.js';
