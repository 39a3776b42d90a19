/**
 * Signing and attaching, so users (and tests) never need the internet: cosign-compatible `.sig`/`.att`
 * tags, or Sigstore bundles attached as OCI 1.1 referrers. Keys sign through node:crypto; keyless goes
 * through @sigstore/sign's Fulcio signer and Rekor witness (any Fulcio/Rekor URL, e.g. @sigstore/mock).
 */
import { createHash, type KeyObject } from 'node:crypto';
import type * as SigstoreBundle from '@sigstore/bundle';
import type { Bundle } from '@sigstore/bundle';
import type * as ProtobufSpecs from '@sigstore/protobuf-specs';
import type * as SigstoreSign from '@sigstore/sign';
import type { Signer, Witness } from '@sigstore/sign';
import { BulwarkError, lazy } from '../core/index.js';
import { MediaType, type Descriptor, type RegistryClient } from '../oci/index.js';
import { Annotation, DSSE_MEDIA_TYPE, SIMPLE_SIGNING_MEDIA_TYPE, cosignTag, rekorBundleFromTlogEntry, simpleSigningPayload, timestampAnnotation } from './cosign.js';
import { BUNDLE_MEDIA_TYPES, BUNDLE_PREDICATE_ANNOTATION } from './discovery.js';
import { COSIGN_SIGN_PREDICATE, IN_TOTO_PAYLOAD_TYPE, envelopeJson } from './intoto.js';
import { keyFingerprint, publicKeyPem, signBytes, signPae } from './keys.js';
import { requestTimestamp } from './rfc3161.js';

// Loaded on first use: @sigstore/sign pulls in make-fetch-happen and cacache, ~0.25 s of start-up for every
// command (`bulwark fs`, `--version`) that never signs.
const sigstoreSign = lazy<typeof SigstoreSign>('@sigstore/sign');
const sigstoreBundle = lazy<typeof SigstoreBundle>('@sigstore/bundle');
const protobufSpecs = lazy<typeof ProtobufSpecs>('@sigstore/protobuf-specs');

export type SigningIdentity = (
  | { kind: 'key'; privateKey: KeyObject; publicKey: KeyObject; rekorUrl?: string }
  | { kind: 'keyless'; fulcioUrl: string; rekorUrl?: string; identityToken: string }
) & {
  /** cosign's `--timestamp-server-url`: an RFC 3161 TSA that stamps the signature bytes. */
  timestampServerUrl?: string;
};

interface SignTarget {
  client: RegistryClient;
  /** Repository path inside the registry. */
  path: string;
  /** `registry/repository` for the simple-signing docker-reference and in-toto subject name. */
  name: string;
  /** The manifest being signed. */
  subject: Pick<Descriptor, 'mediaType' | 'digest' | 'size'>;
}

export interface SignOutcome {
  /** Where it went: `tag sha256-….sig` or `referrer sha256:…`. */
  location: string;
  digest: string;
  logIndex?: number;
}

const BUNDLE_V03 = BUNDLE_MEDIA_TYPES[0];
const EMPTY_CONFIG = Buffer.from('{}');
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();

function keySigner(key: KeyObject, publicKey: KeyObject, dsse: boolean): Signer {
  return {
    sign: async (data: Buffer) => ({
      signature: dsse ? signPae(data, key) : signBytes(data, key),
      key: { $case: 'publicKey', publicKey: publicKeyPem(publicKey), hint: keyFingerprint(publicKey) },
    }),
  };
}

function signerFor(id: SigningIdentity, dsse: boolean): Signer {
  if (id.kind === 'key') return keySigner(id.privateKey, id.publicKey, dsse);
  return new (sigstoreSign().FulcioSigner)({ fulcioBaseURL: id.fulcioUrl, identityProvider: { getToken: () => Promise.resolve(id.identityToken) }, retry: 0, timeout: 10_000 });
}

/**
 * An RFC 3161 witness: stamps the signature bytes (the message signature, or the DSSE signature) at a
 * standard TSA endpoint (`application/timestamp-query`), as cosign's `--timestamp-server-url` does;
 * @sigstore/sign's own TSA witness speaks only Sigstore's JSON API.
 */
function timestampWitness(url: string): Witness {
  return {
    testify: async (content) => {
      const sig = content.$case === 'messageSignature' ? content.messageSignature.signature : content.dsseEnvelope.signatures[0]?.sig;
      if (!sig) throw new BulwarkError('INTERNAL', 'nothing to timestamp: the envelope has no signature');
      return { rfc3161Timestamps: [{ signedTimestamp: await requestTimestamp(url, Buffer.from(sig)) }] };
    },
  };
}

function witnessesFor(id: SigningIdentity, entryType: 'dsse' | 'intoto'): Witness[] {
  const out: Witness[] = [];
  if (id.rekorUrl) out.push(new (sigstoreSign().RekorWitness)({ rekorBaseURL: id.rekorUrl, entryType, fetchOnConflict: false, retry: 0, timeout: 10_000 }));
  if (id.timestampServerUrl) out.push(timestampWitness(id.timestampServerUrl));
  return out;
}

