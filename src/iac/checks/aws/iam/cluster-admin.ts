/** Node role can make itself (or anyone) EKS cluster-admin. */
import { nodeRoleCheck } from '../../shared/node-role-check.js';
import { inlinePolicy, NODE_ROLE_TF } from '../../shared/node-roles.js';

export const nodeRoleClusterAdmin = nodeRoleCheck({
  id: 'BW-IAC-1402', severity: 'critical', title: 'EKS node role can grant cluster-admin',
  trivy: null, checkov: [],
  what: 'can grant Kubernetes cluster-admin',
  actions: ['eks:AssociateAccessPolicy', 'eks:CreateAccessEntry', 'eks:UpdateAccessEntry', 'eks:UpdateClusterConfig'],
  rationale: 'With eks:CreateAccessEntry / eks:AssociateAccessPolicy a principal maps any IAM role to AmazonEKSClusterAdminPolicy; eks:UpdateClusterConfig can switch the cluster to access entries and open the endpoint. Held by the node role, any pod that reads IMDS becomes cluster-admin of every cluster the statement covers.',
  remediation: 'Remove eks:* write actions from the node role; nodes need only what AmazonEKSWorkerNodePolicy and the CNI policy grant. Manage access entries from an administrator role.',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html', 'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html'],
  examples: {
    fail: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('"eks:*"')) }],
    pass: [{ 'main.tf': NODE_ROLE_TF(inlinePolicy('["eks:DescribeCluster"]')) }],
    unknown: [{ 'main.tf': `variable "actions" {}\n${NODE_ROLE_TF(inlinePolicy('var.actions'))}` }],
  },
});
