/**
 * Verifies discovered candidates under a prepared policy and folds them into one decision: the digest
 * is verified when at least one signature passes every check (cosign and Kyverno semantics). Each
 * signature keeps its own checks; the decision's failure is the first failed check of the signature
 * that got furthest, so "no matching signatures" always says why.
 */
import { isValidDigest, parseReference } from '../oci/index.js';
import { payloadDigest, bundleFromLegacy, Annotation } from './cosign.js';
import type { Candidate } from './discovery.js';
import { COSIGN_SIGN_PREDICATE, IN_TOTO_PAYLOAD_TYPE, parseEnvelope, parseStatement, pae, predicateCheck, predicateTypeUri, subjectCheck, compileCel, type CompiledCel } from './intoto.js';
import { verifyBytes, verifyPae } from './keys.js';
import type { PreparedPolicy } from './policy.js';
import type { Check, Failure, SignatureResult, VerifyResult } from './types.js';
import { parseBundle, verifyBundle, type BundleVerification } from './verify-bundle.js';

interface CandidateContext {
  /** Repository being verified (`registry/name`), for replay detection. */
  repository: string;
  /** Manifest bytes by digest: the artifact of message-signature bundles over an image. */
  subjectBytes?: ReadonlyMap<string, Buffer>;
  mode: 'signatures' | 'attestations';
  /** cosign's --check-claims (default true): false skips the in-toto subject check (blobs only). */
  checkClaims?: boolean;
  /** Notation results, verified beforehand (their JWS verification is asynchronous). */
  notation?: ReadonlyMap<Candidate, SignatureResult>;
}

function result(c: Candidate, checks: Check[], extra: Partial<SignatureResult> = {}): SignatureResult {
  const bad = checks.find((x) => !x.ok);
  const kind = c.kind === 'unreadable' ? 'cosign' : c.kind;
  return {
    kind, source: c.source, subject: c.subject, verified: !bad && checks.length > 0, checks, ...extra,
    ...(bad ? { failure: { check: bad.name, reason: bad.detail ?? bad.name } } : {}),
  };
}

const fromBundle = (v: BundleVerification): Partial<SignatureResult> => ({
  ...(v.identity ? { identity: v.identity } : {}), ...(v.issuer ? { issuer: v.issuer } : {}),
  ...(v.logIndex !== undefined ? { logIndex: v.logIndex } : {}), ...(v.signedAt ? { signedAt: v.signedAt } : {}),
});

const repoOf = (ref: string): string | undefined => {
  try {
    const r = parseReference(ref);
    return `${r.registry}/${r.repository}`;
  } catch {
    return undefined;
  }
};

/** The digest-binding check of a simple-signing payload, naming a replay from another repository. */
function bindingCheck(payload: Buffer, subject: string, repository: string): Check {
  const { digest, failure } = payloadDigest(payload);
  if (failure) return { name: failure.check, ok: false, detail: failure.reason };
  if (digest === subject) return { name: 'digest-binding', ok: true, detail: `payload docker-manifest-digest is ${subject}` };
  let dockerRef: string | undefined;
  try {
    dockerRef = (JSON.parse(payload.toString('utf8')) as { critical?: { identity?: { 'docker-reference'?: string } } }).critical?.identity?.['docker-reference'];
  } catch { /* payloadDigest parsed it already */ }
  const from = dockerRef ? repoOf(dockerRef) : undefined;
  if (from && from !== repoOf(repository)) {
    return { name: 'digest-binding', ok: false, detail: `signature replayed from repository ${from}: its payload signs ${digest}, not ${subject} in ${repository}` };
  }
  return { name: 'digest-binding', ok: false, detail: `payload docker-manifest-digest is ${digest}, not the verified digest ${subject} (signature of another image)` };
}

/**
 * A legacy layer checked by the key alone (node:crypto, every key type): a key policy without Rekor, and
 * a layer with neither a certificate nor a timestamp annotation. A timestamp goes the bundle way so it is
 * verified (cosign verifies it whenever present).
 */
function keyOnly(p: PreparedPolicy, annotations: Record<string, string>): boolean {
  return p.keys.length > 0 && Boolean(p.policy.ignoreTlog) && !annotations[Annotation.certificate] && !annotations[Annotation.rfc3161Timestamp];
}

