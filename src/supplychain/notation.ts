/**
 * Notation signatures (notaryproject specifications v1.x): JWS (`application/jose+json`) and COSE
 * (`application/cose`) envelopes, verified under Notation's trust policy and trust store the way
 * notation-go does: integrity (envelope signature by the leaf of x5c, well-formed chain valid at the
 * signing time, critical headers, signing scheme, target artifact = the verified manifest), then
 * authenticity (chain anchored in a trust store of the statement, trusted identity), authentic
 * timestamp, expiry and revocation, each enforced, logged or skipped as the statement's level says.
 *
 * JWS signatures are verified by `jose`; COSE_Sign1 is decoded with `cbor2` and its Sig_structure
 * verified with node:crypto (no maintained COSE library handles Notation's string-labelled critical
 * headers; see docs/architecture.md).
 */
import { X509Certificate, constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type * as Cbor2Module from 'cbor2';
import type { FlattenedJWS } from 'jose';
import { x509Lib } from '../core/index.js';
import { chainRevocation } from './revocation.js';
import type { Candidate } from './discovery.js';
import { dnOf, dnSubset, statementFor, type Action, type Validation } from './notation-policy.js';
import { parseTimestamp, TimestampError, verifyTimestamp, type VerifiedTimestamp } from './rfc3161.js';
import type { PreparedPolicy } from './policy.js';
import type { Check, CheckName, SignatureResult } from './types.js';

const PAYLOAD_CTY = 'application/vnd.cncf.notary.payload.v1+json';
const SCHEME = 'io.cncf.notary.signingScheme';
const SIGNING_TIME = 'io.cncf.notary.signingTime';
const EXPIRY = 'io.cncf.notary.expiry';
const AUTH_TIME = 'io.cncf.notary.authenticSigningTime';
/** The unprotected header holding the RFC 3161 TimeStampToken over the signature value. */
const TIMESTAMP = 'io.cncf.notary.timestampSignature';
const X509 = 'notary.x509';
const SIGNING_AUTHORITY = 'notary.x509.signingAuthority';
/** Critical headers notation-go understands; anything else marked critical fails integrity. */
const KNOWN_CRIT = [SCHEME, EXPIRY, AUTH_TIME, 'io.cncf.notary.verificationPlugin', 'io.cncf.notary.verificationPluginMinVersion'];
const CODE_SIGNING_EKU = '1.3.6.1.5.5.7.3.3';
const JWS_ALGS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** COSE algorithm identifiers (RFC 9053 / RFC 8230) Notation allows. */
const COSE_ALGS: Record<number, string> = { [-37]: 'PS256', [-38]: 'PS384', [-39]: 'PS512', [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512' };
const CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

type NotationCandidate = Extract<Candidate, { kind: 'notation-jws' | 'notation-cose' }>;

interface NotationContext {
  /** `registry/repository`: the trust policy scope. */
  repository: string;
  subjectBytes?: ReadonlyMap<string, Buffer>;
  subjectMediaTypes?: ReadonlyMap<string, string>;
  now?: Date;
}

/** What both envelope formats carry, normalised. */
interface Envelope {
  alg: string;
  crit: string[];
  /** Protected header names present (for the "critical header is present" rule). */
  headers: Set<string>;
  cty: unknown;
  scheme: unknown;
  signingTime?: Date;
  authenticSigningTime?: Date;
  expiry?: Date;
  certs: X509Certificate[];
  payload: Buffer;
  /** The signature value: what a timestamp countersignature stamps. */
  signature: Buffer;
  /** `io.cncf.notary.timestampSignature`: a DER TimeStampToken. */
  timestamp?: Buffer;
  verifySignature(key: KeyObject): Promise<boolean>;
}

class EnvelopeError extends Error {}

const b64url = (s: unknown, what: string): Buffer => {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s)) throw new EnvelopeError(`JWS ${what} is not base64url`);
  return Buffer.from(s, 'base64url');
};

function certsOf(list: unknown[], what: string): X509Certificate[] {
  if (!list.length) throw new EnvelopeError(`${what} is empty`);
  return list.map((c, i) => {
    try {
      return new X509Certificate(typeof c === 'string' ? Buffer.from(c, 'base64') : Buffer.from(c as Uint8Array));
    } catch {
      throw new EnvelopeError(`${what}[${i}] is not an X.509 certificate`);
    }
  });
}

function timeOf(v: unknown, what: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new EnvelopeError(`${what} is not a time`);
  return d;
}

function parseJws(bytes: Buffer): Envelope {
  let jws: Record<string, unknown>;
  try {
    jws = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new EnvelopeError('JWS envelope is not JSON (truncated or corrupt)');
  }
  if (typeof jws !== 'object' || jws === null || typeof jws.protected !== 'string' || typeof jws.payload !== 'string' || typeof jws.signature !== 'string') {
    throw new EnvelopeError('JWS envelope is not in flattened JSON serialization (protected, payload, signature)');
  }
  let prot: Record<string, unknown>;
  try {
    prot = JSON.parse(b64url(jws.protected, 'protected header').toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw e instanceof EnvelopeError ? e : new EnvelopeError('JWS protected header is not JSON');
  }
  const header = (jws.header ?? {}) as Record<string, unknown>;
  if (!Array.isArray(header.x5c)) throw new EnvelopeError('JWS unprotected header has no x5c certificate chain');
  const alg = prot.alg;
  if (typeof alg !== 'string' || !JWS_ALGS.includes(alg)) throw new EnvelopeError(`JWS algorithm ${JSON.stringify(alg)} is not one Notation allows (${JWS_ALGS.join(', ')})`);
  const crit = prot.crit === undefined ? [] : prot.crit;
  if (!Array.isArray(crit) || crit.some((x) => typeof x !== 'string')) throw new EnvelopeError('JWS crit is not an array of header names');
  const flat = { protected: jws.protected, payload: jws.payload, signature: jws.signature, header } as FlattenedJWS;
  return {
    alg, crit: crit as string[], headers: new Set(Object.keys(prot)), cty: prot.cty, scheme: prot[SCHEME],
    signingTime: timeOf(prot[SIGNING_TIME], SIGNING_TIME), authenticSigningTime: timeOf(prot[AUTH_TIME], AUTH_TIME), expiry: timeOf(prot[EXPIRY], EXPIRY),
    certs: certsOf(header.x5c, 'x5c'), payload: b64url(jws.payload, 'payload'), signature: b64url(jws.signature, 'signature'),
    timestamp: header[TIMESTAMP] === undefined ? undefined : base64(header[TIMESTAMP], `JWS ${TIMESTAMP}`),
    async verifySignature(key) {
      try {
        // jose rejects unknown critical headers itself; the ones Notation defines are declared here.
        // jose is imported on first use (~80 ms of start-up for every command otherwise).
        const { flattenedVerify } = await import('jose');
        await flattenedVerify(flat, key, { algorithms: [alg], crit: Object.fromEntries(KNOWN_CRIT.map((k) => [k, true])) });
        return true;
      } catch {
        return false;
      }
    },
  };
}

const base64 = (s: unknown, what: string): Buffer => {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new EnvelopeError(`${what} is not base64`);
  return Buffer.from(s, 'base64');
};

const COSE_SIGN1_TAG = 18;

function parseCose(bytes: Buffer, cbor: typeof Cbor2Module): Envelope {
  const { Tag, decode: cborDecode, encode: cborEncode } = cbor;
  let msg: unknown;
  try {
    msg = cborDecode(bytes, { preferMap: true });
  } catch (e) {
    throw new EnvelopeError(`COSE envelope is not CBOR (${(e as Error).message})`);
  }
  if (!(msg instanceof Tag) || Number(msg.tag) !== COSE_SIGN1_TAG || !Array.isArray(msg.contents) || msg.contents.length !== 4) {
    throw new EnvelopeError('COSE envelope is not a tagged COSE_Sign1 message');
  }
  const [protBytes, unprot, payload, signature] = msg.contents as [unknown, unknown, unknown, unknown];
  if (!(protBytes instanceof Uint8Array) || !(unprot instanceof Map) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
    throw new EnvelopeError('COSE_Sign1 fields are not (bstr, map, bstr, bstr): detached payloads are not Notation signatures');
  }
  let prot: unknown;
  try {
    prot = cborDecode(protBytes, { preferMap: true });
  } catch {
    throw new EnvelopeError('COSE protected header is not CBOR');
  }
  if (!(prot instanceof Map)) throw new EnvelopeError('COSE protected header is not a map');
  const alg = COSE_ALGS[Number(prot.get(1))];
  if (!alg) throw new EnvelopeError(`COSE algorithm ${String(prot.get(1))} is not one Notation allows (${Object.keys(COSE_ALGS).join(', ')})`);
  const crit = prot.get(2) ?? [];
  if (!Array.isArray(crit) || crit.some((x) => typeof x !== 'string')) throw new EnvelopeError('COSE crit (label 2) is not an array of header names');
  const chain = unprot.get(33);
  const certs = certsOf(chain instanceof Uint8Array ? [chain] : Array.isArray(chain) ? chain : [], 'COSE x5chain (label 33)');
  const ts = unprot.get(TIMESTAMP);
  if (ts !== undefined && !(ts instanceof Uint8Array)) throw new EnvelopeError(`COSE ${TIMESTAMP} is not a byte string`);
  return {
    alg, crit: crit as string[], headers: new Set([...prot.keys()].filter((k): k is string => typeof k === 'string')), cty: prot.get(3), scheme: prot.get(SCHEME),
    signingTime: timeOf(prot.get(SIGNING_TIME), SIGNING_TIME), authenticSigningTime: timeOf(prot.get(AUTH_TIME), AUTH_TIME), expiry: timeOf(prot.get(EXPIRY), EXPIRY),
    certs, payload: Buffer.from(payload), signature: Buffer.from(signature), ...(ts ? { timestamp: Buffer.from(ts) } : {}),
    verifySignature(key) {
      // RFC 9052 §4.4: Sig_structure = ["Signature1", body_protected, external_aad, payload].
      // Plain Uint8Arrays: cbor2 encodes a Buffer through its toJSON(). The result is copied because
      // cbor2 returns a view of an encoder buffer it reuses.
      const toBeSigned = cborEncode(['Signature1', Uint8Array.from(protBytes), new Uint8Array(0), Uint8Array.from(payload)]).slice();
      const hash = `sha${alg.slice(2)}`;
      try {
        if (alg.startsWith('ES')) {
          if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== CURVES[alg]) return Promise.resolve(false);
          return Promise.resolve(cryptoVerify(hash, toBeSigned, { key, dsaEncoding: 'ieee-p1363' }, signature));
        }
        if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return Promise.resolve(false);
        return Promise.resolve(cryptoVerify(hash, toBeSigned, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }, signature));
      } catch {
        return Promise.resolve(false);
      }
    },
  };
}

