/** EKS nodes let pods reach the instance metadata service. */
import { defineCheck, failure } from '../../define.js';
import { label } from '../../shared/cloud.js';
import { NODE_GROUP, nodeMetadata } from '../../shared/eks-node-metadata.js';

export const eksNodeHopLimit = defineCheck({
  id: 'BW-IAC-1209', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS node metadata hop limit lets pods read the node role',
  trivy: null, checkov: ['CKV_AWS_341'],
  rationale: 'IMDSv2 responses carry the IP TTL `http_put_response_hop_limit`; a pod on the pod network is one hop further than the node, so a limit above 1 lets every pod obtain the node role\'s credentials (metadata concealment). Pods should get their own role through IRSA or EKS Pod Identity instead.',
  remediation: 'Set `metadata_options { http_put_response_hop_limit = 1 }` in the launch template and give workloads IRSA / Pod Identity roles. (Pods with hostNetwork still reach IMDS.)',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html', 'https://aws.github.io/aws-eks-best-practices/security/docs/iam/#restrict-access-to-the-instance-profile-assigned-to-the-worker-node'],
  evaluate: (s) => nodeMetadata(s).filter((m) => m.hopLimit.known && m.hopLimit.value !== undefined && m.hopLimit.value > 1)
    .map((m) => failure(m.template?.meta ?? m.group.meta, `node group ${label(m.group.meta, m.group.name)} has metadata hop limit ${m.hopLimit.known ? m.hopLimit.value : ''}: pods can read the node role's credentials`, m.hopLimit.loc)),
  examples: {
    fail: [{ 'main.tf': NODE_GROUP('    http_tokens                 = "required"\n    http_put_response_hop_limit = 2') }],
    pass: [{ 'main.tf': NODE_GROUP('    http_tokens                 = "required"\n    http_put_response_hop_limit = 1') }],
    unknown: [{ 'main.tf': `variable "hops" {}\n${NODE_GROUP('    http_tokens                 = "required"\n    http_put_response_hop_limit = var.hops')}` }],
  },
});
