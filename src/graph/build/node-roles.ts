/**
 * Node cloud identities from the IaC (EKS node roles, GKE node service accounts the checks fail) as exits: root on any node holds
 * the node's instance credentials; when the IaC proves pods reach the metadata service, every container does too.
 * Manifests do not say which node group a node belongs to, so every node of the graph reaches every such role.
 */
import type { CloudIdentityExit } from '../../core/index.js';
import type { GraphBuilder } from '../builder.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'unknown'];
const WHAT = { aws: 'EKS node role', google: 'GKE node service account', azure: 'AKS kubelet identity' } as const;
const IMDS_FIX = {
  aws: 'hop limit 1 and IMDSv2 required in the launch template',
  google: 'workload_metadata_config mode GKE_METADATA, legacy endpoints off',
  azure: 'block pods from the instance metadata service',
} as const;

export function addNodeRoleExits(b: GraphBuilder, exits: readonly CloudIdentityExit[]): void {
  const nodes = [...b.nodes.values()].filter((n) => n.kind === 'node');
  const containers = [...b.nodes.values()].filter((n) => n.kind === 'container');
  for (const exit of exits) {
    if (exit.attachedTo !== 'node-role' || !exit.dangerous.length) continue;
    const id = `cloud:node-role:${exit.provider}:${exit.id}`;
    const checks = [...exit.dangerous].sort((a, c) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(c.severity));
    const ids = checks.map((c) => c.checkId);
    const what = `${WHAT[exit.provider]} ${exit.name}`;
    b.node({ id, kind: 'cloud-identity', name: `${what}${exit.cluster ? ` (cluster ${exit.cluster})` : ''}`, jewel: 'cloud-identity', findings: ids });
    const why = checks.map((c) => `${c.checkId} ${c.title}`).join('; ');
    const where = exit.file ? ` (${exit.file}${exit.line ? `:${exit.line}` : ''})` : '';
    const fix = { id: `node-role:${exit.id}`, title: `scope down ${what}${where}: ${ids.join(', ')}`, findings: ids };
    for (const n of nodes) b.edge(n.id, id, 'NODE_ROLE_CREDENTIALS', `the node's cloud identity is ${what}: ${why}`, { fix });
    if (!exit.podReachable?.length) continue;
    const reach = exit.podReachable.map((r) => `${r.checkId}: ${r.message}`).join('; ');
    const imdsFix = { id: `imds:${exit.id}`, title: `keep pods from the metadata credentials of ${what} (${IMDS_FIX[exit.provider]})`, findings: exit.podReachable.map((r) => r.checkId) };
    for (const c of containers) b.edge(c.id, id, 'POD_IMDS_CREDENTIALS', `${reach}; the identity: ${why}`, { fix: imdsFix });
  }
}
