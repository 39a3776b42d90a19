/**
 * `bulwark/supplychain`: verify and create image signatures and attestations (cosign `.sig`/`.att`,
 * Sigstore bundles as OCI referrers, Notation JWS) with a decision cache keyed by (digest, policy hash).
 * docs/supplychain.md documents the API.
 */
export {
  verifyImage, verifyImageAttestations, signImageReference, attestImageReference,
  preparePolicy, VerificationCache, RegistryClientPool, parsePublicKey, parseTrustedRoot, fetchTrustedRoot,
  type VerifyImageDeps, type VerifyImageResult, type PreparedPolicy, type SignaturePolicy, type SignatureResult,
  type VerifyResult, type Failure, type Check, type IdentityMatcher, type VerificationCacheOptions,
} from '../scan/verify-image.js';
export {
  verifyBlob, verifyBlobAttestation, signBlob, generateKeyPair, parsePrivateKey, predicateTypeUri, renderVerify,
  loadPolicy, loadBlobInput, loadSigningKey, loadJsonFile, loadFile,
  type BlobInput, type KeyAlgorithm, type SigningIdentity, type PolicyFiles, type RenderedVerify, type VerifyFormat,
} from '../scan/signatures.js';
