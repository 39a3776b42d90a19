/**
 * Supply-chain trust: cosign legacy signatures and attestations, Sigstore bundles (OCI referrers),
 * Notation JWS, DSSE/in-toto with CEL policies; verify and sign (docs/supplychain.md). Entry point.
 */
export type { Check, Failure, IdentityMatcher, SignaturePolicy, SignatureResult, VerifyResult } from './types.js';
export { preparePolicy, type PreparedPolicy } from './policy.js';
export { VerificationCache, type VerificationCacheOptions } from './cache.js';
export { parsePublicKey, parsePrivateKey, generateKeyPair, type KeyAlgorithm } from './keys.js';
export { fetchTrustedRoot, parseTrustedRoot } from './trust.js';
export { verifyBlob, verifyBlobAttestation, type BlobInput } from './blob.js';
export { verifyImageDigests } from './verify-image.js';
export { predicateTypeUri, compileCel } from './intoto.js';
export { signImage, attestImage, signBlob, type SigningIdentity, type SignOutcome } from './sign.js';
export { cosignTag } from './cosign.js';
export { renderVerify, type Rendered as RenderedVerify, type VerifyFormat } from './render.js';
