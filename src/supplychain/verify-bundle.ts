/**
 * One Sigstore bundle (real, or built from cosign's legacy annotations) through @sigstore/verify's
 * Verifier: timestamps → signing key (certificate chain, validity at the log time, SCTs) → transparency
 * log (inclusion proof / SET, entry body) → signature → identity policy. The library's error codes map
 * onto Bulwark's named checks so a failure says exactly which one failed.
 */
import { X509Certificate } from 'node:crypto';
import type * as SigstoreBundle from '@sigstore/bundle';
import type * as SigstoreCore from '@sigstore/core';
import type { Bundle } from '@sigstore/bundle';
import type * as SigstoreVerify from '@sigstore/verify';
import type { SignedEntity, TrustMaterial, VerifierOptions } from '@sigstore/verify';
import { lazy } from '../core/index.js';
import { matchIdentity, type PreparedPolicy } from './policy.js';
import type { Check, CheckName, Failure, SignatureResult } from './types.js';

// Loaded on first use (start-up of commands that verify nothing).
const sigstoreVerify = lazy<typeof SigstoreVerify>('@sigstore/verify');
const sigstoreBundle = lazy<typeof SigstoreBundle>('@sigstore/bundle');
const sigstoreCore = lazy<typeof SigstoreCore>('@sigstore/core');

/** The Verifier's order; a failure at one step means the steps before it passed. */
const ORDER: CheckName[] = ['timestamp', 'certificate-chain', 'certificate-validity', 'sct', 'key', 'tlog-inclusion', 'tlog-body', 'signature'];

function checkOf(e: unknown): Failure {
  if (e instanceof sigstoreVerify().VerificationError) {
    const msg = e.message;
    switch (e.code) {
      case 'SIGNATURE_ERROR': return { check: 'signature', reason: msg };
      case 'PUBLIC_KEY_ERROR': return { check: 'key', reason: msg };
      case 'CERTIFICATE_ERROR':
        if (/not valid or expired/.test(msg)) return { check: 'certificate-validity', reason: 'the certificate was not valid at the transparency-log/timestamp time (integrated time outside the certificate validity)' };
        if (/SCT/.test(msg)) return { check: 'sct', reason: msg };
        return { check: 'certificate-chain', reason: msg };
      case 'TLOG_BODY_ERROR': return { check: 'tlog-body', reason: `transparency log entry does not match the signature: ${msg}` };
      case 'TLOG_ERROR': case 'TLOG_INCLUSION_PROOF_ERROR': case 'TLOG_INCLUSION_PROMISE_ERROR': case 'TLOG_MISSING_INCLUSION_ERROR':
        return { check: 'tlog-inclusion', reason: msg };
      case 'TIMESTAMP_ERROR': return { check: 'timestamp', reason: msg };
      default: return { check: 'signature', reason: msg };
    }
  }
  if (e instanceof sigstoreVerify().PolicyError) return { check: 'identity', reason: e.message };
  const err = e as { name?: string; message?: string; fields?: string[] };
  if (err?.name === 'ValidationError') return { check: 'format', reason: `invalid bundle: ${(err.fields ?? []).join(', ') || err.message}` };
  return { check: 'format', reason: err?.message ?? String(e) };
}

/** Parses a serialized bundle; malformed bundles are a `format` failure, not an exception. */
export function parseBundle(json: unknown): { bundle?: Bundle; failure?: Failure } {
  try {
    return { bundle: sigstoreBundle().bundleFromJSON(json) };
  } catch (e) {
    return { failure: checkOf(e) };
  }
}

function tlogFacts(bundle: Bundle): Pick<SignatureResult, 'logIndex' | 'signedAt'> {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (!entry) {
    const ts = tsaTimes(bundle)[0];
    return ts ? { signedAt: ts.toISOString() } : {};
  }
  const t = Number(entry.integratedTime);
  return {
    logIndex: Number(entry.logIndex),
    ...(t > 0 ? { signedAt: new Date(t * 1000).toISOString() } : {}),
  };
}

