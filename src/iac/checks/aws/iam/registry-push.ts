/** Node role can push images. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, managedAttachment, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleRegistryPush = nodeRoleCheck({
  id: 'BW-IAC-1401', severity: 'high', title: 'EKS node role can push container images',
  trivy: null, checkov: [],
  what: 'can push images',
  actions: ['ecr:PutImage', 'ecr:CompleteLayerUpload', 'ecr-public:PutImage'],
  rationale: 'Every pod on the node can use the node role (through IMDS, or after escaping). With push rights, one compromised pod can overwrite images that other clusters and environments pull: a foothold becomes a supply-chain compromise. Nodes need pull only.',
  remediation: 'Attach AmazonEC2ContainerRegistryReadOnly (or AmazonEC2ContainerRegistryPullOnly) instead of PowerUser/FullAccess, and drop ecr:PutImage and the layer-upload actions from inline policies; push from CI roles only.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.1.3',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_EKS.html', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPowerUser.html'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryPowerUser')) }, { 'main.tf': NODE_ROLE_TF(inlinePolicy('["ecr:PutImage", "ecr:InitiateLayerUpload"]')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(managedAttachment('AmazonEC2ContainerRegistryReadOnly')) }],
    unknown: [{ 'main.tf': `variable "policy" {}\n${NODE_ROLE_TF('resource "aws_iam_role_policy" "extra" {\n  role   = aws_iam_role.node.id\n  policy = var.policy\n}\n')}` }],
  },
});