/** Integrity rules on the headers: critical headers known and present, signing scheme and its time header, payload content type. */
function headerProblem(e: Envelope): string | undefined {
  if (!e.crit.includes(SCHEME)) return `${SCHEME} is not marked critical`;
  for (const h of e.crit) {
    if (!KNOWN_CRIT.includes(h)) return `unsupported critical header ${JSON.stringify(h)}`;
    if (!e.headers.has(h)) return `critical header ${JSON.stringify(h)} is absent from the protected header`;
    if (h.startsWith('io.cncf.notary.verificationPlugin')) return 'the signature requires a Notation verification plugin, which Bulwark does not run';
  }
  if (e.expiry && !e.crit.includes(EXPIRY)) return `${EXPIRY} is present but not marked critical`;
  if (e.cty !== PAYLOAD_CTY) return `payload content type ${JSON.stringify(e.cty)} is not ${PAYLOAD_CTY}`;
  if (e.scheme === X509) {
    if (!e.signingTime) return `${SIGNING_TIME} is missing`;
    if (e.headers.has(AUTH_TIME)) return `${AUTH_TIME} must not be present under ${X509}`;
    return undefined;
  }
  if (e.scheme === SIGNING_AUTHORITY) {
    if (!e.authenticSigningTime) return `${AUTH_TIME} is missing (required under ${SIGNING_AUTHORITY})`;
    if (!e.crit.includes(AUTH_TIME)) return `${AUTH_TIME} is not marked critical`;
    if (e.headers.has(SIGNING_TIME)) return `${SIGNING_TIME} must not be present under ${SIGNING_AUTHORITY}`;
    return undefined;
  }
  return `signing scheme ${JSON.stringify(e.scheme)} is not ${X509} or ${SIGNING_AUTHORITY}`;
}

