/**
 * Blobs (`verify-blob`, `verify-blob-attestation`): a file against a Sigstore bundle, cosign's older
 * local bundle (`{base64Signature, cert, rekorBundle}`), a detached signature, or a DSSE envelope.
 */
import { createHash } from 'node:crypto';
import { BulwarkError } from '../core/index.js';
import { bundleFromLegacy, Annotation } from './cosign.js';
import type { Candidate } from './discovery.js';
import type { PreparedPolicy } from './policy.js';
import type { VerifyResult } from './types.js';
import { verifyCandidates } from './verify-candidates.js';
import { parseBundle, verifyBundle } from './verify-bundle.js';
import { verifyBytes } from './keys.js';

export interface BlobInput {
  /** The file's bytes; undefined for DSSE bundles verified without the artifact. */
  artifact?: Buffer;
  /** Or only its digest (`sha256:<hex>`), as cosign's `--digest`. */
  artifactDigest?: string;
  /** Parsed `--bundle` JSON. */
  bundle?: unknown;
  /** Detached signature (`--signature`, base64 or raw) and certificate PEM (`--certificate`). */
  signature?: Buffer;
  certificate?: string;
  source: string;
  /** Refuse artifacts larger than this (cosign's COSIGN_MAX_ATTACHMENT_SIZE). */
  maxBytes?: number;
}

function checkSize(input: BlobInput): void {
  if (input.maxBytes !== undefined && input.artifact && input.artifact.length > input.maxBytes) {
    throw new BulwarkError('LIMIT_EXCEEDED', `${input.source}: the file is ${input.artifact.length} bytes, more than the ${input.maxBytes} allowed (--max-attachment-size)`);
  }
}

function digestOf(input: BlobInput): string | undefined {
  if (input.artifactDigest) return input.artifactDigest;
  return input.artifact ? `sha256:${createHash('sha256').update(input.artifact).digest('hex')}` : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `verify-blob`: a message signature or DSSE bundle over the file. */
export function verifyBlob(input: BlobInput, p: PreparedPolicy): VerifyResult {
  checkSize(input);
  const digest = digestOf(input) ?? 'sha256:' + '0'.repeat(64);
  const b = input.bundle;
  if (isObject(b) && typeof b.base64Signature === 'string') {
    // cosign's pre-Sigstore-bundle local format.
    const rekor = isObject(b.rekorBundle) ? JSON.stringify(b.rekorBundle) : undefined;
    const cert = typeof b.cert === 'string' ? Buffer.from(b.cert, 'base64').toString('utf8') : undefined;
    return legacyMessage(input, Buffer.from(b.base64Signature, 'base64'), { ...(cert ? { [Annotation.certificate]: cert } : {}), ...(rekor ? { [Annotation.bundle]: rekor } : {}) }, digest, p);
  }
  if (b === undefined) {
    if (!input.signature) throw new BulwarkError('USAGE', 'give --bundle, or --signature (with --key or --certificate)');
    return legacyMessage(input, input.signature, input.certificate ? { [Annotation.certificate]: input.certificate } : {}, digest, p);
  }
  const parsed = parseBundle(b);
  const base = { kind: 'sigstore-bundle' as const, source: input.source, subject: digest };
  if (!parsed.bundle) {
    return { digest, verified: false, signatures: [{ ...base, verified: false, checks: [{ name: parsed.failure!.check, ok: false, detail: parsed.failure!.reason }], failure: parsed.failure! }], failure: parsed.failure! };
  }
  const bundle = parsed.bundle;
  if (bundle.content.$case === 'messageSignature' && !input.artifact) throw new BulwarkError('USAGE', 'a message-signature bundle needs the file (a digest alone is not enough)');
  const v = verifyBundle(bundle, input.artifact, p);
  const sig = {
    ...base, verified: v.verified, checks: v.checks,
    ...(v.identity ? { identity: v.identity } : {}), ...(v.issuer ? { issuer: v.issuer } : {}),
    ...(v.logIndex !== undefined ? { logIndex: v.logIndex } : {}), ...(v.signedAt ? { signedAt: v.signedAt } : {}),
    ...(v.failure ? { failure: v.failure } : {}),
  };
  return { digest, verified: v.verified, signatures: [sig], ...(v.failure ? { failure: v.failure } : {}) };
}

function legacyMessage(input: BlobInput, signature: Buffer, annotations: Record<string, string>, digest: string, p: PreparedPolicy): VerifyResult {
  if (!input.artifact) throw new BulwarkError('USAGE', 'a detached signature needs the file');
  const artifact = input.artifact;
  const base = { kind: 'cosign' as const, source: input.source, subject: digest };
  if (p.keys.length && p.policy.ignoreTlog && !annotations[Annotation.certificate]) {
    const k = p.keys.find((key) => verifyBytes(artifact, key.key, signature));
    const checks = k ? [{ name: 'signature' as const, ok: true }, { name: 'key' as const, ok: true, detail: `key ${k.fingerprint}` }]
      : [{ name: 'signature' as const, ok: false, detail: 'signature does not verify under the given key(s)' }];
    const failure = k ? undefined : { check: 'signature' as const, reason: checks[0]!.detail! };
    return { digest, verified: Boolean(k), signatures: [{ ...base, verified: Boolean(k), checks, ...(k ? { identity: `key:${k.fingerprint}` } : {}), ...(failure ? { failure } : {}) }], ...(failure ? { failure } : {}) };
  }
  const built = bundleFromLegacy({ content: { kind: 'message', payload: artifact, signature }, annotations });
  if (!built.bundle) return { digest, verified: false, signatures: [], failure: built.failure! };
  const v = verifyBundle(built.bundle, artifact, p);
  return {
    digest, verified: v.verified,
    signatures: [{ ...base, verified: v.verified, checks: v.checks, ...(v.identity ? { identity: v.identity } : {}), ...(v.issuer ? { issuer: v.issuer } : {}), ...(v.failure ? { failure: v.failure } : {}) }],
    ...(v.failure ? { failure: v.failure } : {}),
  };
}

/**
 * `verify-blob-attestation`: a DSSE envelope (cosign `.att` layer form) or a Sigstore bundle whose
 * in-toto subject must name the file's digest (unless `checkClaims` is false, cosign's --check-claims).
 */
export function verifyBlobAttestation(input: BlobInput & { checkClaims?: boolean }, p: PreparedPolicy): VerifyResult {
  checkSize(input);
  const digest = input.checkClaims === false ? undefined : digestOf(input);
  const subject = digest ?? 'sha256:' + '0'.repeat(64);
  const b = input.bundle;
  const c: Candidate = isObject(b) && 'mediaType' in b
    ? { kind: 'sigstore-bundle', source: input.source, subject, bundle: b }
    : { kind: 'cosign-attestation', source: input.source, subject, envelope: b, annotations: {} };
  return verifyCandidates([c], [input.source], subject, p, { repository: '', mode: 'attestations', ...(digest ? {} : { checkClaims: false }) });
}
