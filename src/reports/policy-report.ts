/**
 * Kubernetes Policy Report (wgpolicyk8s.io/v1alpha2, kubernetes-sigs/wg-policy-prototypes) as multi-document YAML
 * for `kubectl apply`. Kubernetes scans: one PolicyReport per namespace and one ClusterPolicyReport for
 * cluster-scoped resources; checks that could not be evaluated appear as `skip` results so a 403 never reads as a
 * pass. Image, rootfs, fs and SBOM scans: one ClusterPolicyReport named after the target (annotated with it),
 * holding every finding kind — vulnerabilities, secrets, misconfigurations, licenses (policy-report-results.ts).
 */
import { stringify } from 'yaml';
import type { Report } from '../core/index.js';
import { cmp, sortedLicenses, sortedMisconfigs, sortedSecrets, sortedVulnerabilities } from './order.js';
import {
  licenseResult, misconfigResult, secretResult, vulnerabilityResult, type PolicyResult, type PrResult, type Timestamp,
} from './policy-report-results.js';

function summary(results: PrResult[]): Record<PolicyResult, number> {
  const s: Record<PolicyResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) s[r.result]++;
  return s;
}

/** DNS-1123 subdomain from a target name (`ghcr.io/org/app:1.4` → `ghcr.io.org.app-1.4`), at most 253 characters. */
function dnsName(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return s.slice(0, 240).replace(/[^a-z0-9]+$/, '') || 'target';
}

/** Name of the cluster-level report: `bulwark-cluster` for Kubernetes scans, else `bulwark-<type>-<target>`. */
function clusterReportName(report: Report): string {
  return report.target.type === 'kubernetes' ? 'bulwark-cluster' : `bulwark-${report.target.type}-${dnsName(report.target.name)}`;
}

/** Every finding, keyed by the namespace of its Kubernetes resource ('' = the cluster-level report). */
function resultsByNamespace(report: Report, ts: Timestamp): Map<string, PrResult[]> {
  const groups = new Map<string, PrResult[]>();
  const add = (ns: string, r: PrResult) => {
    const list = groups.get(ns) ?? [];
    list.push(r);
    groups.set(ns, list);
  };
  for (const v of sortedVulnerabilities(report.vulnerabilities)) add('', vulnerabilityResult(v, ts));
  for (const s of sortedSecrets(report.secrets)) add('', secretResult(s, ts));
  for (const m of sortedMisconfigs(report.misconfigurations)) add(m.resource?.namespace ?? '', misconfigResult(m, ts));
  for (const l of sortedLicenses(report.licenses)) add('', licenseResult(l, ts));
  const skipped: PrResult[] = (report.kubernetes?.checks ?? [])
    .filter((c) => c.status === 'not-evaluated' || c.status === 'partial')
    .map((c) => ({ source: 'bulwark', policy: c.id, rule: c.title, category: 'Not evaluated', result: 'skip', scored: false, message: c.reason ?? c.status, timestamp: ts }));
  for (const r of skipped) add('', r);
  if (!groups.size) groups.set('', []);
  return groups;
}

/** Report → PolicyReport/ClusterPolicyReport YAML documents. */
export function writePolicyReport(report: Report): string {
  const seconds = Math.floor(Date.parse(report.createdAt) / 1000) || 0;
  const groups = resultsByNamespace(report, { seconds, nanos: 0 });
  const labels = { 'app.kubernetes.io/managed-by': 'bulwark' };
  const docs = [...groups.keys()].sort(cmp).map((ns) => {
    const results = groups.get(ns)!; // already ordered
    const metadata: Record<string, unknown> = ns ? { name: `bulwark-${ns}`, namespace: ns, labels } : { name: clusterReportName(report), labels };
    if (!ns && report.target.type !== 'kubernetes') {
      metadata.annotations = { 'bulwark.dev/target': report.target.name, 'bulwark.dev/target-type': report.target.type };
    }
    return { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: ns ? 'PolicyReport' : 'ClusterPolicyReport', metadata, summary: summary(results), results };
  });
  return docs.map((d) => stringify(JSON.parse(JSON.stringify(d)), { lineWidth: 0 })).join('---\n');
}
