/** The IMDS settings each EKS node group runs with: its launch template's, or what the live collector read. */
import type { State } from '../../model/state.js';
import type { EksNodeGroup, LaunchTemplate } from '../../model/aws/eks.js';
import type { Val } from '../../model/value.js';
import { sameAddress } from '../../adapters/cloud/refs.js';

interface NodeMetadata { group: EksNodeGroup; template?: LaunchTemplate; httpTokens: Val<string | undefined>; hopLimit: Val<number | undefined> }

export function nodeMetadata(s: State): NodeMetadata[] {
  const out: NodeMetadata[] = [];
  for (const group of s.aws.eks.nodeGroups) {
    const template = group.launchTemplateRef ? s.aws.eks.launchTemplates.find((t) => sameAddress(t.meta.address, group.launchTemplateRef)) : undefined;
    if (template) out.push({ group, template, httpTokens: template.httpTokens, hopLimit: template.httpPutResponseHopLimit });
    else out.push({ group, httpTokens: group.metadataHttpTokens, hopLimit: group.metadataHopLimit });
  }
  return out;
}

export const NODE_GROUP = (lt: string) => nodeGroupWithTemplate(`  metadata_options {\n${lt}\n  }`);

/** A launch template with `body` and a node group that uses it. */
export const nodeGroupWithTemplate = (body: string) => `resource "aws_launch_template" "nodes" {
  name = "eks-nodes"
${body}
}

resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = "arn:aws:iam::111122223333:role/node"
  subnet_ids    = ["subnet-0a1b2c3d"]
  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}
`;
