/**
 * EKS control-plane logs not yet covered (controller manager, scheduler), private endpoint access, and node settings
 * from the launch template and node group: public IPs, unencrypted root volumes, end-of-life Amazon Linux 2 AMIs,
 * and the vpc-cni add-on running on the node role.
 */
import { defineCheck, failure } from '../../define.js';
import { isFalse, isOneOf, isTrue } from '../../../model/value.js';
import { eksLogCheck } from '../../shared/eks-log.js';
import { cluster, vpc } from '../../shared/eks-examples.js';
import { label } from '../../shared/cloud.js';
import { sameAddress } from '../../../adapters/cloud/refs.js';
import type { State } from '../../../model/state.js';
import type { EksNodeGroup, LaunchTemplate } from '../../../model/aws/eks.js';
import { tf } from '../../shared/examples.js';
import { nodeGroupWithTemplate } from '../../shared/eks-node-metadata.js';

export const eksControllerManagerLog = eksLogCheck({
  id: 'BW-IAC-1214', type: 'controllerManager', severity: 'low', title: 'EKS control-plane controller manager log is disabled',
  rationale: 'The controller manager log shows what the control loops did on their own — service account token and node lifecycle, garbage collection, certificate signing — the trail of a persistence technique that goes through a controller.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 2.1.1',
});

export const eksSchedulerLog = eksLogCheck({
  id: 'BW-IAC-1215', type: 'scheduler', severity: 'low', title: 'EKS control-plane scheduler log is disabled',
  rationale: 'The scheduler log records where and why pods were placed: which node a malicious pod landed on, and which pods were bound next to it.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 2.1.1',
});

