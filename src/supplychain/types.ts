/** The vocabulary of signature verification: policies in, per-signature results with named checks out. */
import type { KeyObject } from 'node:crypto';

/**
 * One named check of a signature. The names are stable (they appear in JSON/SARIF output and in the
 * one-line failure of `verify-blob`); `detail` says what was compared.
 */
export type CheckName =
  | 'discovery' // a signature artifact was found and could be read
  | 'format' // the envelope/bundle/annotation set is well formed
  | 'digest-binding' // payload names the verified digest (simple-signing / in-toto subject / message digest)
  | 'signature' // the cryptographic signature over payload or PAE
  | 'key' // a configured public key matched the signature
  | 'certificate-chain' // the signing certificate chains to a trusted CA
  | 'certificate-validity' // the log entry / timestamp lies inside the certificate's validity
  | 'sct' // certificate transparency
  | 'tlog-inclusion' // Rekor inclusion proof / signed entry timestamp
  | 'tlog-body' // Rekor entry body matches the signature
  | 'timestamp' // RFC 3161 or log timestamps present/valid
  | 'identity' // SAN matches --certificate-identity[-regexp]
  | 'issuer' // OIDC issuer matches --certificate-oidc-issuer[-regexp]
  | 'predicate-type' // attestation predicate type is the requested one
  | 'policy' // CEL policy over the predicate
  | 'expiry' // Notation io.cncf.notary.expiry passed
  | 'revocation' // Notation revocation validation (OCSP/CRL)
  | 'trust-policy'; // Notation trust policy statement for the repository

export interface Check {
  name: CheckName;
  ok: boolean;
  detail?: string;
}

export interface Failure {
  check: CheckName;
  reason: string;
}

type SignatureKind = 'cosign' | 'sigstore-bundle' | 'cosign-attestation' | 'notation-jws' | 'notation-cose';

export interface SignatureResult {
  kind: SignatureKind;
  /** Where it was found: `tag sha256-….sig`, `referrer sha256:…`, a file name. */
  source: string;
  /** The digest this signature was checked against. */
  subject: string;
  verified: boolean;
  /** Certificate SAN (keyless) or `key:<fingerprint>` (key-based). */
  identity?: string;
  issuer?: string;
  logIndex?: number;
  /** Rekor integratedTime or signing time, ISO 8601. */
  signedAt?: string;
  predicateType?: string;
  checks: Check[];
  failure?: Failure;
}

export interface VerifyResult {
  /** The digest that was verified (the tag is resolved first). */
  digest: string;
  verified: boolean;
  signatures: SignatureResult[];
  /** When not verified: the decisive failure (the most advanced signature's first failed check). */
  failure?: Failure;
}

/** cosign's `--certificate-identity[-regexp]` / `--certificate-oidc-issuer[-regexp]`; any one entry may match. */
export interface IdentityMatcher {
  subject?: string;
  subjectRegExp?: string;
  issuer?: string;
  issuerRegExp?: string;
}

/** A trusted_root.json (Sigstore protobuf-specs TrustedRoot, JSON form). */
export type TrustedRootJson = Record<string, unknown>;

export interface SignaturePolicy {
  /** Public keys (PEM/DER): key-based verification. */
  keys?: KeyObject[];
  /** Keyless: certificate identities, checked against the Fulcio certificate. */
  identities?: IdentityMatcher[];
  /** Sigstore trust root (Fulcio CAs, Rekor keys, CT logs, TSAs); required for keyless. */
  trustedRoot?: TrustedRootJson;
  /** Key-based without Rekor (cosign `--insecure-ignore-tlog`). */
  ignoreTlog?: boolean;
  /** Skip the SCT check (cosign `--insecure-ignore-sct`); private Fulcio without CT log. */
  ignoreSct?: boolean;
  /** Minimum counts of Rekor entries, SCTs and timestamps (sigstore-js VerifierOptions; defaults 1). */
  thresholds?: { tlog?: number; ctlog?: number; timestamp?: number };
  /** Attestations: the predicate type (alias or URI) and an optional CEL expression over the statement. */
  attestation?: { type: string; policy?: string };
  /** Notation: trust-policy.json content and trust store (`<type>/<name>` → PEM certificates). */
  notation?: NotationTrust;
}

interface NotationTrust {
  trustPolicy: Record<string, unknown>;
  /** `ca/<name>` / `signingAuthority/<name>` / `tsa/<name>` → PEM bundles. */
  trustStore: Record<string, string[]>;
}
