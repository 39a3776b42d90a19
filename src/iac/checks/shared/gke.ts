/** GKE check plumbing: one factory for cluster settings, one for node settings (default pool and node pools). */
import type { Severity } from '../../../core/index.js';
import { defineCheck, failure, type Example, type IacCheck } from '../define.js';
import type { State } from '../../model/state.js';
import type { GkeCluster, GkeNodeConfig, GkeNodePool } from '../../model/google/gke.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { Loc } from '../../model/value.js';
import { sameAddress } from '../../adapters/cloud/refs.js';
import { label } from './cloud.js';

interface Common {
  id: string; severity: Severity; title: string; rationale: string; remediation: string;
  cis?: string; trivy?: string | null; checkov?: string[]; references?: string[];
  examples: { fail: Example[]; pass: Example[]; unknown?: Example[] };
}

const docs = ['https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster'];

/** `fails` returns the failing value's location and a message, or undefined. Autopilot clusters are skipped when `notAutopilot`. */
export function gkeClusterCheck(o: Common & { notAutopilot?: boolean; fails: (c: GkeCluster, s: State) => { loc: Loc; message: string } | undefined }): IacCheck {
  return defineCheck({
    id: o.id, provider: 'google', service: 'gke', severity: o.severity, title: o.title, rationale: o.rationale, remediation: o.remediation,
    ...(o.cis ? { cis: o.cis } : {}), ...(o.trivy !== undefined ? { trivy: o.trivy } : {}), ...(o.checkov ? { checkov: o.checkov } : {}),
    references: o.references ?? docs,
    evaluate: (s) => s.google.gke.clusters.flatMap((c) => {
      if (o.notAutopilot && !(c.autopilot.known && c.autopilot.value === false)) return [];
      const f = o.fails(c, s);
      return f ? [failure(c.meta, `cluster ${label(c.meta, c.name)} ${f.message}`, f.loc)] : [];
    }),
    examples: o.examples,
  });
}

interface NodeView { meta: ResourceMeta; what: string; config: GkeNodeConfig; cluster?: GkeCluster; pool?: GkeNodePool }

/** The default pool of each Standard cluster that keeps it, and every node pool (with its cluster when known). */
function nodeViews(s: State): NodeView[] {
  const out: NodeView[] = [];
  for (const c of s.google.gke.clusters) {
    if (c.nodeConfig) out.push({ meta: c.meta, what: `default node pool of cluster ${label(c.meta, c.name)}`, config: c.nodeConfig, cluster: c });
  }
  for (const p of s.google.gke.nodePools) {
    const cluster = p.clusterRef ? s.google.gke.clusters.find((c) => sameAddress(c.meta.address, p.clusterRef)) : undefined;
    if (cluster?.autopilot.known && cluster.autopilot.value) continue;
    out.push({ meta: p.meta, what: `node pool ${label(p.meta, p.name)}`, config: p.nodeConfig, ...(cluster ? { cluster } : {}), pool: p });
  }
  return out;
}

export function gkeNodeCheck(o: Common & { fails: (n: NodeView) => { loc: Loc; message: string } | undefined }): IacCheck {
  return defineCheck({
    id: o.id, provider: 'google', service: 'gke', severity: o.severity, title: o.title, rationale: o.rationale, remediation: o.remediation,
    ...(o.cis ? { cis: o.cis } : {}), ...(o.trivy !== undefined ? { trivy: o.trivy } : {}), ...(o.checkov ? { checkov: o.checkov } : {}),
    references: o.references ?? docs,
    evaluate: (s) => nodeViews(s).flatMap((n) => {
      const f = o.fails(n);
      return f ? [failure(n.meta, `${n.what} ${f.message}`, f.loc)] : [];
    }),
    examples: o.examples,
  });
}

export const gke = (body: string, extra = '') => `resource "google_container_cluster" "main" {
  name     = "prod"
  location = "us-central1"
${body}
}
${extra}`;

export const pool = (body: string) => gke('  remove_default_node_pool = true\n  initial_node_count       = 1', `
resource "google_container_node_pool" "pool" {
  name       = "pool-1"
  cluster    = google_container_cluster.main.id
  node_count = 3
${body}
}
`);