function passed(until: CheckName | undefined, opts: VerifierOptions, keyless: boolean, bundle: Bundle): Check[] {
  const out: Check[] = [];
  const tlogs = bundle.verificationMaterial.tlogEntries.length;
  const tsas = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length ?? 0;
  for (const name of ORDER) {
    if (name === until) break;
    if ((name === 'certificate-chain' || name === 'certificate-validity') && !keyless) continue;
    if (name === 'sct' && (!keyless || !opts.ctlogThreshold)) continue;
    if (name === 'key' && keyless) continue;
    if ((name === 'tlog-inclusion' || name === 'tlog-body') && !tlogs) continue;
    if (name === 'timestamp' && !tlogs && !tsas) continue;
    const detail = name === 'tlog-inclusion' ? `${tlogs} Rekor entr${tlogs === 1 ? 'y' : 'ies'} (inclusion proof or signed entry timestamp)`
      : name === 'timestamp' ? `${tlogs} log and ${tsas} RFC 3161 timestamp(s)` : undefined;
    out.push({ name, ok: true, ...(detail ? { detail } : {}) });
  }
  return out;
}

export interface BundleVerification {
  verified: boolean;
  checks: Check[];
  failure?: Failure;
  identity?: string;
  issuer?: string;
  logIndex?: number;
  signedAt?: string;
}

/**
 * The entity @sigstore/verify checks, with its RFC 3161 timestamps checked over `stamped` instead of
 * the signature bytes (cosign's `.att` timestamp covers the whole envelope). Only the TSA check reads
 * `signature.signature`; the signature and the log entry are still checked by the entity's own methods.
 */
function stampedEntity(entity: SignedEntity, stamped: Buffer | undefined): SignedEntity {
  if (!stamped) return entity;
  const inner = entity.signature;
  return {
    ...entity,
    signature: {
      signature: stamped,
      compareDigest: (d) => inner.compareDigest(d),
      compareSignature: (sig) => inner.compareSignature(sig),
      verifySignature: (key) => inner.verifySignature(key),
    },
  };
}

function run(bundle: Bundle, artifact: Buffer | undefined, trust: TrustMaterial, opts: VerifierOptions, keyless: boolean, stamped: Buffer | undefined): BundleVerification & { san?: string; iss?: string } {
  // Distinct entries only: a copied entry must not count twice toward the threshold (sigstore-js 3.1
  // counts it; upstream's later test "duplicate proof-only Rekor v2 tlog entry" asserts it must not).
  const tlogs = new Set(bundle.verificationMaterial.tlogEntries.map((e) => `${e.logId?.keyId.toString('hex') ?? ''}/${e.logIndex}`)).size;
  if ((opts.tlogThreshold ?? 1) > tlogs) {
    const reason = tlogs ? `${tlogs} transparency log entr${tlogs === 1 ? 'y' : 'ies'}, ${opts.tlogThreshold} required`
      : `no transparency log (Rekor) entry${keyless ? '' : '; key-only signatures need --insecure-ignore-tlog'}`;
    return { verified: false, checks: [{ name: 'tlog-inclusion', ok: false, detail: reason }], failure: { check: 'tlog-inclusion', reason } };
  }
  try {
    const entity = stampedEntity(sigstoreVerify().toSignedEntity(bundle, artifact), stamped);
    const signer = new (sigstoreVerify().Verifier)(trust, opts).verify(entity);
    return {
      verified: true, checks: passed(undefined, opts, keyless, bundle), ...tlogFacts(bundle),
      ...(signer.identity?.subjectAlternativeName ? { san: signer.identity.subjectAlternativeName } : {}),
      ...(signer.identity?.extensions?.issuer ? { iss: signer.identity.extensions.issuer } : {}),
    };
  } catch (e) {
    const failure = timestampReason(checkOf(e), bundle, trust, stamped);
    return { verified: false, checks: [...passed(failure.check, opts, keyless, bundle), { name: failure.check, ok: false, detail: failure.reason }], failure, ...tlogFacts(bundle) };
  }
}

const signatureBytes = (b: Bundle): Buffer | undefined => b.content.$case === 'messageSignature'
  ? Buffer.from(b.content.messageSignature.signature) : b.content.dsseEnvelope.signatures[0] ? Buffer.from(b.content.dsseEnvelope.signatures[0].sig) : undefined;

