/**
 * cosign's legacy formats (sigstore/cosign specs/SIGNATURE_SPEC.md): the `sha256-<hex>.sig` / `.att`
 * tags, simple-signing payloads, and the annotations that carry signature, certificate, chain and the
 * Rekor bundle. Keyless/Rekor-backed signatures are turned into a Sigstore bundle (v0.1 shape, as cosign
 * itself does) so one verifier checks both formats.
 */
import { createHash } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { BulwarkError } from '../core/index.js';
import { parseTimestamp } from './rfc3161.js';
import { parseBundle } from './verify-bundle.js';
import type { Failure } from './types.js';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const DSSE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

export const Annotation = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  /** `{"SignedRFC3161Timestamp":"<base64 DER TimeStampResp>"}` (cosign pkg/cosign/bundle/tsa.go). */
  rfc3161Timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
  predicateType: 'predicateType',
} as const;

/** `sha256:<hex>` → `sha256-<hex>` (+ suffix): the tag cosign attaches to. */
export function cosignTag(digest: string, suffix: '.sig' | '.att' | '.sbom' | ''): string {
  return `${digest.replace(':', '-')}${suffix}`;
}

/** The simple-signing payload cosign signs, byte for byte (Go's json.Marshal order, no trailing newline). */
export function simpleSigningPayload(dockerReference: string, digest: string, optional?: Record<string, string>): Buffer {
  const doc = {
    critical: { identity: { 'docker-reference': dockerReference }, image: { 'docker-manifest-digest': digest }, type: COSIGN_SIGNATURE_TYPE },
    optional: optional ?? null,
  };
  return Buffer.from(JSON.stringify(doc));
}

/** The digest a simple-signing payload names, or the reason it names none. */
export function payloadDigest(payload: Buffer): { digest?: string; failure?: Failure } {
  let doc: { critical?: { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } } };
  try {
    doc = JSON.parse(payload.toString('utf8')) as typeof doc;
  } catch {
    return { failure: { check: 'format', reason: 'simple-signing payload is not JSON' } };
  }
  if (doc?.critical?.type !== COSIGN_SIGNATURE_TYPE) {
    return { failure: { check: 'format', reason: `simple-signing payload type is ${JSON.stringify(doc?.critical?.type)}, not "${COSIGN_SIGNATURE_TYPE}"` } };
  }
  const d = doc.critical.image?.['docker-manifest-digest'];
  if (typeof d !== 'string') return { failure: { check: 'format', reason: 'simple-signing payload has no critical.image.docker-manifest-digest' } };
  return { digest: d };
}

interface RekorBundleAnnotation {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

/** cosign's `dev.sigstore.cosign/bundle` annotation → a TransparencyLogEntry (protobuf JSON form). */
function tlogEntryFromRekorBundle(text: string): Record<string, unknown> {
  const rb = JSON.parse(text) as RekorBundleAnnotation;
  const p = rb?.Payload;
  if (!p || typeof p.body !== 'string' || typeof rb.SignedEntryTimestamp !== 'string') throw new Error('Rekor bundle without Payload.body or SignedEntryTimestamp');
  const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as { kind?: string; apiVersion?: string };
  return {
    logIndex: String(p.logIndex),
    logId: { keyId: Buffer.from(p.logID, 'hex').toString('base64') },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(p.integratedTime),
    inclusionPromise: { signedEntryTimestamp: rb.SignedEntryTimestamp },
    canonicalizedBody: p.body,
  };
}

/** A TransparencyLogEntry (from a Rekor witness) → cosign's bundle annotation. */
export function rekorBundleFromTlogEntry(entry: {
  logIndex: string; logId?: { keyId: Buffer }; integratedTime: string; inclusionPromise?: { signedEntryTimestamp: Buffer }; canonicalizedBody: Buffer;
}): string {
  if (!entry.inclusionPromise || !entry.logId) throw new BulwarkError('INTERNAL', 'Rekor entry without a signed entry timestamp');
  const doc: RekorBundleAnnotation = {
    SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp.toString('base64'),
    Payload: {
      body: entry.canonicalizedBody.toString('base64'), integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex), logID: entry.logId.keyId.toString('hex'),
    },
  };
  return JSON.stringify(doc);
}

