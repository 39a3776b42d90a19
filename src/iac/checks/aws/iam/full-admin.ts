/** Node role allows every action. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, managedAttachment, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleFullAdmin = nodeRoleCheck({
  id: 'BW-IAC-1403', severity: 'critical', title: 'EKS node role allows every AWS action',
  trivy: 'AVD-AWS-0057', checkov: ['CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_274'],
  what: 'allows every action on every resource',
  actions: ['*'], anyResource: true,
  rationale: 'AdministratorAccess (or `Action: "*"`) on a node role hands the whole AWS account to any pod that can reach IMDS or escape to the node.',
  remediation: 'Detach AdministratorAccess/PowerUserAccess and `*` statements; give the node role only the EKS worker, CNI and ECR read-only policies and move application permissions to IRSA / Pod Identity roles.',
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AdministratorAccess')) }, { 'main.tf': NODE_ROLE_TF(inlinePolicy('"*"')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEKS_CNI_Policy')) }],
    unknown: [{ 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` }],
  },
});
