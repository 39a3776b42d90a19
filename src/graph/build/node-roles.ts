/**
 * Node cloud identities from the IaC (EKS node roles the node-role checks fail) as exits: root on any node holds
 * the node's instance credentials; when the IaC proves pods reach the metadata service, every container does too.
 * Manifests do not say which node group a node belongs to, so every node of the graph reaches every such role.
 */
import type { CloudIdentityExit } from '../../core/index.js';
import type { GraphBuilder } from '../builder.js';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'unknown'];

export function addNodeRoleExits(b: GraphBuilder, exits: readonly CloudIdentityExit[]): void {
  const nodes = [...b.nodes.values()].filter((n) => n.kind === 'node');
  const containers = [...b.nodes.values()].filter((n) => n.kind === 'container');
  for (const exit of exits) {
    if (exit.attachedTo !== 'node-role' || !exit.dangerous.length) continue;
    const id = `cloud:node-role:${exit.provider}:${exit.id}`;
    const checks = [...exit.dangerous].sort((a, c) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(c.severity));
    const ids = checks.map((c) => c.checkId);
    b.node({ id, kind: 'cloud-identity', name: `node role ${exit.name}${exit.cluster ? ` (cluster ${exit.cluster})` : ''}`, jewel: 'cloud-identity', findings: ids });
    const what = checks.map((c) => `${c.checkId} ${c.title}`).join('; ');
    const where = exit.file ? ` (${exit.file}${exit.line ? `:${exit.line}` : ''})` : '';
    const fix = { id: `node-role:${exit.id}`, title: `scope down node role ${exit.name}${where}: ${ids.join(', ')}`, findings: ids };
    for (const n of nodes) b.edge(n.id, id, 'NODE_ROLE_CREDENTIALS', `the node's instance profile is ${exit.name}: ${what}`, { fix });
    if (!exit.podReachable?.length) continue;
    const reach = exit.podReachable.map((r) => `${r.checkId}: ${r.message}`).join('; ');
    const imdsFix = { id: `imds:${exit.id}`, title: `block pods from instance metadata for node role ${exit.name} (hop limit 1, IMDSv2 required)`, findings: exit.podReachable.map((r) => r.checkId) };
    for (const c of containers) b.edge(c.id, id, 'POD_IMDS_CREDENTIALS', `${reach}; the role: ${what}`, { fix: imdsFix });
  }
}