function tlogAnnotations(bundle: Bundle): Record<string, string> {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  return entry ? { [Annotation.bundle]: rekorBundleFromTlogEntry(entry) } : {};
}

function certAnnotations(bundle: Bundle): Record<string, string> {
  const vm = bundle.verificationMaterial.content;
  const certs = vm.$case === 'x509CertificateChain' ? vm.x509CertificateChain.certificates.map((c) => c.rawBytes)
    : vm.$case === 'certificate' ? [vm.certificate.rawBytes] : [];
  const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  if (!certs.length) return {};
  return { [Annotation.certificate]: pem(Buffer.from(certs[0]!)), ...(certs.length > 1 ? { [Annotation.chain]: certs.slice(1).map((c) => pem(Buffer.from(c))).join('') } : {}) };
}

/** A message-signature bundle made with the legacy shape's rules (cosign signs the payload bytes). */
async function messageBundle(id: SigningIdentity, payload: Buffer): Promise<{ signature: Buffer; bundle: Bundle }> {
  const signer = signerFor(id, false);
  const sig = await signer.sign(payload);
  const content = { $case: 'messageSignature' as const, messageSignature: { messageDigest: { algorithm: protobufSpecs().HashAlgorithm.SHA2_256, digest: sha256(payload) }, signature: sig.signature } };
  const pub = sig.key.$case === 'x509Certificate' ? sig.key.certificate : sig.key.publicKey;
  const material = { tlogEntries: [] as Bundle['verificationMaterial']['tlogEntries'], rfc3161Timestamps: [] as Array<{ signedTimestamp: Buffer }> };
  for (const w of witnessesFor(id, 'intoto')) {
    const vm = await w.testify(content, pub);
    material.tlogEntries.push(...(vm.tlogEntries ?? []));
    material.rfc3161Timestamps.push(...(vm.rfc3161Timestamps ?? []));
  }
  const certDer = sig.key.$case === 'x509Certificate' ? pemToDer(sig.key.certificate) : undefined;
  const bundle = {
    mediaType: BUNDLE_V03,
    verificationMaterial: {
      content: certDer ? { $case: 'certificate' as const, certificate: { rawBytes: certDer } } : { $case: 'publicKey' as const, publicKey: { hint: '' } },
      tlogEntries: material.tlogEntries, timestampVerificationData: { rfc3161Timestamps: material.rfc3161Timestamps },
    },
    content,
  } as Bundle;
  return { signature: sig.signature, bundle };
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Appends one layer to cosign's `.sig`/`.att` manifest (creating it), keeping earlier signatures. */
async function appendLegacyLayer(t: SignTarget, suffix: '.sig' | '.att', blob: Buffer, mediaType: string, annotations: Record<string, string>): Promise<string> {
  const tag = cosignTag(t.subject.digest, suffix);
  const layers: Descriptor[] = [];
  if (await t.client.headManifest(t.path, tag)) {
    const old = await t.client.getManifest(t.path, tag);
    if (old.document.kind === 'manifest') layers.push(...old.document.manifest.layers);
  }
  const { digest, size } = await t.client.putBlob(t.path, blob);
  const layer: Descriptor = { mediaType, digest, size, annotations };
  const kept = layers.filter((l) => !(l.digest === digest && l.annotations?.[Annotation.signature] === annotations[Annotation.signature]));
  kept.push(layer);
  // An image config like cosign's (skopeo and registries parse it): one diff_id per layer.
  const config = Buffer.from(JSON.stringify({
    architecture: '', created: '0001-01-01T00:00:00Z', history: kept.map(() => ({ created: '0001-01-01T00:00:00Z' })), os: '',
    rootfs: { type: 'layers', diff_ids: kept.map((l) => l.digest) }, config: {},
  }));
  const cfg = await t.client.putBlob(t.path, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, size: cfg.size, digest: cfg.digest },
    layers: kept.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.digest, ...(l.annotations ? { annotations: l.annotations } : {}) })),
  }));
  await t.client.putManifest(t.path, tag, manifest, MediaType.OciManifest);
  return tag;
}

/** Pushes a Sigstore bundle as an OCI 1.1 referrer of the subject. */
async function attachBundle(t: SignTarget, bundle: Bundle, predicateType: string, created: Date): Promise<string> {
  const json = Buffer.from(JSON.stringify(sigstoreBundle().bundleToJSON(bundle)));
  const layer = await t.client.putBlob(t.path, json);
  const cfg = await t.client.putBlob(t.path, EMPTY_CONFIG);
  const annotations = {
    'dev.sigstore.bundle.content': bundle.content.$case === 'dsseEnvelope' ? 'dsse-envelope' : 'message-signature',
    [BUNDLE_PREDICATE_ANNOTATION]: predicateType,
    'org.opencontainers.image.created': created.toISOString(),
  };
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MediaType.OciManifest, artifactType: BUNDLE_V03,
    config: { mediaType: MediaType.OciEmpty, digest: cfg.digest, size: cfg.size },
    layers: [{ mediaType: BUNDLE_V03, digest: layer.digest, size: layer.size }],
    subject: t.subject, annotations,
  }));
  return t.client.pushReferrer(t.path, manifest, { mediaType: MediaType.OciManifest, artifactType: BUNDLE_V03, annotations }, t.subject.digest);
}

