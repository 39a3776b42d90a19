/** Deterministic ordering shared by every writer: same Report in, byte-identical output out. */
import {
  type MisconfigFinding, type Package, type SecretFinding, type VulnerabilityFinding, type LicenseFinding, severityRank,
} from '../core/index.js';

/** Code-point comparison: unlike localeCompare it does not depend on the machine's ICU data. */
export function cmp(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortedPackages(pkgs: readonly Package[]): Package[] {
  return [...pkgs].sort((a, b) => cmp(a.purl, b.purl) || cmp(a.name, b.name) || cmp(a.version, b.version)
    || cmp(a.locations[0]?.path, b.locations[0]?.path));
}

/** Most severe first, then package and id. */
export function sortedVulnerabilities(vs: readonly VulnerabilityFinding[]): VulnerabilityFinding[] {
  return [...vs].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)
    || cmp(a.package.name, b.package.name) || cmp(a.package.version, b.package.version)
    || cmp(a.package.purl, b.package.purl) || cmp(a.id, b.id));
}

export function sortedSecrets(ss: readonly SecretFinding[]): SecretFinding[] {
  return [...ss].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.path, b.path)
    || (a.line ?? 0) - (b.line ?? 0) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint));
}

export function sortedMisconfigs(ms: readonly MisconfigFinding[]): MisconfigFinding[] {
  return [...ms].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.id, b.id)
    || cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(resourceName(a), resourceName(b)) || cmp(a.message, b.message));
}

export function sortedLicenses(ls: readonly LicenseFinding[]): LicenseFinding[] {
  return [...ls].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.license, b.license)
    || cmp(a.package?.purl, b.package?.purl) || cmp(a.path, b.path));
}

/** `Deployment shop/web` for Kubernetes findings, '' otherwise. */
export function resourceName(m: MisconfigFinding): string {
  const r = m.resource;
  if (!r) return '';
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Where a misconfiguration points, for one-line output: file:line, resource, or the field. */
export function misconfigWhere(m: MisconfigFinding): string {
  const file = m.file ? `${m.file}${m.line ? `:${m.line}` : ''}` : '';
  return [file, resourceName(m)].filter(Boolean).join(' ') || m.field || m.category;
}

/** Unique bom-refs: the purl, or purl#path when one purl occurs at several locations. */
export function assignBomRefs(pkgs: readonly Package[]): Map<Package, string> {
  const count = new Map<string, number>();
  for (const p of pkgs) count.set(p.purl, (count.get(p.purl) ?? 0) + 1);
  const refs = new Map<Package, string>();
  const used = new Set<string>();
  for (const p of pkgs) {
    let ref = p.purl || `pkg:generic/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`;
    if ((count.get(p.purl) ?? 0) > 1) ref = `${ref}#${p.locations[0]?.path ?? ''}`;
    let unique = ref;
    for (let i = 2; used.has(unique); i++) unique = `${ref}#${i}`;
    used.add(unique);
    refs.set(p, unique);
  }
  return refs;
}

/** A license finding "fails" in pass/fail formats (JUnit, PolicyReport) when the policy flags it or it is forbidden/restricted. */
export function licenseFails(l: LicenseFinding): boolean {
  return l.policyViolation === true || l.category === 'forbidden' || l.category === 'restricted';
}

/** Items grouped by key in first-seen order: one push each (a spread per item made 120k packages quadratic). */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
