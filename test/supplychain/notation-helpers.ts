/**
 * Notation-format signatures made the way `notation sign` makes them (notaryproject specifications:
 * signature manifest, JWS / COSE_Sign1 envelope, x5c chain, notary.x509 scheme), from a test CA made
 * with @peculiar/x509. They are pushed as OCI 1.1 referrers into the real test registry.
 */
import 'reflect-metadata';
import { KeyObject, constants, createHash, sign as cryptoSign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { Tag, decode as cborDecode, encode as cborEncode } from 'cbor2';
import { FlattenedSign } from 'jose';
import { MediaType, RegistryClient } from '../../src/oci/index.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = webcrypto.subtle;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const SCHEME = 'io.cncf.notary.signingScheme';
const SIGNING_TIME = 'io.cncf.notary.signingTime';
const EXPIRY = 'io.cncf.notary.expiry';
const CTY = 'application/vnd.cncf.notary.payload.v1+json';

export interface TestCa { cert: x509.X509Certificate; keys: CryptoKeyPair; pem: string }
export interface TestSigner { ca: TestCa; cert: x509.X509Certificate; key: KeyObject; alg: 'ES256' | 'PS256' }

export async function makeCa(name: string, now = new Date()): Promise<TestCa> {
  const keys = await subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name, keys, signingAlgorithm: EC, notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 365 * DAY),
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys, pem: cert.toString('pem') };
}

/** A code-signing leaf under `ca`; `alg` PS256 gives an RSA key, ES256 a P-256 key. */
export async function makeSigner(ca: TestCa, subject: string, alg: 'ES256' | 'PS256', validity?: { notBefore: Date; notAfter: Date }, revocation: { crl?: string; ocsp?: string } = {}): Promise<TestSigner> {
  const keys = await subtle.generateKey(alg === 'ES256' ? EC : RSA, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    subject, issuer: ca.cert.subject, publicKey: keys.publicKey, signingKey: ca.keys.privateKey, signingAlgorithm: EC,
    notBefore: validity?.notBefore ?? new Date(now - DAY), notAfter: validity?.notAfter ?? new Date(now + 30 * DAY),
    serialNumber: createHash('sha256').update(subject + Math.random()).digest('hex').slice(0, 16),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.3']),
      ...(revocation.crl ? [new x509.CRLDistributionPointsExtension([revocation.crl])] : []),
      ...(revocation.ocsp ? [new x509.AuthorityInfoAccessExtension({ ocsp: [revocation.ocsp] })] : []),
    ],
  });
  return { ca, cert, key: KeyObject.from(keys.privateKey), alg };
}

/** A DER CRL of `ca` revoking `serials` (hex), current by default; `signedBy` forges it with another CA's key. */
export async function makeCrl(ca: TestCa, serials: string[], o: { thisUpdate?: Date; nextUpdate?: Date; signedBy?: TestCa } = {}): Promise<Buffer> {
  const now = Date.now();
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subject, thisUpdate: o.thisUpdate ?? new Date(now - 3600_000), nextUpdate: o.nextUpdate ?? new Date(now + DAY),
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(now - 1800_000), reason: x509.X509CrlReason.keyCompromise })),
    signingKey: (o.signedBy ?? ca).keys.privateKey, signingAlgorithm: EC,
  });
  return Buffer.from(crl.rawData);
}

export interface Target { mediaType: string; digest: string; size: number }
export interface SignOptions {
  /** Override the signed target (another image's digest: tampering). */
  target?: Target;
  signingTime?: Date;
  expiry?: Date;
  /** Extra critical headers (present in the protected header too). */
  extraCrit?: string[];
  /** Flip a bit of the signature. */
  corrupt?: boolean;
  /** notary.x509 (default) or notary.x509.signingAuthority (authenticSigningTime, critical). */
  scheme?: 'notary.x509' | 'notary.x509.signingAuthority';
}

const AUTH_TIME = 'io.cncf.notary.authenticSigningTime';
const TIMESTAMP = 'io.cncf.notary.timestampSignature';

const payloadOf = (t: Target): Buffer => Buffer.from(JSON.stringify({ targetArtifact: { mediaType: t.mediaType, digest: t.digest, size: t.size } }));

