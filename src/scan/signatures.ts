/**
 * Use-cases for signatures that need no registry: blobs (`verify-blob`, `verify-blob-attestation`,
 * `sign-blob`) and key pairs. The image use-cases live in verify-image.ts.
 */
export {
  verifyBlob, verifyBlobAttestation, signBlob, generateKeyPair, parsePrivateKey, predicateTypeUri,
  type BlobInput, type KeyAlgorithm, type SigningIdentity,
} from '../supplychain/index.js';
