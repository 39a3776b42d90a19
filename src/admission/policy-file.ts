/**
 * The admission policy file (`--policy FILE`): one `AdmissionPolicy` document (bulwark.dev/v1alpha1) saying which
 * action each Bulwark check, CEL policy and image rule takes, plus any ValidatingAdmissionPolicy / Binding (and
 * param) documents, compiled by the one CEL engine. Format documented in docs/admission.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BulwarkError, toSeverity, type Severity } from '../core/index.js';
import {
  checkAttestationCel, compilePolicies, parseManifests, parsePublicKey, parseTrustedRoot, predicateTypeUri, preparePolicy, type CompiledPolicy, type IdentityMatcher, type K8sObject,
  type PreparedPolicy,
} from '../scan/index.js';

/** enforce = deny; warn = warnings[]; audit = auditAnnotations; dry-run = decision log and metrics only; off = not evaluated. */
export type PolicyAction = 'enforce' | 'warn' | 'audit' | 'dry-run' | 'off';
const ACTIONS: PolicyAction[] = ['enforce', 'warn', 'audit', 'dry-run', 'off'];

interface CheckRule { match: string; action: PolicyAction }

export interface ImagePolicy {
  /** Globs over `registry/repository` (`*` within one path segment, `**` across segments); empty = any. */
  allowedRepositories: string[];
  disallowLatest: boolean;
  /** off; require (tag-only images violate); mutate (/mutate pins tags to digests, /validate then requires digests). */
  digest: 'off' | 'require' | 'mutate';
  vulnerabilities?: { severity?: Severity; kev: boolean; requireScan: boolean; scanTimeoutMs: number };
  /** Signature requirement, prepared once per policy load (keys and trust root read from files). */
  requireSignature?: { prepared: PreparedPolicy; describe: string };
  /** Attestations every image must carry: each a predicate type, its signers and an optional CEL policy. */
  requireAttestations: AttestationRequirement[];
  /** Action for image-rule violations. */
  action: PolicyAction;
  /** Action when an image decision cannot be made: registry down, scan timed out. */
  failureAction: PolicyAction;
  cacheTtlMs: number;
  negativeCacheTtlMs: number;
  /** Registries reached over plain HTTP (tests, local registries). */
  insecureRegistries: string[];
}

export interface AttestationRequirement {
  /** cosign alias or URI, as written in the policy (messages name it). */
  type: string;
  /** Signers plus `attestation: {type, policy}`, prepared once per policy load. */
  prepared: PreparedPolicy;
  describe: string;
}

export interface AdmissionPolicy {
  checks: { default: PolicyAction; rules: CheckRule[] };
  /** VAP name → action overriding its bindings' validationActions. */
  celActions: Map<string, PolicyAction>;
  cel: CompiledPolicy[];
  /** Param and other objects from the file (VAP paramRef targets). */
  related: K8sObject[];
  images?: ImagePolicy;
  /** sha256 of the file text: part of every image-decision cache key. */
  hash: string;
}

export function defaultPolicy(): AdmissionPolicy {
  return { checks: { default: 'warn', rules: [] }, celActions: new Map(), cel: [], related: [], hash: 'default' };
}

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

function action(v: unknown, where: string, dflt: PolicyAction): PolicyAction {
  if (v === undefined) return dflt;
  if (typeof v === 'string' && (ACTIONS as string[]).includes(v)) return v as PolicyAction;
  throw new BulwarkError('POLICY_INVALID', `${where}: action must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(v)}`);
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || !s)) throw new BulwarkError('POLICY_INVALID', `${where} must be a list of strings`);
  return v as string[];
}

function num(v: unknown, where: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new BulwarkError('POLICY_INVALID', `${where} must be a non-negative number`);
  return v;
}

const KNOWN_SPEC = new Set(['checks', 'celPolicies', 'images']);
const KNOWN_IMAGES = new Set(['allowedRepositories', 'disallowLatest', 'digest', 'vulnerabilities', 'requireSignature', 'requireAttestations', 'action', 'failureAction', 'cache', 'insecureRegistries']);