const when = (d: Date): string => d.toISOString();
const subjectOf = (c: X509Certificate): string => c.subject.split('\n').join(', ');
const validAt = (c: X509Certificate, t: Date): boolean => new Date(c.validFrom).getTime() <= t.getTime() && t.getTime() <= new Date(c.validTo).getTime();

/** x5c must be leaf first, each certificate issued by the next, CAs above the leaf, leaf for code signing. */
function chainProblem(certs: X509Certificate[]): string | undefined {
  const leaf = certs[0]!;
  if (leaf.ca) return `the signing certificate ${subjectOf(leaf)} is a CA certificate`;
  const eku = leaf.keyUsage;
  if (eku && eku.length && !eku.includes(CODE_SIGNING_EKU)) return `the signing certificate ${subjectOf(leaf)} is not for code signing (extended key usage ${eku.join(', ')})`;
  for (let i = 0; i + 1 < certs.length; i++) {
    const child = certs[i]!;
    const parent = certs[i + 1]!;
    if (!parent.ca) return `x5c[${i + 1}] ${subjectOf(parent)} is not a CA certificate`;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return `x5c[${i}] ${subjectOf(child)} is not issued by x5c[${i + 1}] ${subjectOf(parent)}`;
  }
  return undefined;
}

/** notation-core-go's VerifyAuthenticity: a trust store certificate is in the chain or issued its top. */
function anchoredIn(certs: X509Certificate[], stores: Array<{ id: string; certs: X509Certificate[] }>): string | undefined {
  const top = certs[certs.length - 1]!;
  for (const s of stores) {
    for (const t of s.certs) {
      if (certs.some((c) => c.raw.equals(t.raw))) return s.id;
      if (top.checkIssued(t) && top.verify(t.publicKey)) return s.id;
    }
  }
  return undefined;
}