export async function jwsEnvelope(s: TestSigner, target: Target, o: SignOptions = {}): Promise<Buffer> {
  const sa = o.scheme === 'notary.x509.signingAuthority';
  const prot: Record<string, unknown> = {
    alg: s.alg, cty: CTY, crit: [SCHEME, ...(sa ? [AUTH_TIME] : []), ...(o.expiry ? [EXPIRY] : []), ...(o.extraCrit ?? [])],
    [SCHEME]: o.scheme ?? 'notary.x509', [sa ? AUTH_TIME : SIGNING_TIME]: (o.signingTime ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(o.expiry ? { [EXPIRY]: o.expiry.toISOString() } : {}),
    ...Object.fromEntries((o.extraCrit ?? []).map((h) => [h, 'x'])),
  };
  const jws = await new FlattenedSign(payloadOf(o.target ?? target))
    .setProtectedHeader(prot as { alg: string })
    .setUnprotectedHeader({ x5c: [s.cert, s.ca.cert].map((c) => Buffer.from(c.rawData).toString('base64')), 'io.cncf.notary.signingAgent': 'bulwark-test/1.0' })
    .sign(s.key, { crit: Object.fromEntries((prot.crit as string[]).map((h) => [h, true])) });
  if (o.corrupt) jws.signature = flip(jws.signature);
  return Buffer.from(JSON.stringify(jws));
}

function flip(b64: string): string {
  const b = Buffer.from(b64, 'base64url');
  b[5]! ^= 0x01;
  return b.toString('base64url');
}

const COSE_ALG = { ES256: -7, PS256: -37 } as const;

export function coseEnvelope(s: TestSigner, target: Target, o: SignOptions = {}): Buffer {
  const t = o.signingTime ?? new Date();
  const sa = o.scheme === 'notary.x509.signingAuthority';
  const prot = new Map<unknown, unknown>([
    [1, COSE_ALG[s.alg]], [2, [SCHEME, ...(sa ? [AUTH_TIME] : []), ...(o.expiry ? [EXPIRY] : []), ...(o.extraCrit ?? [])]], [3, CTY],
    [SCHEME, o.scheme ?? 'notary.x509'], [sa ? AUTH_TIME : SIGNING_TIME, new Tag(1, Math.floor(t.getTime() / 1000))],
    ...(o.expiry ? [[EXPIRY, new Tag(1, Math.floor(o.expiry.getTime() / 1000))] as const] : []),
    ...(o.extraCrit ?? []).map((h) => [h, 'x'] as const),
  ]);
  // cbor2 returns views of a reused buffer: copy before the next encode.
  const protBytes = cborEncode(prot).slice();
  const payload = new Uint8Array(payloadOf(o.target ?? target));
  const tbs = cborEncode(['Signature1', protBytes, new Uint8Array(0), payload]).slice();
  const sig = s.alg === 'ES256'
    ? cryptoSign('sha256', tbs, { key: s.key, dsaEncoding: 'ieee-p1363' })
    : cryptoSign('sha256', tbs, { key: s.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  if (o.corrupt) sig[5]! ^= 0x01;
  const unprot = new Map<unknown, unknown>([
    [33, [s.cert, s.ca.cert].map((c) => new Uint8Array(c.rawData))], ['io.cncf.notary.signingAgent', 'bulwark-test/1.0'],
  ]);
  return Buffer.from(cborEncode(new Tag(18, [protBytes, unprot, payload, new Uint8Array(sig)])));
}

/** Pushes `envelope` as a Notation signature manifest referring to `subject` (what `notation sign` pushes). */
export async function pushNotation(host: string, repo: string, subject: Target, envelope: Buffer, format: 'jws' | 'cose'): Promise<string> {
  const c = new RegistryClient(host);
  try {
    const layer = await c.putBlob(repo, envelope);
    const cfg = await c.putBlob(repo, Buffer.from('{}'));
    const layerType = format === 'jws' ? 'application/jose+json' : 'application/cose';
    const artifactType = 'application/vnd.cncf.notary.signature';
    const annotations = { 'io.cncf.notary.x509chain.thumbprint#S256': '[]', 'org.opencontainers.image.created': new Date().toISOString() };
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: MediaType.OciManifest, artifactType,
      config: { mediaType: MediaType.OciEmpty, digest: cfg.digest, size: cfg.size },
      layers: [{ mediaType: layerType, digest: layer.digest, size: layer.size }],
      subject, annotations,
    }));
    return await c.pushReferrer(repo, manifest, { mediaType: MediaType.OciManifest, artifactType, annotations }, subject.digest);
  } finally {
    c.close();
  }
}

/**
 * Adds the RFC 3161 countersignature `notation sign --timestamp-url` adds: a TimeStampToken over the
 * signature value, in the unprotected header `io.cncf.notary.timestampSignature`. `stamp` gets the bytes
 * to stamp (tampering tests stamp others).
 */
export async function withTimestamp(envelope: Buffer, format: 'jws' | 'cose', stamp: (signature: Buffer) => Promise<Buffer>): Promise<Buffer> {
  if (format === 'jws') {
    const jws = JSON.parse(envelope.toString('utf8')) as { signature: string; header: Record<string, unknown> };
    jws.header[TIMESTAMP] = (await stamp(Buffer.from(jws.signature, 'base64url'))).toString('base64');
    return Buffer.from(JSON.stringify(jws));
  }
  const msg = cborDecode(envelope, { preferMap: true }) as Tag;
  const [prot, unprot, payload, sig] = msg.contents as [Uint8Array, Map<unknown, unknown>, Uint8Array, Uint8Array];
  unprot.set(TIMESTAMP, Uint8Array.from(await stamp(Buffer.from(sig))));
  // Plain Uint8Arrays: decoded byte strings are Buffers, which cbor2 would encode through toJSON().
  const plain = (b: Uint8Array) => Uint8Array.from(b);
  for (const [k, v] of unprot) {
    if (Array.isArray(v)) unprot.set(k, v.map((x: Uint8Array) => plain(x)));
    else if (v instanceof Uint8Array) unprot.set(k, plain(v));
  }
  return Buffer.from(cborEncode(new Tag(18, [plain(prot), unprot, plain(payload), plain(sig)])));
}