function unknownKeys(o: J, known: Set<string>, where: string): void {
  const bad = Object.keys(o).filter((k) => !known.has(k));
  if (bad.length) throw new BulwarkError('POLICY_INVALID', `${where}: unknown field${bad.length > 1 ? 's' : ''} ${bad.join(', ')} (known: ${[...known].join(', ')})`);
}

function parseImages(v: unknown, where: string, baseDir: string): ImagePolicy | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new BulwarkError('POLICY_INVALID', `${where} must be a mapping`);
  unknownKeys(v, KNOWN_IMAGES, where);
  const digest = v.digest ?? 'off';
  if (digest !== 'off' && digest !== 'require' && digest !== 'mutate') throw new BulwarkError('POLICY_INVALID', `${where}.digest must be off, require or mutate`);
  const out: ImagePolicy = {
    allowedRepositories: strings(v.allowedRepositories, `${where}.allowedRepositories`),
    disallowLatest: v.disallowLatest === true,
    digest,
    action: action(v.action, `${where}.action`, 'enforce'),
    failureAction: action(v.failureAction, `${where}.failureAction`, 'enforce'),
    cacheTtlMs: 300_000,
    negativeCacheTtlMs: 30_000,
    insecureRegistries: strings(v.insecureRegistries, `${where}.insecureRegistries`),
    requireAttestations: [],
  };
  if (v.cache !== undefined) {
    if (!isObj(v.cache)) throw new BulwarkError('POLICY_INVALID', `${where}.cache must be a mapping`);
    out.cacheTtlMs = num(v.cache.ttlSeconds, `${where}.cache.ttlSeconds`, 300) * 1000;
    out.negativeCacheTtlMs = num(v.cache.negativeTtlSeconds, `${where}.cache.negativeTtlSeconds`, 30) * 1000;
  }
  if (v.vulnerabilities !== undefined) {
    const vu = v.vulnerabilities;
    if (!isObj(vu)) throw new BulwarkError('POLICY_INVALID', `${where}.vulnerabilities must be a mapping`);
    const sev = vu.severity === undefined ? undefined : toSeverity(String(vu.severity));
    if (sev === 'unknown') throw new BulwarkError('POLICY_INVALID', `${where}.vulnerabilities.severity: unknown severity ${JSON.stringify(vu.severity)}`);
    out.vulnerabilities = { ...(sev ? { severity: sev } : {}), kev: vu.kev === true, requireScan: vu.requireScan === true, scanTimeoutMs: num(vu.scanTimeoutSeconds, `${where}.vulnerabilities.scanTimeoutSeconds`, 5) * 1000 };
  }
  if (v.requireSignature !== undefined) out.requireSignature = parseSignature(v.requireSignature, `${where}.requireSignature`, baseDir);
  if (v.requireAttestations !== undefined) {
    if (!Array.isArray(v.requireAttestations)) throw new BulwarkError('POLICY_INVALID', `${where}.requireAttestations must be a list of {type, keys | identities, policy}`);
    out.requireAttestations = v.requireAttestations.map((a, i) => parseAttestation(a, `${where}.requireAttestations[${i}]`, baseDir));
  }
  return out;
}