/** The RFC 3161 timestamps' times (TSTInfo genTime), for the failure path only. */
function tsaTimes(b: Bundle): Date[] {
  const out: Date[] = [];
  for (const ts of b.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []) {
    try {
      out.push(sigstoreCore().RFC3161Timestamp.parse(Buffer.from(ts.signedTimestamp)).signingTime);
    } catch { /* unparsable: the timestamp check failed already */ }
  }
  return out;
}

/**
 * @sigstore/verify reports any RFC 3161 failure as "timestamp could not be verified"; name the reason
 * (cosign's): the imprint is over other bytes than the signature, no TSA is trusted, or the TSA's
 * signature/chain does not verify against the trusted root's timestamp authorities.
 */
function timestampReason(f: Failure, bundle: Bundle, trust: TrustMaterial, stamped: Buffer | undefined): Failure {
  const tss = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  if (!tss.length) return f;
  // @sigstore/core reads genTime fractions of exactly three digits; DER drops trailing zeros (".12Z").
  if (f.check === 'format' && f.reason === 'invalid time') return { check: 'timestamp', reason: 'the RFC 3161 timestamp\'s genTime is not in a form @sigstore/verify reads (a fraction of other than three digits)' };
  if (f.check !== 'timestamp') return f;
  const sig = stamped ?? signatureBytes(bundle);
  for (const ts of tss) {
    try {
      const t = sigstoreCore().RFC3161Timestamp.parse(Buffer.from(ts.signedTimestamp));
      if (sig) t.tstInfo.verify(sig);
    } catch (e) {
      return { check: 'timestamp', reason: /imprint/.test((e as Error).message)
        ? `the RFC 3161 timestamp's message imprint is over other bytes than this ${stamped ? 'envelope' : 'signature'} (a timestamp of another ${stamped ? 'attestation' : 'signature'})`
        : `the RFC 3161 timestamp is unreadable: ${(e as Error).message}` };
    }
  }
  if (!trust.timestampAuthorities.length) return { check: 'timestamp', reason: 'the signature carries an RFC 3161 timestamp, but the trusted root lists no timestamp authority (give --trusted-root with the TSA)' };
  return { check: 'timestamp', reason: `the RFC 3161 timestamp does not verify against the trusted root's timestamp authorities (${f.reason})` };
}

/**
 * Verifies a bundle under a prepared policy. A bundle with a public-key hint is tried against each
 * configured key; a bundle with a certificate goes the keyless way and then through the identity checks.
 * `artifact` is the signed bytes for message signatures (undefined for DSSE); `stamped`, the bytes its
 * RFC 3161 timestamps cover when they are not the signature (bundleFromLegacy says).
 */
export function verifyBundle(bundle: Bundle, artifact: Buffer | undefined, p: PreparedPolicy, stamped?: Buffer): BundleVerification {
  const vm = bundle.verificationMaterial.content;
  if (vm.$case === 'publicKey') {
    if (!p.keys.length) {
      const failure: Failure = { check: 'key', reason: 'signed with a key, but the policy names no key (--key)' };
      return { verified: false, checks: [{ name: 'key', ok: false, detail: failure.reason }], failure };
    }
    let first: BundleVerification | undefined;
    for (const k of p.keys) {
      const r = run(bundle, artifact, k.trust, p.keyedOptions, false, stamped);
      if (r.verified) {
        const checks = [...r.checks, { name: 'key' as const, ok: true, detail: `key ${k.fingerprint}` }];
        // A policy that also names certificate identities cannot be met by a bare key (sigstore-js: UNTRUSTED_SIGNER).
        if (p.identities.length) {
          const reason = 'signed with a key, but the policy requires a certificate identity';
          return { verified: false, checks: [...checks, { name: 'identity', ok: false, detail: reason }], failure: { check: 'identity', reason }, identity: `key:${k.fingerprint}` };
        }
        return { ...r, checks, identity: `key:${k.fingerprint}` };
      }
      first ??= r;
    }
    return first!;
  }
  if (!p.keyless) {
    const failure: Failure = { check: 'identity', reason: 'keyless (certificate) signature, but the policy names no certificate identity' };
    return { verified: false, checks: [{ name: 'identity', ok: false, detail: failure.reason }], failure };
  }
  const r = validityFirst(run(bundle, artifact, p.keyless, p.keylessOptions, true, stamped), bundle, p);
  const id = { ...(r.san ? { identity: r.san } : {}), ...(r.iss ? { issuer: r.iss } : {}) };
  if (!r.verified) return { verified: false, checks: r.checks, ...(r.failure ? { failure: r.failure } : {}), ...id, ...pick(r) };
  const idChecks = matchIdentity(p, r.san, r.iss);
  const bad = idChecks.find((c) => !c.ok);
  return {
    verified: !bad, checks: [...r.checks, ...idChecks], ...id, ...pick(r),
    ...(bad ? { failure: { check: bad.name, reason: bad.detail ?? bad.name } } : {}),
  };
}