function statementFor(t: SignTarget, predicateType: string, predicate: unknown): Buffer {
  return Buffer.from(JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: t.name, digest: { sha256: t.subject.digest.replace(/^sha256:/, '') } }],
    predicateType, predicate,
  }));
}

/**
 * DSSE bundles are logged as `intoto` entries (cosign's choice for attestations); @sigstore/mock's Rekor
 * answers `dsse` entries with a body whose signature list @sigstore/verify rejects ("signature count
 * mismatch"), so `intoto` is also what the keyless tests can exercise.
 */
async function dsseBundle(id: SigningIdentity, statement: Buffer): Promise<Bundle> {
  const builder = new (sigstoreSign().DSSEBundleBuilder)({ signer: signerFor(id, true), witnesses: witnessesFor(id, 'intoto') });
  return builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE });
}

const logIndexOf = (b: Bundle): { logIndex?: number } => {
  const e = b.verificationMaterial.tlogEntries[0];
  return e ? { logIndex: Number(e.logIndex) } : {};
};

/**
 * Signs an image digest. `bundle` false: cosign's `.sig` tag with a simple-signing payload; true: a
 * Sigstore bundle (DSSE, predicate https://sigstore.dev/cosign/sign/v1, cosign v3's format) as referrer.
 */
export async function signImage(t: SignTarget, id: SigningIdentity, opts: { bundle?: boolean; now?: Date } = {}): Promise<SignOutcome> {
  if (opts.bundle) {
    const bundle = await dsseBundle(id, statementFor(t, COSIGN_SIGN_PREDICATE, {}));
    const digest = await attachBundle(t, bundle, COSIGN_SIGN_PREDICATE, opts.now ?? new Date());
    return { location: `referrer ${digest}`, digest, ...logIndexOf(bundle) };
  }
  const payload = simpleSigningPayload(t.name, t.subject.digest);
  const { signature, bundle } = await messageBundle(id, payload);
  const ts = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
  const annotations = {
    [Annotation.signature]: signature.toString('base64'), ...certAnnotations(bundle), ...tlogAnnotations(bundle),
    ...(ts ? timestampAnnotation(Buffer.from(ts.signedTimestamp)) : {}),
  };
  const tag = await appendLegacyLayer(t, '.sig', payload, SIMPLE_SIGNING_MEDIA_TYPE, annotations);
  return { location: `tag ${tag}`, digest: t.subject.digest, ...logIndexOf(bundle) };
}

/** Signs an in-toto statement about the image (`attest`): cosign's `.att` tag, or a bundle referrer. */
export async function attestImage(t: SignTarget, id: SigningIdentity, predicateType: string, predicate: unknown, opts: { bundle?: boolean; now?: Date } = {}): Promise<SignOutcome> {
  if (predicate === undefined) throw new BulwarkError('USAGE', 'attest needs a predicate');
  // cosign stamps a `.att` layer's whole envelope, not the DSSE signature: done below, not by the builder.
  const { timestampServerUrl, ...unstamped } = id;
  const bundle = await dsseBundle(opts.bundle ? id : unstamped, statementFor(t, predicateType, predicate));
  if (opts.bundle) {
    const digest = await attachBundle(t, bundle, predicateType, opts.now ?? new Date());
    return { location: `referrer ${digest}`, digest, ...logIndexOf(bundle) };
  }
  if (bundle.content.$case !== 'dsseEnvelope') throw new BulwarkError('INTERNAL', 'DSSE builder returned no envelope');
  const env = bundle.content.dsseEnvelope;
  const envelope = Buffer.from(JSON.stringify(envelopeJson({ payloadType: env.payloadType, payload: Buffer.from(env.payload), signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig) })) })));
  // cosign writes an empty signature annotation on .att layers: the signature lives in the envelope.
  const annotations = {
    [Annotation.signature]: '', [Annotation.predicateType]: predicateType, ...certAnnotations(bundle), ...tlogAnnotations(bundle),
    ...(timestampServerUrl ? timestampAnnotation(await requestTimestamp(timestampServerUrl, envelope)) : {}),
  };
  const tag = await appendLegacyLayer(t, '.att', envelope, DSSE_MEDIA_TYPE, annotations);
  return { location: `tag ${tag}`, digest: t.subject.digest, ...logIndexOf(bundle) };
}

/** Signs arbitrary bytes into a Sigstore bundle (`sign-blob --bundle`), DSSE-free message signature. */
export async function signBlob(id: SigningIdentity, data: Buffer): Promise<Record<string, unknown>> {
  const { bundle } = await messageBundle(id, data);
  return sigstoreBundle().bundleToJSON(bundle) as Record<string, unknown>;
}