interface TargetArtifact { digest?: unknown; mediaType?: unknown; size?: unknown }

function bindingCheck(payload: Buffer, subject: string, ctx: NotationContext): Check {
  let target: TargetArtifact | undefined;
  try {
    target = (JSON.parse(payload.toString('utf8')) as { targetArtifact?: TargetArtifact }).targetArtifact;
  } catch { /* reported below */ }
  if (!target || typeof target !== 'object') return { name: 'format', ok: false, detail: 'Notation payload has no targetArtifact' };
  if (target.digest !== subject) return { name: 'digest-binding', ok: false, detail: `payload targetArtifact digest is ${String(target.digest)}, not the verified digest ${subject} (signature of another artifact)` };
  const mediaType = ctx.subjectMediaTypes?.get(subject);
  if (mediaType && target.mediaType !== mediaType) return { name: 'digest-binding', ok: false, detail: `payload targetArtifact mediaType is ${String(target.mediaType)}, not ${mediaType}` };
  const bytes = ctx.subjectBytes?.get(subject);
  if (bytes && target.size !== bytes.length) return { name: 'digest-binding', ok: false, detail: `payload targetArtifact size is ${String(target.size)}, not ${bytes.length}` };
  return { name: 'digest-binding', ok: true, detail: `payload targetArtifact is ${subject}${mediaType ? ` (${mediaType}, ${bytes?.length ?? '?'} bytes)` : ''}` };
}

/** Applies a validation's action: enforce keeps a failure, log records it as passed-with-note, skip drops it. */
function act(action: Action, check: Check, level: string): Check | undefined {
  if (action === 'skip') return undefined;
  if (check.ok || action === 'enforce') return check;
  return { name: check.name, ok: true, detail: `logged, not enforced (level ${level}): ${check.detail ?? check.name}` };
}

type Statement = NonNullable<ReturnType<typeof statementFor>>;

/**
 * notation-go's authentic-timestamp validation. signingAuthority: the authentic signing time (the chain
 * was checked valid at it under integrity). notary.x509: without a `tsa:` store in the statement, or
 * with `verifyTimestamp: afterCertExpiry` while the chain is unexpired, the chain must be valid now;
 * otherwise the RFC 3161 countersignature must be present, stamp the signature value, verify to a `tsa:`
 * store, and its time range [genTime ± accuracy] must lie inside every certificate's validity.
 */
