/**
 * The cloud identities of Kubernetes nodes that the IaC makes dangerous, as exits for the attack graph. Nothing is
 * re-decided here: the node-role checks (BW-IAC-14xx) say what a role can do, the node metadata checks (BW-IAC-1208,
 * BW-IAC-1209) say whether pods reach it without escaping; their findings (inline ignores honoured) are grouped by
 * the role they name. A role no check fails is not an exit: the graph lists what is worth stealing.
 */
import type { CloudIdentityExit, MisconfigFinding } from '../../core/index.js';
import { iacChecks } from '../checks/registry.js';
import { nodeMetadata } from '../checks/shared/eks-node-metadata.js';
import { nodeRoles } from '../checks/shared/node-roles.js';
import { sameAddress } from '../adapters/cloud/refs.js';
import type { Analysis } from '../load/analysis.js';
import { runChecks } from './run.js';

/** What the node role can do: every AWS IAM check is a node-role check (id block 1400). */
const ROLE_CHECKS = iacChecks.filter((c) => c.provider === 'aws' && c.service === 'iam');
/** Pods reach the instance metadata service: IMDSv1 accepted, or IMDSv2 responses survive the extra hop. */
const IMDS_CHECKS = iacChecks.filter((c) => c.id === 'BW-IAC-1208' || c.id === 'BW-IAC-1209');

function byResource(findings: readonly MisconfigFinding[]): Map<string, MisconfigFinding[]> {
  const out = new Map<string, MisconfigFinding[]>();
  for (const f of findings) {
    const key = f.iac?.resource;
    if (key) (out.get(key) ?? out.set(key, []).get(key)!).push(f);
  }
  return out;
}

export function nodeIdentityExits(analysis: Analysis, opts: { skip?: string[] } = {}): CloudIdentityExit[] {
  const s = analysis.state;
  const dangerous = byResource(runChecks(s, ROLE_CHECKS, analysis.ignores, opts).findings);
  const imds = byResource(runChecks(s, IMDS_CHECKS, analysis.ignores, opts).findings);
  const metadata = nodeMetadata(s);
  const out: CloudIdentityExit[] = [];
  for (const nr of nodeRoles(s)) {
    const hits = dangerous.get(nr.meta.address);
    if (!hits?.length) continue;
    // The metadata findings name the node group or its launch template; each belongs to this role's groups.
    const reach = metadata.filter((m) => nr.groups.includes(m.group))
      .flatMap((m) => [m.group.meta.address, ...(m.template ? [m.template.meta.address] : [])])
      .flatMap((addr) => [...imds].filter(([k]) => sameAddress(k, addr)).flatMap(([, fs]) => fs));
    const clusters = [...new Set(nr.groups.flatMap((g) => (g.clusterName.known && g.clusterName.value ? [g.clusterName.value] : [])))];
    out.push({
      id: nr.meta.address, provider: 'aws', name: nr.label, attachedTo: 'node-role',
      ...(clusters.length ? { cluster: clusters.join(', ') } : {}),
      dangerous: hits.map((f) => ({ checkId: f.id, title: f.title, severity: f.severity, message: f.message })),
      ...(reach.length ? { podReachable: [...new Map(reach.map((f) => [f.fingerprint, { checkId: f.id, message: f.message }])).values()] } : {}),
      file: nr.meta.loc.file, line: nr.meta.loc.line,
    });
  }
  return out;
}
