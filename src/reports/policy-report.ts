/**
 * Kubernetes Policy Report (wgpolicyk8s.io/v1alpha2, kubernetes-sigs/wg-policy-prototypes): one PolicyReport per
 * namespace and one ClusterPolicyReport for cluster-scoped resources, as multi-document YAML for `kubectl apply`.
 * Checks that could not be evaluated appear as `skip` results so a 403 never reads as a pass.
 */
import { stringify } from 'yaml';
import { type MisconfigFinding, type Report, type Severity } from '../core/index.js';
import { cmp, sortedMisconfigs } from './order.js';

type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

interface PrResult {
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

function prSeverity(s: Severity): PrResult['severity'] {
  return s === 'unknown' ? 'info' : s;
}

function category(m: MisconfigFinding): string {
  if (m.pss) return `Pod Security Standards (${m.pss.level})`;
  const n = Number(/^BW-K8S-(\d{2})/.exec(m.id)?.[1] ?? -1);
  if (n === 1) return 'Workload hygiene';
  if (n === 2) return 'Network';
  if (n === 3) return 'RBAC';
  if (n === 4) return 'CIS Kubernetes Benchmark';
  return m.id.startsWith('VAP-') ? 'ValidatingAdmissionPolicy' : 'Kubernetes';
}

function toResult(m: MisconfigFinding, ts: PrResult['timestamp']): PrResult {
  const r: PrResult = {
    source: 'bulwark', policy: m.id, rule: m.pss ? m.pss.control : m.title, category: category(m),
    severity: prSeverity(m.severity), result: 'fail', scored: true, message: m.message, timestamp: ts,
  };
  if (m.resource) {
    const res: NonNullable<PrResult['resources']>[number] = { apiVersion: m.resource.apiVersion, kind: m.resource.kind, name: m.resource.name };
    if (m.resource.namespace) res.namespace = m.resource.namespace;
    r.resources = [res];
  }
  const props: Record<string, string> = {};
  if (m.field) props.field = m.field;
  if (m.file) props.file = m.file;
  if (m.line !== undefined) props.line = String(m.line);
  if (m.fingerprint) props.fingerprint = m.fingerprint;
  if (Object.keys(props).length) r.properties = props;
  return r;
}

function summary(results: PrResult[]): Record<PolicyResult, number> {
  const s: Record<PolicyResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) s[r.result]++;
  return s;
}

function reportName(ns: string | undefined): string {
  return ns ? `bulwark-${ns}` : 'bulwark-cluster';
}

/** Report → PolicyReport/ClusterPolicyReport YAML documents. */
export function writePolicyReport(report: Report): string {
  const seconds = Math.floor(Date.parse(report.createdAt) / 1000) || 0;
  const ts = { seconds, nanos: 0 };
  const groups = new Map<string, PrResult[]>();
  for (const m of sortedMisconfigs(report.misconfigurations)) {
    const key = m.resource?.namespace ?? '';
    const list = groups.get(key) ?? [];
    list.push(toResult(m, ts));
    groups.set(key, list);
  }
  const skipped: PrResult[] = (report.kubernetes?.checks ?? [])
    .filter((c) => c.status === 'not-evaluated' || c.status === 'partial')
    .map((c) => ({ source: 'bulwark', policy: c.id, rule: c.title, category: 'Not evaluated', result: 'skip', scored: false, message: c.reason ?? c.status, timestamp: ts }));
  if (skipped.length) groups.set('', [...(groups.get('') ?? []), ...skipped]);
  const docs = [...groups.keys()].sort(cmp).map((ns) => {
    const results = groups.get(ns)!; // already ordered by sortedMisconfigs
    const metadata: Record<string, unknown> = { name: reportName(ns || undefined), labels: { 'app.kubernetes.io/managed-by': 'bulwark' } };
    if (ns) metadata.namespace = ns;
    return {
      apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: ns ? 'PolicyReport' : 'ClusterPolicyReport', metadata,
      summary: summary(results), results,
    };
  });
  if (!docs.length) {
    docs.push({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'ClusterPolicyReport', metadata: { name: reportName(undefined), labels: { 'app.kubernetes.io/managed-by': 'bulwark' } } as Record<string, unknown>, summary: summary([]), results: [] });
  }
  return docs.map((d) => stringify(JSON.parse(JSON.stringify(d)), { lineWidth: 0 })).join('---\n');
}
