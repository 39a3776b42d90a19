/** EKS managed VPC CNI add-on without NetworkPolicy enforcement. */
import { defineCheck, failure } from '../../define.js';
import { belongsTo, label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

/** vpc-cni's configuration values enable NetworkPolicy enforcement (`enableNetworkPolicy: "true"`). */
function enforces(config: string | undefined): boolean | undefined {
  if (!config) return false;
  try {
    const v = (JSON.parse(config) as { enableNetworkPolicy?: unknown }).enableNetworkPolicy;
    return v === true || v === 'true';
  } catch {
    return undefined;
  }
}

export const eksNetworkPolicy = defineCheck({
  id: 'BW-IAC-1212', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS VPC CNI does not enforce NetworkPolicies',
  trivy: null, checkov: [],
  rationale: 'The Amazon VPC CNI ignores NetworkPolicy objects unless `enableNetworkPolicy` is set: policies are accepted by the API server and enforce nothing, so any pod reaches any other pod. (Checked on the managed vpc-cni add-on; a cluster enforcing policies with Calico or Cilium installed separately is not visible here.)',
  remediation: 'Set `configuration_values = jsonencode({ enableNetworkPolicy = "true" })` on the `vpc-cni` `aws_eks_addon` (add-on v1.14+), or run another NetworkPolicy engine.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.4.4',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html'],
  evaluate: (s) => s.aws.eks.addons
    .filter((a) => a.name.known && a.name.value === 'vpc-cni' && a.configurationValues.known && enforces(a.configurationValues.value) === false)
    .map((a) => {
      const owner = s.aws.eks.clusters.find((c) => belongsTo({ ref: a.clusterRef, name: a.clusterName }, c));
      return failure(a.meta, `vpc-cni add-on${owner ? ` of cluster ${label(owner.meta, owner.name)}` : ''} does not enforce NetworkPolicies (enableNetworkPolicy is not "true")`, a.configurationValues.loc);
    }),
  examples: {
    fail: [{ 'main.tf': `${cluster(vpc())}\nresource "aws_eks_addon" "cni" {\n  cluster_name = aws_eks_cluster.main.name\n  addon_name   = "vpc-cni"\n}\n` }],
    pass: [{ 'main.tf': `${cluster(vpc())}\nresource "aws_eks_addon" "cni" {\n  cluster_name         = aws_eks_cluster.main.name\n  addon_name           = "vpc-cni"\n  configuration_values = jsonencode({ enableNetworkPolicy = "true" })\n}\n` }],
    unknown: [{ 'main.tf': `variable "cni" {}\n${cluster(vpc())}\nresource "aws_eks_addon" "cni" {\n  cluster_name         = aws_eks_cluster.main.name\n  addon_name           = "vpc-cni"\n  configuration_values = var.cni\n}\n` }],
  },
});