async function authenticTimestamp(e: Envelope, scheme: string, stmt: Statement, now: Date): Promise<Check> {
  if (scheme === SIGNING_AUTHORITY) return { name: 'timestamp', ok: true, detail: `authentic signing time ${when(e.authenticSigningTime!)} from the signing authority; the chain was valid then` };
  const tsaStores = stmt.stores.filter((st) => st.type === 'tsa');
  const expired = e.certs.find((x) => now.getTime() > new Date(x.validTo).getTime());
  const skipWhy = !tsaStores.length ? 'no "tsa:" trust store in the statement, so no timestamp is verified'
    : stmt.verifyTimestamp === 'afterCertExpiry' && !expired ? 'verifyTimestamp afterCertExpiry and the chain has not expired' : undefined;
  if (skipWhy) {
    const bad = e.certs.find((x) => !validAt(x, now));
    return bad
      ? { name: 'timestamp', ok: false, detail: `${skipWhy}, and certificate ${subjectOf(bad)} is not valid now (valid ${when(new Date(bad.validFrom))} to ${when(new Date(bad.validTo))})` }
      : { name: 'timestamp', ok: true, detail: `${skipWhy}; the chain is valid now` };
  }
  if (!e.timestamp) return { name: 'timestamp', ok: false, detail: `the statement requires a timestamp (trust store ${tsaStores.map((st) => st.id).join(', ')}), but the envelope has no ${TIMESTAMP} countersignature` };
  let v: VerifiedTimestamp;
  try {
    v = await verifyTimestamp(parseTimestamp(e.timestamp), e.signature, tsaStores.flatMap((st) => st.certs));
  } catch (err) {
    if (!(err instanceof TimestampError)) throw err;
    return { name: 'timestamp', ok: false, detail: `timestamp countersignature: ${err.message}` };
  }
  const lo = new Date(v.genTime.getTime() - v.accuracyMs);
  const hi = new Date(v.genTime.getTime() + v.accuracyMs);
  for (const x of e.certs) {
    if (lo.getTime() < new Date(x.validFrom).getTime() || hi.getTime() > new Date(x.validTo).getTime()) {
      return { name: 'certificate-validity', ok: false, detail: `the timestamp (${when(lo)} to ${when(hi)}) is outside the validity of certificate ${subjectOf(x)} (${when(new Date(x.validFrom))} to ${when(new Date(x.validTo))})` };
    }
  }
  if (!stmt.skipTimestampRevocationCheck) {
    const r = await chainRevocation(v.chain, now, true); // verifyTimestamp anchored it in a tsa: store
    if (r.status !== 'ok') return { name: 'timestamp', ok: false, detail: `TSA certificate chain: ${r.detail} (skipTimestampRevocationCheck: true accepts it)` };
  }
  return { name: 'timestamp', ok: true, detail: `RFC 3161 countersignature by ${v.tsa} at ${when(v.genTime)} (±${v.accuracyMs} ms), anchored in ${tsaStores.map((st) => st.id).join(', ')}; the chain was valid then${expired ? ` (certificate ${subjectOf(expired)} has expired since)` : ''}` };
}

