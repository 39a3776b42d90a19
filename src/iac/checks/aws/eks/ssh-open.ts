/** EKS managed node group SSH from anywhere. */
import { defineCheck, failure } from '../../define.js';
import { isTrue } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';

export const eksNodeSshOpen = defineCheck({
  id: 'BW-IAC-1207', provider: 'aws', service: 'eks', severity: 'high',
  title: 'EKS node group allows SSH from anywhere',
  trivy: null, checkov: ['CKV_AWS_100'],
  rationale: 'A `remote_access` block with an SSH key and no `source_security_group_ids` opens port 22 of every node to 0.0.0.0/0. A node shell is root on the host: every pod\'s service-account token, the kubelet credentials and the node role are one login away.',
  remediation: 'Remove `remote_access` and use SSM Session Manager, or set `remote_access.source_security_group_ids` to a bastion security group.',
  references: ['https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html'],
  evaluate: (s) => s.aws.eks.nodeGroups
    .filter((g) => isTrue(g.hasRemoteAccess) && g.remoteAccessSourceSgs.known && !g.remoteAccessSourceSgs.partial && g.remoteAccessSourceSgs.value.length === 0)
    .map((g) => failure(g.meta, `node group ${label(g.meta, g.name)} accepts SSH from 0.0.0.0/0 (remote access without source security groups)`, g.hasRemoteAccess.loc)),
  examples: {
    fail: [{ 'main.tf': 'resource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  remote_access {\n    ec2_ssh_key = "ops"\n  }\n  scaling_config {\n    desired_size = 2\n    max_size     = 3\n    min_size     = 1\n  }\n}\n' }],
    pass: [
      { 'main.tf': 'resource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  scaling_config {\n    desired_size = 2\n    max_size     = 3\n    min_size     = 1\n  }\n}\n' },
      { 'main.tf': 'resource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  remote_access {\n    ec2_ssh_key               = "ops"\n    source_security_group_ids = ["sg-0bastion"]\n  }\n  scaling_config {\n    desired_size = 2\n    max_size     = 3\n    min_size     = 1\n  }\n}\n' },
    ],
    unknown: [{ 'main.tf': 'variable "sgs" {}\nresource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  remote_access {\n    ec2_ssh_key               = "ops"\n    source_security_group_ids = var.sgs\n  }\n  scaling_config {\n    desired_size = 2\n    max_size     = 3\n    min_size     = 1\n  }\n}\n' }],
  },
});
