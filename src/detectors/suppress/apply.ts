/** Removes ignored and VEX-resolved findings, and says what was removed and why (report.suppressed[]). */
import type { Package, Report, SuppressedFinding, VulnerabilityFinding } from '../../core/index.js';
import { globMatches, isActive, purlMatches, type IgnoreRule } from './rules.js';
import type { VexStatement } from './vex.js';

export interface Suppressions {
  rules: IgnoreRule[];
  vex: VexStatement[];
}

export type FindingSets = Pick<Report, 'vulnerabilities' | 'secrets' | 'misconfigurations' | 'licenses'>;

export interface SuppressionContext {
  now?: Date;
  /** Inventory packages, so `path:` scopes can apply to vulnerabilities through their package's files. */
  packages?: readonly Package[];
  /** Digests of the scanned image (manifest, config): VEX statements scoped to a bare digest apply only to it. */
  imageDigests?: readonly string[];
}

export interface SuppressionResult<F extends FindingSets> {
  findings: F;
  suppressed: SuppressedFinding[];
  warnings: string[];
}

const norm = (s: string): string => s.trim().toUpperCase();

/** The statement that counts for one finding: the latest (timestamp, then order) that names it. */
export function vexFor(f: VulnerabilityFinding, vex: readonly VexStatement[], imageDigests: readonly string[] = []): VexStatement | undefined {
  const ids = new Set([f.id, ...f.aliases].map(norm));
  const digests = new Set(imageDigests.map((d) => d.toLowerCase()));
  const hits = vex.filter((s) => s.ids.some((i) => ids.has(norm(i)))
    && (!s.images.length || s.images.some((d) => digests.has(d)))
    && (s.wholeImage || s.products.some((p) => purlMatches(p, f.package.purl))));
  return hits.sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? '') || a.order - b.order).pop();
}

function scoped(rule: IgnoreRule, purl: string | undefined, paths: readonly string[]): boolean {
  if (rule.purls.length && !(purl && rule.purls.some((s) => purlMatches(s, purl)))) return false;
  if (rule.paths.length && !paths.some((p) => rule.paths.some((g) => globMatches(g, p)))) return false;
  return true;
}

function ruleFor(rules: readonly IgnoreRule[], ids: readonly string[], purl: string | undefined, paths: readonly string[]): IgnoreRule | undefined {
  const wanted = new Set(ids.filter(Boolean).map(norm));
  return rules.find((r) => wanted.has(norm(r.id)) && scoped(r, purl, paths));
}

const why = (r: IgnoreRule): string => r.reason ?? (r.expires ? `ignored until ${r.expires} (${r.origin})` : `ignored (${r.origin})`);

export function applySuppressions<F extends FindingSets>(findings: F, s: Suppressions, ctx: SuppressionContext = {}): SuppressionResult<F> {
  const now = ctx.now ?? new Date();
  const warnings = s.rules.filter((r) => !isActive(r, now))
    .map((r) => `ignore rule ${r.id} (${r.origin}) expired on ${r.expires}; not applied`);
  const rules = s.rules.filter((r) => isActive(r, now));
  const suppressed: SuppressedFinding[] = [];
  const pathsOf = new Map<string, string[]>();
  for (const p of ctx.packages ?? []) pathsOf.set(p.purl, [...(pathsOf.get(p.purl) ?? []), ...p.locations.map((l) => l.path)]);

  const vulnerabilities = findings.vulnerabilities.filter((f) => {
    const st = vexFor(f, s.vex, ctx.imageDigests);
    if (st && (st.status === 'not_affected' || st.status === 'fixed')) {
      const reason = [st.status, st.justification, st.detail].filter(Boolean).join(': ');
      suppressed.push({ kind: 'vulnerability', id: f.id, target: f.package.purl, reason, source: st.source });
      return false;
    }
    const r = ruleFor(rules, [f.id, ...f.aliases], f.package.purl, pathsOf.get(f.package.purl) ?? []);
    if (r) suppressed.push({ kind: 'vulnerability', id: f.id, target: f.package.purl, reason: why(r), source: r.source });
    return !r;
  });
  const secrets = findings.secrets.filter((f) => {
    const r = ruleFor(rules, [f.ruleId, f.fingerprint], undefined, [f.path]);
    if (r) suppressed.push({ kind: 'secret', id: f.ruleId, target: f.path, reason: why(r), source: r.source });
    return !r;
  });
  const misconfigurations = findings.misconfigurations.filter((f) => {
    const target = f.file ?? (f.resource ? `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : f.category);
    const r = ruleFor(rules, [f.id, f.fingerprint ?? ''], undefined, f.file ? [f.file] : []);
    if (r) suppressed.push({ kind: 'misconfiguration', id: f.id, target, reason: why(r), source: r.source });
    return !r;
  });
  const licenses = findings.licenses.filter((f) => {
    const r = ruleFor(rules, [f.license], f.package?.purl, f.path ? [f.path] : []);
    if (r) suppressed.push({ kind: 'license', id: f.license, target: f.package?.purl ?? f.path ?? '', reason: why(r), source: r.source });
    return !r;
  });
  return { findings: { ...findings, vulnerabilities, secrets, misconfigurations, licenses }, suppressed, warnings };
}