function verifyCosign(c: Extract<Candidate, { kind: 'cosign' }>, p: PreparedPolicy, ctx: CandidateContext): SignatureResult {
  const sigText = c.annotations[Annotation.signature];
  if (!sigText) return result(c, [{ name: 'format', ok: false, detail: `layer has no ${Annotation.signature} annotation` }]);
  const checks: Check[] = [bindingCheck(c.payload, c.subject, ctx.repository)];
  if (!checks[0]!.ok) return result(c, checks);
  const signature = Buffer.from(sigText, 'base64');
  if (keyOnly(p, c.annotations)) {
    const k = p.keys.find((key) => verifyBytes(c.payload, key.key, signature));
    if (!k) return result(c, [...checks, { name: 'signature', ok: false, detail: `signature does not verify under ${p.keys.length === 1 ? 'the given key' : `any of the ${p.keys.length} keys`}` }]);
    return result(c, [...checks, { name: 'signature', ok: true, detail: 'simple-signing payload signature' }, { name: 'key', ok: true, detail: `key ${k.fingerprint} (transparency log not required: --insecure-ignore-tlog)` }], { identity: `key:${k.fingerprint}` });
  }
  const built = bundleFromLegacy({ content: { kind: 'message', payload: c.payload, signature }, annotations: c.annotations });
  if (!built.bundle) return result(c, [...checks, { name: built.failure!.check, ok: false, detail: built.failure!.reason }]);
  const v = verifyBundle(built.bundle, c.payload, p);
  return result(c, [...checks, ...v.checks], fromBundle(v));
}

function statementChecks(payloadType: string, payload: Buffer, subject: string, ctx: CandidateContext, want: string | undefined, cel: CompiledCel | undefined): { checks: Check[]; predicateType?: string; skip?: boolean } {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return { checks: [{ name: 'format', ok: false, detail: `DSSE payloadType is ${payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}` }] };
  const st = parseStatement(payload);
  if (!st) return { checks: [{ name: 'format', ok: false, detail: 'DSSE payload is not an in-toto Statement' }] };
  if (ctx.mode === 'signatures' && st.predicateType !== COSIGN_SIGN_PREDICATE) return { checks: [], predicateType: st.predicateType, skip: true };
  const checks = ctx.checkClaims === false ? [] : [subjectCheck(st, subject)];
  if (want) checks.push(predicateCheck(st, want));
  if (cel && checks.every((x) => x.ok)) checks.push(cel(st));
  return { checks, predicateType: st.predicateType };
}

function verifyAttestation(c: Extract<Candidate, { kind: 'cosign-attestation' }>, p: PreparedPolicy, ctx: CandidateContext, want: string | undefined, cel: CompiledCel | undefined): SignatureResult {
  let env;
  try {
    env = parseEnvelope(c.envelope, c.source);
  } catch (e) {
    return result(c, [{ name: 'format', ok: false, detail: (e as Error).message }]);
  }
  const st = statementChecks(env.payloadType, env.payload, c.subject, ctx, want, cel);
  const extra = st.predicateType ? { predicateType: st.predicateType } : {};
  // Claims first: a statement about another image fails before any key is tried.
  const claims = st.checks.filter((x) => x.name !== 'policy');
  if (claims.some((x) => !x.ok)) return result(c, claims, extra);
  const policyCheck = st.checks.filter((x) => x.name === 'policy');
  if (keyOnly(p, c.annotations)) {
    const message = pae(env);
    const k = p.keys.find((key) => env.signatures.some((s) => verifyPae(message, key.key, s.sig)));
    if (!k) return result(c, [...claims, { name: 'signature', ok: false, detail: 'DSSE signature (PAE) does not verify under the given key(s)' }], extra);
    return result(c, [...claims, { name: 'signature', ok: true, detail: 'DSSE PAE signature' }, { name: 'key', ok: true, detail: `key ${k.fingerprint}` }, ...policyCheck], { ...extra, identity: `key:${k.fingerprint}` });
  }
  const built = bundleFromLegacy({ content: { kind: 'dsse', envelope: c.envelope as Record<string, unknown>, ...(c.raw ? { raw: c.raw } : {}) }, annotations: c.annotations });
  if (!built.bundle) return result(c, [...claims, { name: built.failure!.check, ok: false, detail: built.failure!.reason }], extra);
  const v = verifyBundle(built.bundle, undefined, p, built.stamped);
  return result(c, [...claims, ...v.checks, ...(v.verified ? policyCheck : [])], { ...extra, ...fromBundle(v) });
}

