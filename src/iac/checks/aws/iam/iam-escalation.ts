/** Node role can change IAM. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, managedAttachment, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleIamWrite = nodeRoleCheck({
  id: 'BW-IAC-1404', severity: 'critical', title: 'EKS node role can modify IAM (privilege escalation)',
  trivy: null, checkov: ['CKV_AWS_286'],
  what: 'can escalate through IAM',
  actions: ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy', 'iam:CreateAccessKey', 'iam:CreateUser', 'iam:AttachUserPolicy', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:PassRole'],
  anyResource: true,
  rationale: 'Any of these actions on `*` lets the holder grant itself more (attach AdministratorAccess to its own role, mint access keys for a user, pass an admin role to a new instance): a compromised pod becomes account administrator.',
  remediation: 'Remove IAM write actions and iam:PassRole on `*` from node roles; scope PassRole to the specific role ARNs a controller needs, in an IRSA role rather than the node role.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["iam:PassRole"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('IAMFullAccess')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["iam:PassRole"]', '"arn:aws:iam::111122223333:role/ebs-csi"')) }],
    unknown: [{ 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` }],
  },
});
