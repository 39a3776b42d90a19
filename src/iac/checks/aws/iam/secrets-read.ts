/** Node role reads every secret. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, managedAttachment, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleSecretsRead = nodeRoleCheck({
  id: 'BW-IAC-1405', severity: 'high', title: 'EKS node role can read every secret in the account',
  trivy: null, checkov: ['CKV_AWS_288'],
  what: 'can read every secret',
  actions: ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], anyResource: true,
  rationale: 'Every pod on the node can use the node role. With secretsmanager:GetSecretValue or ssm:GetParameter* on `*`, one compromised pod reads the database passwords and API keys of every application in the account.',
  remediation: 'Scope secret access to the secret ARNs a workload needs, in that workload\'s IRSA / Pod Identity role, not in the node role.',
  references: ['https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["secretsmanager:GetSecretValue"]')) }, { 'main.tf': NODE_ROLE_TF(managedAttachment('SecretsManagerReadWrite')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["secretsmanager:GetSecretValue"]', '"arn:aws:secretsmanager:us-east-1:111122223333:secret:node-agent-*"')) }],
    unknown: [{ 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` }],
  },
});