/**
 * @sigstore/verify reports a certificate that expired before the log entry as "no valid chain" when no
 * path is valid at the integrated time. When the leaf was issued by a trusted Fulcio CA and the log's
 * integrated time lies outside the leaf's validity, that is the decisive reason: report it as
 * certificate-validity (cosign: "certificate expired before signatures were entered in log").
 */
function validityFirst(r: ReturnType<typeof run>, bundle: Bundle, p: PreparedPolicy): ReturnType<typeof run> {
  if (r.failure?.check !== 'certificate-chain') return r;
  const vm = bundle.verificationMaterial.content;
  const raw = vm.$case === 'x509CertificateChain' ? vm.x509CertificateChain.certificates[0]?.rawBytes : vm.$case === 'certificate' ? vm.certificate.rawBytes : undefined;
  const t = Number(bundle.verificationMaterial.tlogEntries[0]?.integratedTime ?? 0);
  // The Rekor integrated time, else the RFC 3161 timestamp's time (cosign: the certificate must be
  // valid at the timestamp when there is no log entry).
  const times = t ? [{ at: t * 1000, what: 'the log entry\'s integrated time' }] : tsaTimes(bundle).map((d) => ({ at: d.getTime(), what: 'the RFC 3161 timestamp' }));
  if (!raw || !times.length) return r;
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(raw);
  } catch {
    return r;
  }
  const from = new Date(leaf.validFrom).getTime();
  const to = new Date(leaf.validTo).getTime();
  const outside = times.find((x) => x.at < from || x.at > to);
  if (!outside) return r;
  const at = outside.at;
  if (!trustedCas(p).some((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey))) return r;
  const reason = `the signing certificate (valid ${new Date(from).toISOString()} to ${new Date(to).toISOString()}) ${at > to ? 'had expired before' : 'was not yet valid at'} ${outside.what} ${new Date(at).toISOString()}`;
  const checks = r.checks.filter((c) => c.ok);
  return { ...r, checks: [...checks, { name: 'certificate-chain', ok: true, detail: 'issued by a trusted Fulcio CA' }, { name: 'certificate-validity', ok: false, detail: reason }], failure: { check: 'certificate-validity', reason } };
}

/** Certificates of the trusted root's CAs (only read on the failure path above). */
function trustedCas(p: PreparedPolicy): X509Certificate[] {
  const cas = (p.policy.trustedRoot?.certificateAuthorities ?? []) as Array<{ certChain?: { certificates?: Array<{ rawBytes?: string }> } }>;
  const out: X509Certificate[] = [];
  for (const ca of cas) {
    for (const c of ca.certChain?.certificates ?? []) {
      try {
        if (c.rawBytes) out.push(new X509Certificate(Buffer.from(c.rawBytes, 'base64')));
      } catch { /* an unparsable CA cannot have issued the leaf */ }
    }
  }
  return out;
}

function pick(r: BundleVerification): Pick<BundleVerification, 'logIndex' | 'signedAt'> {
  return { ...(r.logIndex !== undefined ? { logIndex: r.logIndex } : {}), ...(r.signedAt ? { signedAt: r.signedAt } : {}) };
}
