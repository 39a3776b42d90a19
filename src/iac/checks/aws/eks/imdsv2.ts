/** EKS nodes accept IMDSv1. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { NODE_GROUP, nodeMetadata } from '../../shared/eks-node-metadata.js';

export const eksNodeImdsv2 = defineCheck({
  id: 'BW-IAC-1208', provider: 'aws', service: 'eks', severity: 'high',
  title: 'EKS nodes accept IMDSv1 (session tokens not required)',
  trivy: 'AVD-AWS-0130', checkov: ['CKV_AWS_79'],
  rationale: 'With `http_tokens = "optional"` the instance metadata service answers plain GET requests, so an SSRF in any pod (or a misconfigured proxy) returns the node role\'s credentials. IMDSv2 requires a PUT-obtained token that such requests cannot get.',
  remediation: 'Set `metadata_options { http_tokens = "required" }` in the node group\'s launch template (CloudFormation `LaunchTemplateData.MetadataOptions.HttpTokens: required`).',
  references: ['https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node'],
  evaluate: (s) => nodeMetadata(s).filter((m) => isOneOf(m.httpTokens, 'optional'))
    .map((m) => failure(m.template?.meta ?? m.group.meta, `node group ${label(m.group.meta, m.group.name)} accepts IMDSv1 (http_tokens = optional${m.template ? ` in ${m.template.meta.address}` : ''})`, m.httpTokens.loc)),
  examples: {
    fail: [{ 'main.tf': NODE_GROUP('    http_endpoint = "enabled"\n    http_tokens   = "optional"') }],
    pass: [{ 'main.tf': NODE_GROUP('    http_endpoint               = "enabled"\n    http_tokens                 = "required"\n    http_put_response_hop_limit = 1') }],
    unknown: [{ 'main.tf': `variable "tokens" {}\n${NODE_GROUP('    http_tokens = var.tokens')}` }],
  },
});
