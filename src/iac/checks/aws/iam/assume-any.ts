/** Node role can assume any role. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleAssumeAny = nodeRoleCheck({
  id: 'BW-IAC-1406', severity: 'high', title: 'EKS node role can assume any role',
  trivy: null, checkov: [],
  what: 'can assume any role',
  actions: ['sts:AssumeRole'], anyResource: true,
  rationale: 'sts:AssumeRole on `*` lets a compromised pod try every role whose trust policy names this account (or the node role): lateral movement across accounts and environments is limited only by other teams\' trust policies.',
  remediation: 'List the role ARNs the node needs (usually none) in `Resource`.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('"sts:AssumeRole"')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('"sts:AssumeRole"', '"arn:aws:iam::111122223333:role/log-shipper"')) }],
    unknown: [{ 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` }],
  },
});