export const eksPrivateAccessOff = defineCheck({
  id: 'BW-IAC-1216', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS private API endpoint access is disabled',
  trivy: null, checkov: [],
  rationale: 'Without private endpoint access the nodes and everything in the VPC reach the API server over its public endpoint, so the public endpoint cannot be closed or narrowed to a few CIDRs without cutting off the nodes.',
  remediation: 'Set `vpc_config { endpoint_private_access = true }`, then restrict or close the public endpoint.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.4.2',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => isFalse(c.endpointPrivateAccess))
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} has private endpoint access disabled`, c.endpointPrivateAccess.loc)),
  examples: {
    fail: [{ 'main.tf': cluster('  vpc_config {\n    subnet_ids = ["subnet-0a1b2c3d"]\n  }') }],
    pass: [{ 'main.tf': cluster(vpc()) }],
    unknown: [{ 'main.tf': 'variable "private" {}\n' + cluster('  vpc_config {\n    subnet_ids              = ["subnet-0a1b2c3d"]\n    endpoint_private_access = var.private\n  }') }],
  },
});

/** Launch templates used by EKS node groups, with a group for messages. */
function nodeTemplates(s: State): Array<{ group: EksNodeGroup; template: LaunchTemplate }> {
  return s.aws.eks.nodeGroups.flatMap((group) => {
    const template = group.launchTemplateRef ? s.aws.eks.launchTemplates.find((t) => sameAddress(t.meta.address, group.launchTemplateRef)) : undefined;
    return template ? [{ group, template }] : [];
  });
}

const NODES = (lt: string) => tf(nodeGroupWithTemplate(lt));

export const eksNodePublicIp = defineCheck({
  id: 'BW-IAC-1217', provider: 'aws', service: 'eks', severity: 'high',
  title: 'EKS nodes get public IP addresses',
  trivy: null, checkov: ['CKV_AWS_88'],
  rationale: 'A node with a public IP is reachable from the internet on every port its security groups allow — the kubelet, NodePorts, SSH — and its traffic leaves without NAT-level egress controls.',
  remediation: 'Set `network_interfaces { associate_public_ip_address = false }` in the node launch template and run nodes in private subnets.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.4.3',
  references: ['https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html'],
  evaluate: (s) => nodeTemplates(s).filter(({ template }) => isTrue(template.associatePublicIp))
    .map(({ group, template }) => failure(template.meta, `launch template ${template.meta.address} of node group ${label(group.meta, group.name)} gives nodes public IPs`, template.associatePublicIp.loc)),
  examples: {
    fail: [NODES('  network_interfaces {\n    associate_public_ip_address = true\n  }')],
    pass: [NODES('  network_interfaces {\n    associate_public_ip_address = false\n  }')],
    unknown: [{ 'main.tf': 'variable "pub" {}\n' + NODES('  network_interfaces {\n    associate_public_ip_address = var.pub\n  }')['main.tf'] }],
  },
});

export const eksNodeDiskUnencrypted = defineCheck({
  id: 'BW-IAC-1218', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS node volumes are not encrypted',
  trivy: null, checkov: [],
  rationale: 'Node root volumes hold container images, emptyDir volumes, logs and the kubelet\'s credentials; unencrypted, every snapshot or detached volume exposes them.',
  remediation: 'Set `block_device_mappings { ebs { encrypted = true kms_key_id = … } }` in the node launch template (or turn on EBS encryption by default for the account).',
  references: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html'],
  evaluate: (s) => nodeTemplates(s).filter(({ template }) => isFalse(template.ebsEncrypted))
    .map(({ group, template }) => failure(template.meta, `launch template ${template.meta.address} of node group ${label(group.meta, group.name)} does not encrypt node volumes`, template.ebsEncrypted.loc)),
  examples: {
    fail: [NODES('  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      volume_size = 50\n      encrypted   = false\n    }\n  }')],
    pass: [NODES('  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      volume_size = 50\n      encrypted   = true\n    }\n  }'), NODES('  image_id = "ami-0abcdef1234567890"')],
    unknown: [{ 'main.tf': 'variable "enc" {}\n' + NODES('  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      encrypted = var.enc\n    }\n  }')['main.tf'] }],
  },
});

export const eksAl2Ami = defineCheck({
  id: 'BW-IAC-1219', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS node group runs the end-of-support Amazon Linux 2 AMI',
  trivy: null, checkov: [],
  rationale: 'EKS stopped publishing Amazon Linux 2 node AMIs on 26 November 2025 (and Kubernetes 1.33+ has none): nodes on AL2 no longer receive kernel or containerd security patches.',
  remediation: 'Move the node group to `ami_type = "AL2023_x86_64_STANDARD"` (or `AL2023_ARM_64_STANDARD`, or Bottlerocket).',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html'],
  evaluate: (s) => s.aws.eks.nodeGroups.filter((g) => isOneOf(g.amiType, 'AL2_x86_64', 'AL2_x86_64_GPU', 'AL2_ARM_64'))
    .map((g) => failure(g.meta, `node group ${label(g.meta, g.name)} uses ${g.amiType.known ? g.amiType.value : ''}`, g.amiType.loc)),
  examples: {
    fail: [tf('resource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  ami_type      = "AL2_x86_64"\n}')],
    pass: [tf('resource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  ami_type      = "AL2023_x86_64_STANDARD"\n}')],
    unknown: [tf('variable "ami" {}\nresource "aws_eks_node_group" "workers" {\n  cluster_name  = "prod"\n  node_role_arn = "arn:aws:iam::111122223333:role/node"\n  subnet_ids    = ["subnet-0a1b2c3d"]\n  ami_type      = var.ami\n}')],
  },
});

export const eksVpcCniNodeRole = defineCheck({
  id: 'BW-IAC-1220', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS vpc-cni add-on has no role of its own',
  trivy: null, checkov: [],
  rationale: 'Without `service_account_role_arn` (IRSA) or a Pod Identity association, the aws-node DaemonSet uses the node role, so AmazonEKS_CNI_Policy — create, attach and re-address ENIs account-wide — must stay on the node role, where every pod can use it.',
  remediation: 'Create an IRSA or Pod Identity role with AmazonEKS_CNI_Policy for `kube-system/aws-node`, set `service_account_role_arn` (or `pod_identity_association`) on the add-on, and detach the policy from the node role.',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html'],
  evaluate: (s) => s.aws.eks.addons.filter((a) => isOneOf(a.name, 'vpc-cni') && a.serviceAccountRole.known && !a.serviceAccountRole.value)
    .map((a) => failure(a.meta, `add-on ${a.meta.address} (vpc-cni) runs with the node role`, a.serviceAccountRole.loc)),
  examples: {
    fail: [tf('resource "aws_eks_addon" "cni" {\n  cluster_name = "prod"\n  addon_name   = "vpc-cni"\n}')],
    pass: [tf('resource "aws_eks_addon" "cni" {\n  cluster_name             = "prod"\n  addon_name               = "vpc-cni"\n  service_account_role_arn = aws_iam_role.cni.arn\n}'),
      tf('resource "aws_eks_addon" "cni" {\n  cluster_name = "prod"\n  addon_name   = "vpc-cni"\n  pod_identity_association {\n    role_arn        = aws_iam_role.cni.arn\n    service_account = "aws-node"\n  }\n}')],
    unknown: [tf('variable "role" {}\nresource "aws_eks_addon" "cni" {\n  cluster_name             = "prod"\n  addon_name               = "vpc-cni"\n  service_account_role_arn = var.role\n}')],
  },
});
