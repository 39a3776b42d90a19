/** EKS cluster creator keeps a hidden cluster-admin grant. */
import { defineCheck, failure } from '../../define.js';
import { label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

export const eksCreatorAdmin = defineCheck({
  id: 'BW-IAC-1210', provider: 'aws', service: 'eks', severity: 'medium',
  title: 'EKS cluster creator is granted cluster-admin permanently',
  trivy: null, checkov: [],
  rationale: 'With `bootstrap_cluster_creator_admin_permissions = true` the IAM principal that ran `terraform apply` (often a CI role) becomes cluster-admin through an access entry nobody wrote down. Whoever can assume that role owns the cluster.',
  remediation: 'Set `access_config { bootstrap_cluster_creator_admin_permissions = false }` and grant admin through explicit `aws_eks_access_entry` / `aws_eks_access_policy_association` resources.',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => c.bootstrapCreatorAdmin.known && c.bootstrapCreatorAdmin.value === true)
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} grants its creator cluster-admin through a bootstrap access entry`, c.bootstrapCreatorAdmin.loc)),
  examples: {
    fail: [{ 'main.tf': cluster(`${vpc()}\n  access_config {\n    authentication_mode                         = "API"\n    bootstrap_cluster_creator_admin_permissions = true\n  }`) }],
    pass: [{ 'main.tf': cluster(`${vpc()}\n  access_config {\n    authentication_mode                         = "API"\n    bootstrap_cluster_creator_admin_permissions = false\n  }`) }],
    unknown: [{ 'main.tf': `variable "bootstrap" {}\n${cluster(`${vpc()}\n  access_config {\n    bootstrap_cluster_creator_admin_permissions = var.bootstrap\n  }`)}` }],
  },
});