export async function verifyNotation(c: NotationCandidate, p: PreparedPolicy, ctx: NotationContext): Promise<SignatureResult> {
  const base = { kind: c.kind, source: c.source, subject: c.subject };
  const done = (checks: Check[], extra: Partial<SignatureResult> = {}): SignatureResult => {
    const failed = checks.find((x) => !x.ok);
    return { ...base, verified: !failed, checks, ...extra, ...(failed ? { failure: { check: failed.name, reason: failed.detail ?? failed.name } } : {}) };
  };
  const n = p.notation;
  if (!n) return done([{ name: 'trust-policy', ok: false, detail: 'Notation signature found, but no Notation trust policy was given (--notation-trust-policy)' }]);
  const stmt = statementFor(n, ctx.repository);
  if (!stmt) return done([{ name: 'trust-policy', ok: false, detail: `no statement of the Notation trust policy has a registryScope for ${ctx.repository}` }]);
  if (stmt.level === 'skip') return done([{ name: 'trust-policy', ok: true, detail: `statement ${stmt.name}: level skip, the signature is not verified (notation semantics)` }]);
  const checks: Check[] = [{ name: 'trust-policy', ok: true, detail: `statement ${stmt.name} (level ${stmt.level}) applies to ${ctx.repository}` }];
  const fail = (name: CheckName, detail: string, extra: Partial<SignatureResult> = {}) => done([...checks, { name, ok: false, detail }], extra);

  // Integrity: always enforced.
  let e: Envelope;
  try {
    // cbor2 is ESM-only: imported here, on first use, not at every command's start-up.
    e = c.kind === 'notation-jws' ? parseJws(c.envelope) : parseCose(c.envelope, await import('cbor2'));
  } catch (err) {
    return fail('format', (err as Error).message);
  }
  const problem = headerProblem(e);
  if (problem) return fail('format', problem);
  const scheme = e.scheme as typeof X509 | typeof SIGNING_AUTHORITY;
  checks.push({ name: 'format', ok: true, detail: `${c.kind === 'notation-jws' ? 'JWS' : 'COSE_Sign1'} ${e.alg}, ${scheme}, critical headers ${e.crit.join(', ')}` });
  const leaf = e.certs[0]!;
  // notary.x509: the signer's own (untrusted) claim; signingAuthority: the authority's authentic time.
  const signedAt = (e.signingTime ?? e.authenticSigningTime)!;
  const extra: Partial<SignatureResult> = { identity: subjectOf(leaf), issuer: leaf.issuer.split('\n').join(', '), signedAt: when(signedAt) };
  if (!(await e.verifySignature(leaf.publicKey))) return fail('signature', `the ${c.kind === 'notation-jws' ? 'JWS' : 'COSE'} signature does not verify with the key of the signing certificate ${subjectOf(leaf)}`, extra);
  checks.push({ name: 'signature', ok: true, detail: `envelope signature by ${subjectOf(leaf)}` });
  const binding = bindingCheck(e.payload, c.subject, ctx);
  checks.push(binding);
  if (!binding.ok) return done(checks, extra);
  const chain = chainProblem(e.certs);
  if (chain) return fail('certificate-chain', chain, extra);
  const stale = e.certs.find((x) => !validAt(x, signedAt));
  if (stale) return fail('certificate-validity', `certificate ${subjectOf(stale)} (valid ${when(new Date(stale.validFrom))} to ${when(new Date(stale.validTo))}) was not valid at the signing time ${when(signedAt)}`, extra);
  checks.push({ name: 'certificate-validity', ok: true, detail: `the chain of ${e.certs.length} certificate(s) was valid at the signing time ${when(signedAt)}` });

  // notation-go: notary.x509 chains to `ca` stores, signingAuthority to `signingAuthority` stores only.
  const anchorType = scheme === X509 ? 'ca' : 'signingAuthority';
  const anchors = stmt.stores.filter((st) => st.type === anchorType);
  const anchoredStore = anchors.length ? anchoredIn(e.certs, anchors) : undefined;
  const steps: Array<[Validation, () => Check | Promise<Check>]> = [
    ['authenticity', () => {
      if (!anchors.length) return { name: 'certificate-chain', ok: false, detail: `${scheme} signatures chain to "${anchorType}:" trust stores, and statement ${stmt.name} names none` };
      return anchoredStore
        ? { name: 'certificate-chain', ok: true, detail: `chain anchored in trust store ${anchoredStore}` }
        : { name: 'certificate-chain', ok: false, detail: `the certificate chain (top ${subjectOf(e.certs[e.certs.length - 1]!)}) does not lead to a certificate of trust store ${anchors.map((st) => st.id).join(', ')}` };
    }],
    ['authenticity', () => {
      if (stmt.identities === '*') return { name: 'identity', ok: true, detail: 'any identity (trustedIdentities "*")' };
      const dn = dnOf(new (x509Lib().X509Certificate)(leaf.raw).subjectName, 'signing certificate');
      const hit = stmt.identities.find((i) => dnSubset(i.dn, dn));
      return hit
        ? { name: 'identity', ok: true, detail: `certificate subject ${subjectOf(leaf)} matches ${JSON.stringify(hit.text)}` }
        : { name: 'identity', ok: false, detail: `certificate subject ${subjectOf(leaf)} matches none of the trusted identities of statement ${stmt.name} (${stmt.identities.map((i) => JSON.stringify(i.text)).join(', ')})` };
    }],
    ['authenticTimestamp', () => authenticTimestamp(e, scheme, stmt, ctx.now ?? new Date())],
    ['expiry', () => {
      const now = ctx.now ?? new Date();
      if (!e.expiry) return { name: 'expiry', ok: true, detail: 'the signature has no expiry' };
      return e.expiry.getTime() >= now.getTime()
        ? { name: 'expiry', ok: true, detail: `the signature expires ${when(e.expiry)}` }
        : { name: 'expiry', ok: false, detail: `the signature expired at ${when(e.expiry)} (${EXPIRY})` };
    }],
    ['revocation', async () => {
      // CRL locations come from the envelope's own certificates: only a chain a trust store vouches for
      // may make the verifier fetch URLs (audit/permissive levels may merely log an unanchored chain).
      const r = await chainRevocation(e.certs, ctx.now ?? new Date(), anchoredStore !== undefined);
      return r.status === 'ok'
        ? { name: 'revocation', ok: true, detail: r.detail }
        : { name: 'revocation', ok: false, detail: r.status === 'unknown' ? `${r.detail} (override revocation: log accepts it)` : r.detail };
    }],
  ];
  for (const [validation, run] of steps) {
    const action = stmt.actions[validation];
    if (action === 'skip') continue;
    const check = act(action, await run(), stmt.level);
    if (!check) continue;
    checks.push(check);
    if (!check.ok) return done(checks, extra);
  }
  return done(checks, extra);
}