function readRelative(baseDir: string, path: string, where: string): string {
  try {
    return readFileSync(resolve(baseDir, path), 'utf8');
  } catch (e) {
    throw new BulwarkError('POLICY_INVALID', `${where}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const SIGNER_FIELDS = ['keys', 'identities', 'trustedRoot', 'ignoreTlog'];

/**
 * Signers in cosign's terms — `keys: [cosign.pub], identities: [{issuer, subject | subjectRegExp}], trustedRoot: file,
 * ignoreTlog` — turned into supplychain's prepared policy (paths relative to the policy file), with an optional
 * attestation requirement folded in (it is part of the policy hash supplychain caches under).
 */
function parseSigners(rs: J, where: string, baseDir: string, attestation?: { type: string; policy?: string }): { prepared: PreparedPolicy; describe: string } {
  const keyFiles = strings(rs.keys, `${where}.keys`);
  const ids = rs.identities ?? [];
  if (!Array.isArray(ids) || ids.some((i) => !isObj(i))) throw new BulwarkError('POLICY_INVALID', `${where}.identities must be a list of {issuer, subject, issuerRegExp, subjectRegExp}`);
  const identities: IdentityMatcher[] = (ids as J[]).map((i) => {
    const m: IdentityMatcher = {};
    for (const k of ['issuer', 'subject', 'issuerRegExp', 'subjectRegExp'] as const) if (typeof i[k] === 'string') m[k] = i[k] as string;
    return m;
  });
  if (!keyFiles.length && !identities.length) throw new BulwarkError('POLICY_INVALID', `${where} needs keys or identities`);
  let trustedRoot: unknown;
  if (typeof rs.trustedRoot === 'string') {
    const text = readRelative(baseDir, rs.trustedRoot, `${where}.trustedRoot`);
    try {
      trustedRoot = JSON.parse(text);
      parseTrustedRoot(trustedRoot, `${where}.trustedRoot`);
    } catch (e) {
      throw new BulwarkError('POLICY_INVALID', `${where}.trustedRoot: ${(e as Error).message}`);
    }
  }
  if (identities.length && !trustedRoot) throw new BulwarkError('POLICY_INVALID', `${where}: keyless identities need trustedRoot (a Sigstore trusted_root.json)`);
  // Without a root there is no Rekor key, so every key signature would fail its tlog check at request time.
  if (keyFiles.length && !trustedRoot && rs.ignoreTlog !== true) throw new BulwarkError('POLICY_INVALID', `${where}: keys need trustedRoot (to check the Rekor entry) or ignoreTlog: true`);
  const keys = keyFiles.map((f) => parsePublicKey(readRelative(baseDir, f, `${where}.keys`), f));
  let prepared: PreparedPolicy;
  try {
    prepared = preparePolicy({
      ...(keys.length ? { keys } : {}), ...(identities.length ? { identities } : {}), ...(trustedRoot ? { trustedRoot: trustedRoot as never } : {}),
      ...(rs.ignoreTlog === true ? { ignoreTlog: true } : {}), ...(attestation ? { attestation } : {}),
    });
  } catch (e) {
    throw new BulwarkError('POLICY_INVALID', `${where}: ${(e as Error).message}`);
  }
  return { prepared, describe: [...keyFiles.map((k) => `key ${k}`), ...identities.map((i) => `identity ${i.subject ?? i.subjectRegExp ?? '*'} from ${i.issuer ?? i.issuerRegExp ?? '*'}`)].join(', ') };
}

function parseSignature(rs: unknown, where: string, baseDir: string): NonNullable<ImagePolicy['requireSignature']> {
  if (!isObj(rs)) throw new BulwarkError('POLICY_INVALID', `${where} must be a mapping`);
  unknownKeys(rs, new Set(SIGNER_FIELDS), where);
  return parseSigners(rs, where, baseDir);
}

/**
 * `{type: slsaprovenance1 | cyclonedx | … | URI, keys | identities (as requireSignature), policy: CEL}`: the type is
 * checked against cosign's aliases and the CEL expression compiled now, so a typo is a load error, not a denial later.
 */
function parseAttestation(a: unknown, where: string, baseDir: string): AttestationRequirement {
  if (!isObj(a)) throw new BulwarkError('POLICY_INVALID', `${where} must be a mapping`);
  unknownKeys(a, new Set(['type', 'policy', ...SIGNER_FIELDS]), where);
  if (typeof a.type !== 'string' || !a.type) throw new BulwarkError('POLICY_INVALID', `${where} needs type (a cosign predicate alias such as slsaprovenance1, cyclonedx, spdxjson, vuln, openvex, or a URI)`);
  if (a.policy !== undefined && (typeof a.policy !== 'string' || !a.policy.trim())) throw new BulwarkError('POLICY_INVALID', `${where}.policy must be a CEL expression (a string)`);
  try {
    predicateTypeUri(a.type);
    if (typeof a.policy === 'string') checkAttestationCel(a.policy, `${where}.policy`);
  } catch (e) {
    throw new BulwarkError('POLICY_INVALID', `${where}: ${(e as Error).message}`);
  }
  const signers = parseSigners(a, where, baseDir, { type: a.type, ...(typeof a.policy === 'string' ? { policy: a.policy } : {}) });
  return { type: a.type, ...signers };
}

/** Parses a policy file's text; POLICY_INVALID with the file and field on any mistake. */
export function parsePolicyFile(text: string, file: string): AdmissionPolicy {
  const parsed = parseManifests(text, file);
  if (parsed.errors.length) throw new BulwarkError('POLICY_INVALID', parsed.errors[0]!);
  const docs = parsed.objects.filter((o) => o.kind === 'AdmissionPolicy');
  if (docs.length > 1) throw new BulwarkError('POLICY_INVALID', `${file}: more than one AdmissionPolicy document`);
  const policy = defaultPolicy();
  policy.hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const doc = docs[0];
  if (doc) {
    if (doc.apiVersion !== 'bulwark.dev/v1alpha1') throw new BulwarkError('POLICY_INVALID', `${file}: AdmissionPolicy apiVersion must be bulwark.dev/v1alpha1`);
    const spec = doc.raw.spec;
    if (!isObj(spec)) throw new BulwarkError('POLICY_INVALID', `${file}: AdmissionPolicy has no spec`);
    unknownKeys(spec, KNOWN_SPEC, `${file}: spec`);
    if (spec.checks !== undefined) {
      if (!isObj(spec.checks)) throw new BulwarkError('POLICY_INVALID', `${file}: spec.checks must be a mapping`);
      policy.checks.default = action(spec.checks.default, `${file}: spec.checks.default`, 'warn');
      const rules = spec.checks.rules ?? [];
      if (!Array.isArray(rules)) throw new BulwarkError('POLICY_INVALID', `${file}: spec.checks.rules must be a list`);
      policy.checks.rules = rules.map((r, i) => {
        if (!isObj(r) || typeof r.match !== 'string' || !r.match) throw new BulwarkError('POLICY_INVALID', `${file}: spec.checks.rules[${i}] needs match: <check id or group>`);
        return { match: r.match, action: action(r.action, `${file}: spec.checks.rules[${i}]`, 'enforce') };
      });
    }
    if (spec.celPolicies !== undefined) {
      if (!Array.isArray(spec.celPolicies)) throw new BulwarkError('POLICY_INVALID', `${file}: spec.celPolicies must be a list`);
      spec.celPolicies.forEach((c, i) => {
        if (!isObj(c) || typeof c.name !== 'string') throw new BulwarkError('POLICY_INVALID', `${file}: spec.celPolicies[${i}] needs name`);
        policy.celActions.set(c.name, action(c.action, `${file}: spec.celPolicies[${i}]`, 'enforce'));
      });
    }
    policy.images = parseImages(spec.images, `${file}: spec.images`, dirname(resolve(file)));
  }
  policy.cel = compilePolicies(parsed.objects);
  for (const name of policy.celActions.keys()) {
    if (!policy.cel.some((p) => p.name === name)) throw new BulwarkError('POLICY_INVALID', `${file}: spec.celPolicies names ${name}, which is no ValidatingAdmissionPolicy in the file`);
  }
  policy.related = parsed.objects.filter((o) => !['AdmissionPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'].includes(o.kind));
  return policy;
}

/** The action for a built-in check finding: the last matching rule (id or group), else the default. */
export function checkAction(policy: AdmissionPolicy, id: string, group: string): PolicyAction {
  let a = policy.checks.default;
  for (const r of policy.checks.rules) if (r.match === id || r.match === group) a = r.action;
  return a;
}
