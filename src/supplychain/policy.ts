/**
 * A SignaturePolicy prepared once: trust material per key and for keyless, compiled identity regexps, and
 * the policy hash that keys the verification cache. Preparing is the expensive part (certificate
 * parsing); verifying many digests under one policy reuses it.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { TrustMaterial, VerifierOptions } from '@sigstore/verify';
import { BulwarkError } from '../core/index.js';
import { keyFingerprint } from './keys.js';
import { prepareNotation, type PreparedNotation } from './notation-policy.js';
import { trustMaterialFor } from './trust.js';
import type { Check, IdentityMatcher, SignaturePolicy } from './types.js';

interface PreparedKey {
  key: KeyObject;
  fingerprint: string;
  trust: TrustMaterial;
}

export interface PreparedPolicy {
  policy: SignaturePolicy;
  /** sha256 over the canonical policy (keys by fingerprint, trusted root by content). */
  hash: string;
  keys: PreparedKey[];
  /** Present when the policy has identities (keyless). */
  keyless?: TrustMaterial;
  identities: Array<{ subject?: string; subjectRe?: RegExp; issuer?: string; issuerRe?: RegExp }>;
  keyedOptions: VerifierOptions;
  keylessOptions: VerifierOptions;
  /** Notation trust policy and trust store, parsed (present when the policy has `notation`). */
  notation?: PreparedNotation;
}

function compile(pattern: string | undefined, flag: string): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new BulwarkError('USAGE', `${flag}: invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

/** JSON with sorted keys: the policy hash must not depend on property order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function policyHash(policy: SignaturePolicy): string {
  const { keys, ...rest } = policy;
  const doc = { ...rest, keys: (keys ?? []).map(keyFingerprint).sort() };
  return `sha256:${createHash('sha256').update(canonical(doc)).digest('hex')}`;
}

export function preparePolicy(policy: SignaturePolicy): PreparedPolicy {
  const identities = (policy.identities ?? []).map((m: IdentityMatcher) => ({
    ...(m.subject !== undefined ? { subject: m.subject } : {}),
    ...(m.issuer !== undefined ? { issuer: m.issuer } : {}),
    ...(m.subjectRegExp !== undefined ? { subjectRe: compile(m.subjectRegExp, '--certificate-identity-regexp') } : {}),
    ...(m.issuerRegExp !== undefined ? { issuerRe: compile(m.issuerRegExp, '--certificate-oidc-issuer-regexp') } : {}),
  }));
  for (const m of identities) {
    if (!m.subject && !m.subjectRe) throw new BulwarkError('USAGE', 'keyless verification needs --certificate-identity or --certificate-identity-regexp');
    if (!m.issuer && !m.issuerRe) throw new BulwarkError('USAGE', 'keyless verification needs --certificate-oidc-issuer or --certificate-oidc-issuer-regexp');
  }
  const keys = (policy.keys ?? []).map((key) => ({ key, fingerprint: keyFingerprint(key), trust: trustMaterialFor(policy.trustedRoot, key) }));
  if (!keys.length && !identities.length && !policy.notation) {
    throw new BulwarkError('USAGE', 'nothing to verify against: give --key, or --certificate-identity with --certificate-oidc-issuer (keyless), or a Notation trust policy');
  }
  if (identities.length && !policy.trustedRoot) throw new BulwarkError('USAGE', 'keyless verification needs a Sigstore trusted root (--trusted-root, or TUF when online)');
  const noTlog = { tlogThreshold: 0, timestampThreshold: 0, ctlogThreshold: 0 };
  const t = policy.thresholds ?? {};
  return {
    policy, hash: policyHash(policy), keys, identities,
    ...(identities.length ? { keyless: trustMaterialFor(policy.trustedRoot) } : {}),
    ...(policy.notation ? { notation: prepareNotation(policy.notation.trustPolicy, policy.notation.trustStore) } : {}),
    keyedOptions: policy.ignoreTlog ? noTlog : { tlogThreshold: t.tlog ?? 1, timestampThreshold: t.timestamp ?? 1, ctlogThreshold: 0 },
    keylessOptions: { tlogThreshold: policy.ignoreTlog ? 0 : t.tlog ?? 1, timestampThreshold: t.timestamp ?? 1, ctlogThreshold: policy.ignoreSct ? 0 : t.ctlog ?? 1 },
  };
}

/**
 * cosign semantics: `--certificate-identity` is an exact SAN match, `-regexp` an unanchored RE2-style
 * search; the same for the issuer. Any one matcher passing both is enough. Returns the two checks of the
 * best matcher (the one whose subject matched, so the failure names the issuer when only that is wrong).
 */
export function matchIdentity(p: PreparedPolicy, san: string | undefined, issuer: string | undefined): Check[] {
  let best: Check[] | undefined;
  for (const m of p.identities) {
    const subjectOk = san !== undefined && (m.subject !== undefined ? san === m.subject : m.subjectRe!.test(san));
    const issuerOk = issuer !== undefined && (m.issuer !== undefined ? issuer === m.issuer : m.issuerRe!.test(issuer));
    const checks: Check[] = [
      { name: 'identity', ok: subjectOk, detail: `certificate identity ${JSON.stringify(san ?? '')} ${subjectOk ? 'matches' : 'does not match'} ${m.subject !== undefined ? JSON.stringify(m.subject) : `/${m.subjectRe!.source}/`}` },
      { name: 'issuer', ok: issuerOk, detail: `OIDC issuer ${JSON.stringify(issuer ?? '')} ${issuerOk ? 'matches' : 'does not match'} ${m.issuer !== undefined ? JSON.stringify(m.issuer) : `/${m.issuerRe!.source}/`}` },
    ];
    if (subjectOk && issuerOk) return checks;
    if (!best || subjectOk) best = checks;
  }
  return best ?? [{ name: 'identity', ok: false, detail: 'no certificate identity configured (keyless signature, key-based policy)' }];
}