function verifySigstoreBundle(c: Extract<Candidate, { kind: 'sigstore-bundle' }>, p: PreparedPolicy, ctx: CandidateContext, want: string | undefined, cel: CompiledCel | undefined): SignatureResult | undefined {
  const parsed = parseBundle(c.bundle);
  if (!parsed.bundle) return result(c, [{ name: parsed.failure!.check, ok: false, detail: parsed.failure!.reason }]);
  const b = parsed.bundle;
  let claims: Check[];
  let artifact: Buffer | undefined;
  let extra: Partial<SignatureResult> = {};
  let policyCheck: Check[] = [];
  if (b.content.$case === 'messageSignature') {
    if (ctx.mode === 'attestations') return undefined;
    const d = b.content.messageSignature.messageDigest;
    const got = d ? `sha256:${Buffer.from(d.digest).toString('hex')}` : '';
    const ok = got === c.subject;
    claims = [{ name: 'digest-binding', ok, detail: ok ? `message digest is ${c.subject}` : `message digest is ${got || 'missing'}, not ${c.subject}` }];
    artifact = ctx.subjectBytes?.get(c.subject);
  } else {
    const env = b.content.dsseEnvelope;
    const st = statementChecks(env.payloadType, Buffer.from(env.payload), c.subject, ctx, want, cel);
    if (st.skip) return undefined;
    claims = st.checks.filter((x) => x.name !== 'policy');
    policyCheck = st.checks.filter((x) => x.name === 'policy');
    if (st.predicateType) extra = { predicateType: st.predicateType };
  }
  if (claims.some((x) => !x.ok)) return result(c, claims, extra);
  const v = verifyBundle(b, artifact, p);
  return result(c, [...claims, ...v.checks, ...(v.verified ? policyCheck : [])], { ...extra, ...fromBundle(v) });
}

/** Verifies every candidate; `attestation` (type alias/URI and CEL) only in attestations mode. */
export function verifyCandidates(candidates: Candidate[], looked: string[], digest: string, p: PreparedPolicy, ctx: CandidateContext): VerifyResult {
  if (!isValidDigest(digest)) throw new Error(`invalid digest ${digest}`);
  const want = ctx.mode === 'attestations' && p.policy.attestation ? predicateTypeUri(p.policy.attestation.type) : undefined;
  const cel = ctx.mode === 'attestations' && p.policy.attestation?.policy ? compileCel(p.policy.attestation.policy, '--policy') : undefined;
  const signatures: SignatureResult[] = [];
  for (const c of candidates) {
    let r: SignatureResult | undefined;
    switch (c.kind) {
      case 'unreadable': r = result(c, [{ name: 'discovery', ok: false, detail: c.failure.reason }]); break;
      case 'cosign': r = ctx.mode === 'signatures' ? verifyCosign(c, p, ctx) : undefined; break;
      case 'cosign-attestation': r = ctx.mode === 'attestations' ? verifyAttestation(c, p, ctx, want, cel) : undefined; break;
      case 'sigstore-bundle': r = verifySigstoreBundle(c, p, ctx, want, cel); break;
      case 'notation-jws': case 'notation-cose':
        r = ctx.mode === 'signatures' ? ctx.notation?.get(c) ?? result(c, [{ name: 'trust-policy', ok: false, detail: 'Notation signature not verified' }]) : undefined; break;
    }
    if (r) signatures.push(r);
  }
  return decide(digest, signatures, looked, want);
}

function decide(digest: string, all: SignatureResult[], looked: string[], want: string | undefined): VerifyResult {
  let signatures = all;
  if (want) {
    // Attestations of other types are not failures of this one; drop them unless nothing else is left.
    const typed = all.filter((s) => s.failure?.check !== 'predicate-type');
    if (typed.length) signatures = typed;
    else if (all.length) {
      const found = [...new Set(all.map((s) => s.predicateType).filter(Boolean))].join(', ');
      return { digest, verified: false, signatures: all, failure: { check: 'predicate-type', reason: `no attestation with predicate type ${want} (found ${found})` } };
    }
  }
  if (signatures.some((s) => s.verified)) return { digest, verified: true, signatures };
  if (!signatures.length) {
    return { digest, verified: false, signatures, failure: { check: 'discovery', reason: `no ${want ? 'attestations' : 'signatures'} found for ${digest} (looked at ${looked.join(', ') || 'nothing'})` } };
  }
  const score = (s: SignatureResult) => s.checks.filter((c) => c.ok).length;
  const best = signatures.reduce((a, b) => (score(b) > score(a) ? b : a));
  const failure: Failure = best.failure ?? { check: 'signature', reason: 'not verified' };
  return { digest, verified: false, signatures, failure };
}
