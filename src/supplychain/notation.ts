/** Notation signatures (notaryproject specifications): JWS envelopes under trust-policy.json and a trust store. */
import type { Candidate } from './discovery.js';
import type { PreparedPolicy } from './policy.js';
import type { SignatureResult } from './types.js';

export function verifyNotation(c: Extract<Candidate, { kind: 'notation-jws' | 'notation-cose' }>, p: PreparedPolicy, _repository: string, _now?: Date): SignatureResult {
  const reason = p.policy.notation ? 'Notation verification is not implemented yet' : 'Notation signature found, but no Notation trust policy was given (--notation-trust-policy)';
  return { kind: c.kind, source: c.source, subject: c.subject, verified: false, checks: [{ name: 'trust-policy', ok: false, detail: reason }], failure: { check: 'trust-policy', reason } };
}
