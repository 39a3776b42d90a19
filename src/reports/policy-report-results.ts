/**
 * Findings of every kind → wgpolicyk8s.io/v1alpha2 PolicyReport results. The shape follows what policy-reporter
 * (Kyverno's UI) and trivy-operator's PolicyReport adapter show: `category` names the kind of scan
 * (Vulnerability, Secret, License, Pod Security Standards…), `policy` is the finding id (CVE, rule id, check id),
 * `rule` the thing that matched (package, file, control), details go to string `properties`.
 */
import {
  K8S_CHECK_GROUPS, type LicenseFinding, type MisconfigFinding, type SecretFinding, type Severity, type VulnerabilityFinding,
} from '../core/index.js';
import { licenseFails } from './order.js';

export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface PrResult {
  source: string;
  policy: string;
  rule: string;
  category: string;
  severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  result: PolicyResult;
  scored: boolean;
  message: string;
  timestamp: { seconds: number; nanos: number };
  resources?: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  properties?: Record<string, string>;
}

export type Timestamp = PrResult['timestamp'];

const SOURCE = 'bulwark';

function prSeverity(s: Severity): PrResult['severity'] {
  return s === 'unknown' ? 'info' : s;
}

/** PolicyReport properties are strings; empty values are left out. */
function props(entries: Record<string, string | number | boolean | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined && v !== '') out[k] = String(v);
  return Object.keys(out).length ? out : undefined;
}

function withProps(r: PrResult, p: Record<string, string> | undefined): PrResult {
  if (p) r.properties = p;
  return r;
}

const MISCONFIG_CATEGORY: Record<string, string> = { image: 'Image configuration', dockerfile: 'Dockerfile', kubernetes: 'Kubernetes' };

function misconfigCategory(m: MisconfigFinding): string {
  if (m.pss) return `${K8S_CHECK_GROUPS.pss} (${m.pss.level})`;
  if (m.group) return K8S_CHECK_GROUPS[m.group];
  return MISCONFIG_CATEGORY[m.category] ?? m.category;
}

export function misconfigResult(m: MisconfigFinding, ts: Timestamp): PrResult {
  const r: PrResult = {
    source: SOURCE, policy: m.id, rule: m.pss ? m.pss.control : m.title, category: misconfigCategory(m),
    severity: prSeverity(m.severity), result: 'fail', scored: true, message: m.message, timestamp: ts,
  };
  if (m.resource) {
    const res: NonNullable<PrResult['resources']>[number] = { apiVersion: m.resource.apiVersion, kind: m.resource.kind, name: m.resource.name };
    if (m.resource.namespace) res.namespace = m.resource.namespace;
    r.resources = [res];
  }
  return withProps(r, props({ field: m.field, file: m.file, line: m.line, layer: m.layer, fingerprint: m.fingerprint }));
}

export function vulnerabilityResult(v: VulnerabilityFinding, ts: Timestamp): PrResult {
  const r: PrResult = {
    source: SOURCE, policy: v.id, rule: v.package.name, category: 'Vulnerability', severity: prSeverity(v.severity),
    result: 'fail', scored: true, message: v.title ?? `${v.id} in ${v.package.name} ${v.package.version}`, timestamp: ts,
  };
  return withProps(r, props({
    installedVersion: v.package.version, fixedVersion: v.fixedVersion, status: v.status, ecosystem: v.package.ecosystem,
    purl: v.package.purl, aliases: v.aliases.join(', '), layer: v.layer, dataSource: v.source, primaryLink: v.references?.[0],
  }));
}

export function secretResult(s: SecretFinding, ts: Timestamp): PrResult {
  const r: PrResult = {
    source: SOURCE, policy: s.ruleId, rule: s.title, category: 'Secret', severity: prSeverity(s.severity), result: 'fail',
    scored: true, message: `${s.title} in ${s.path}${s.deleted ? ' (deleted by a later layer, still in the image)' : ''}`, timestamp: ts,
  };
  // `match` is already redacted at the source; the raw value never reaches a report.
  return withProps(r, props({ path: s.path, line: s.line, layer: s.layer, deleted: s.deleted, deletedIn: s.deletedIn, match: s.match, fingerprint: s.fingerprint }));
}

/** A license fails when the license policy flags it or it is forbidden/restricted (as in JUnit); otherwise it is recorded as a pass. */
export function licenseResult(l: LicenseFinding, ts: Timestamp): PrResult {
  const subject = l.package ? `${l.package.name} ${l.package.version}` : l.path ?? '';
  const r: PrResult = {
    source: SOURCE, policy: l.license, rule: l.package?.name ?? l.path ?? l.license, category: 'License',
    severity: prSeverity(l.severity), result: licenseFails(l) ? 'fail' : 'pass', scored: true,
    message: `${subject}: ${l.license} (${l.category})${l.policyViolation ? ' is not allowed by the license policy' : ''}`, timestamp: ts,
  };
  return withProps(r, props({ licenseCategory: l.category, purl: l.package?.purl, path: l.path, layer: l.layer }));
}