/** cosign's timestamp annotation → the TimeStampResp DER (a bare token is wrapped), base64. */
function timestampFromAnnotation(text: string): string {
  const doc = JSON.parse(text) as { SignedRFC3161Timestamp?: unknown };
  if (typeof doc?.SignedRFC3161Timestamp !== 'string' || !doc.SignedRFC3161Timestamp) throw new Error('no SignedRFC3161Timestamp');
  return parseTimestamp(Buffer.from(doc.SignedRFC3161Timestamp, 'base64')).response.toString('base64');
}

/** The annotation cosign writes for a TimeStampResp over the signature. */
export function timestampAnnotation(response: Buffer): Record<string, string> {
  return { [Annotation.rfc3161Timestamp]: JSON.stringify({ SignedRFC3161Timestamp: response.toString('base64') }) };
}

const pemBlocks = (text: string): string[] =>
  [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));

interface LegacyMaterial {
  /** Signed bytes (simple-signing payload) or a DSSE envelope (`raw`: the layer's bytes as stored). */
  content: { kind: 'message'; payload: Buffer; signature: Buffer } | { kind: 'dsse'; envelope: Record<string, unknown>; raw?: Buffer };
  annotations: Record<string, string>;
}

/**
 * Builds the bundle cosign would (v0.1 when a Rekor SET is present, else v0.3) from a legacy layer.
 * Returns a `format` failure for unreadable annotations. `stamped`: the bytes a timestamp annotation
 * covers when they are not the signature (cosign stamps a `.att` layer's whole envelope).
 */
export function bundleFromLegacy(m: LegacyMaterial): { bundle?: Bundle; failure?: Failure; stamped?: Buffer } {
  const a = m.annotations;
  const certs = [...(a[Annotation.certificate] ? pemBlocks(a[Annotation.certificate]!) : []), ...(a[Annotation.chain] ? pemBlocks(a[Annotation.chain]!) : [])];
  let tlogEntries: Array<Record<string, unknown>> = [];
  if (a[Annotation.bundle]) {
    try {
      tlogEntries = [tlogEntryFromRekorBundle(a[Annotation.bundle]!)];
    } catch (e) {
      return { failure: { check: 'format', reason: `${Annotation.bundle} annotation is unreadable: ${(e as Error).message}` } };
    }
  }
  // cosign stamps the raw signature bytes of a `.sig` layer, which is what @sigstore/verify checks the
  // imprint against for a message signature. On `.att` layers cosign stamps the layer's whole envelope
  // (cosign VerifyRFC3161Timestamp: the payload when there is no base64 signature); the caller hands
  // those bytes to the verifier as `stamped`.
  const rfc3161Timestamps: Array<{ signedTimestamp: string }> = [];
  const stamped = m.content.kind === 'dsse' ? m.content.raw : undefined;
  if (a[Annotation.rfc3161Timestamp] && (m.content.kind === 'message' || stamped)) {
    try {
      rfc3161Timestamps.push({ signedTimestamp: timestampFromAnnotation(a[Annotation.rfc3161Timestamp]!) });
    } catch (e) {
      return { failure: { check: 'format', reason: `${Annotation.rfc3161Timestamp} annotation is unreadable: ${(e as Error).message}` } };
    }
  }
  const v01 = tlogEntries.length > 0;
  const verificationMaterial: Record<string, unknown> = {
    tlogEntries, timestampVerificationData: { rfc3161Timestamps },
    ...(certs.length
      ? (v01 ? { x509CertificateChain: { certificates: certs.map((rawBytes) => ({ rawBytes })) } } : { certificate: { rawBytes: certs[0] } })
      : { publicKey: { hint: '' } }),
  };
  const content = m.content.kind === 'message'
    ? { messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(m.content.payload).digest('base64') }, signature: m.content.signature.toString('base64') } }
    : { dsseEnvelope: m.content.envelope };
  const parsed = parseBundle({
    mediaType: v01 ? 'application/vnd.dev.sigstore.bundle+json;version=0.1' : 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial, ...content,
  });
  return rfc3161Timestamps.length && stamped ? { ...parsed, stamped } : parsed;
}
