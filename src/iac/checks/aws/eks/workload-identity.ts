/** EKS cluster without IRSA or Pod Identity: pods fall back to the node role. */
import { defineCheck, failure } from '../../define.js';
import type { State } from '../../../model/state.js';
import type { EksCluster } from '../../../model/aws/eks.js';
import { sameAddress } from '../../../adapters/cloud/refs.js';
import { belongsTo, label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

const host = (u: string) => u.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** true: IRSA provider or Pod Identity agent present; false: known absent; undefined: cannot tell. */
function hasWorkloadIdentity(s: State, c: EksCluster): boolean | undefined {
  if (s.aws.eks.addons.some((a) => a.name.known && a.name.value === 'eks-pod-identity-agent' && belongsTo({ ref: a.clusterRef, name: a.clusterName }, c))) return true;
  for (const p of s.aws.eks.oidcProviders) {
    if (p.clusterRef && sameAddress(p.clusterRef, c.meta.address)) return true;
    if (p.url.known && p.url.value && c.oidcIssuer.known && c.oidcIssuer.value && host(p.url.value) === host(c.oidcIssuer.value)) return true;
    // A provider whose URL we cannot evaluate might be this cluster's.
    if (!p.url.known && !p.clusterRef) return undefined;
  }
  return false;
}

export const eksWorkloadIdentity = defineCheck({
  id: 'BW-IAC-1213', provider: 'aws', service: 'eks', severity: 'low',
  title: 'EKS cluster has neither IRSA nor Pod Identity set up',
  trivy: null, checkov: [],
  rationale: 'Without an IAM OIDC provider for the cluster issuer (IRSA) or the EKS Pod Identity agent, pods that need AWS access use the node role, which every pod on the node shares: one compromised pod gets the permissions of all of them. (Checked within what was scanned: a provider created in another stack is not seen.)',
  remediation: 'Create `aws_iam_openid_connect_provider` for `aws_eks_cluster.<name>.identity[0].oidc[0].issuer`, or install the `eks-pod-identity-agent` add-on, and give each workload its own role.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.2.1',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html', 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => hasWorkloadIdentity(s, c) === false)
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} has no IAM OIDC provider (IRSA) and no eks-pod-identity-agent add-on: pods use the node role`)),
  examples: {
    fail: [{ 'main.tf': cluster(vpc()) }],
    pass: [
      { 'main.tf': `${cluster(vpc())}\nresource "aws_iam_openid_connect_provider" "eks" {\n  url             = aws_eks_cluster.main.identity[0].oidc[0].issuer\n  client_id_list  = ["sts.amazonaws.com"]\n}\n` },
      { 'main.tf': `${cluster(vpc())}\nresource "aws_eks_addon" "pod_identity" {\n  cluster_name = aws_eks_cluster.main.name\n  addon_name   = "eks-pod-identity-agent"\n}\n` },
    ],
    unknown: [{ 'main.tf': `variable "issuer" {}\n${cluster(vpc())}\nresource "aws_iam_openid_connect_provider" "eks" {\n  url            = var.issuer\n  client_id_list = ["sts.amazonaws.com"]\n}\n` }],
  },
});
