/**
 * The cloud identities of Kubernetes nodes that the IaC makes dangerous, as exits for the attack graph. Nothing is
 * re-decided here: the node-role checks (EKS BW-IAC-14xx; GKE BW-IAC-2219 default compute service account, 2220
 * cloud-platform scope; AKS BW-IAC-3126/3127 kubelet identity role assignments) say what the identity can do, the node metadata checks (EKS BW-IAC-1208/1209, GKE
 * BW-IAC-2221/2225) say whether pods reach it without escaping; their findings (inline ignores honoured) are grouped
 * by the identity they name. An identity no check fails is not an exit: the graph lists what is worth stealing.
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
const GKE_SA_CHECKS = iacChecks.filter((c) => c.id === 'BW-IAC-2219' || c.id === 'BW-IAC-2220');
const AKS_KUBELET_CHECKS = iacChecks.filter((c) => c.id === 'BW-IAC-3126' || c.id === 'BW-IAC-3127');
const GKE_METADATA_CHECKS = iacChecks.filter((c) => c.id === 'BW-IAC-2221' || c.id === 'BW-IAC-2225');

function byResource(findings: readonly MisconfigFinding[]): Map<string, MisconfigFinding[]> {
  const out = new Map<string, MisconfigFinding[]>();
  for (const f of findings) {
    const key = f.iac?.resource;
    if (key) (out.get(key) ?? out.set(key, []).get(key)!).push(f);
  }
  return out;
}

const danger = (fs: readonly MisconfigFinding[]) => fs.map((f) => ({ checkId: f.id, title: f.title, severity: f.severity, message: f.message }));
const reachOf = (fs: readonly MisconfigFinding[]) => [...new Map(fs.map((f) => [f.fingerprint, { checkId: f.id, message: f.message }])).values()];

export function nodeIdentityExits(analysis: Analysis, opts: { skip?: string[] } = {}): CloudIdentityExit[] {
  return [...eksNodeRoles(analysis, opts), ...gkeNodeServiceAccounts(analysis, opts), ...aksKubeletIdentities(analysis, opts)];
}

function eksNodeRoles(analysis: Analysis, opts: { skip?: string[] }): CloudIdentityExit[] {
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
      dangerous: danger(hits),
      ...(reach.length ? { podReachable: reachOf(reach) } : {}),
      file: nr.meta.loc.file, line: nr.meta.loc.line,
    });
  }
  return out;
}

/**
 * GKE node pools (and clusters' default pools) running as the Compute Engine default service account (BW-IAC-2219:
 * Editor on the project in most projects). One exit per service account: every pool using it holds the same identity.
 * The cloud-platform scope (2220) alone is no exit: what a custom service account may do is not in the IaC.
 */
function gkeNodeServiceAccounts(analysis: Analysis, opts: { skip?: string[] }): CloudIdentityExit[] {
  const { clusters, nodePools } = analysis.state.google.gke;
  const found = byResource(runChecks(analysis.state, GKE_SA_CHECKS, analysis.ignores, opts).findings);
  const metadata = byResource(runChecks(analysis.state, GKE_METADATA_CHECKS, analysis.ignores, opts).findings);
  const out = new Map<string, CloudIdentityExit>();
  for (const [address, hits] of found) {
    if (!hits.some((f) => f.id === 'BW-IAC-2219')) continue;
    const cluster = clusters.find((c) => c.meta.address === address);
    const pool = cluster ? undefined : nodePools.find((p) => p.meta.address === address);
    const owner = cluster ?? (pool?.clusterRef ? clusters.find((c) => sameAddress(c.meta.address, pool.clusterRef)) : undefined);
    const config = cluster?.nodeConfig ?? pool?.nodeConfig;
    const sa = config?.serviceAccount.known && config.serviceAccount.value ? config.serviceAccount.value : 'default';
    const name = sa === 'default' ? 'Compute Engine default service account' : sa;
    const exit = out.get(sa) ?? { id: `gke-node-sa:${sa}`, provider: 'google' as const, name, attachedTo: 'node-role' as const, dangerous: [], file: hits[0].file, line: hits[0].line };
    out.set(sa, exit);
    exit.dangerous.push(...danger(hits).filter((d) => !exit.dangerous.some((x) => x.checkId === d.checkId)));
    const clusterName = owner?.name.known ? owner.name.value : undefined;
    if (clusterName && !exit.cluster?.split(', ').includes(clusterName)) exit.cluster = exit.cluster ? `${exit.cluster}, ${clusterName}` : clusterName;
    const reach = metadata.get(address) ?? [];
    if (reach.length) exit.podReachable = [...(exit.podReachable ?? []), ...reachOf(reach)];
  }
  return [...out.values()];
}

/**
 * AKS kubelet identities with AcrPush / owner-like role assignments (BW-IAC-3126/3127), one exit per cluster. No
 * pod → identity edge: no check here proves whether IMDS is restricted for pods, so only root on the node counts.
 */
function aksKubeletIdentities(analysis: Analysis, opts: { skip?: string[] }): CloudIdentityExit[] {
  const s = analysis.state;
  const out = new Map<string, CloudIdentityExit>();
  for (const [address, hits] of byResource(runChecks(s, AKS_KUBELET_CHECKS, analysis.ignores, opts).findings)) {
    const ra = s.azure.roleAssignments.find((r) => r.meta.address === address);
    if (!ra?.kubeletOf) continue;
    const cluster = s.azure.aks.clusters.find((c) => sameAddress(c.meta.address, ra.kubeletOf));
    const name = cluster?.name.known && cluster.name.value ? cluster.name.value : undefined;
    const exit = out.get(ra.kubeletOf) ?? {
      id: `aks-kubelet:${ra.kubeletOf}`, provider: 'azure' as const, name: `of ${cluster?.meta.address ?? ra.kubeletOf}`, attachedTo: 'node-role' as const,
      ...(name ? { cluster: name } : {}), dangerous: [], file: hits[0].file, line: hits[0].line,
    };
    out.set(ra.kubeletOf, exit);
    exit.dangerous.push(...danger(hits));
  }
  return [...out.values()];
}
