/** EKS access managed only through the aws-auth ConfigMap. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

export const eksAwsAuthOnly = defineCheck({
  id: 'BW-IAC-1211', provider: 'aws', service: 'eks', severity: 'low',
  title: 'EKS cluster access is managed only by the aws-auth ConfigMap',
  trivy: null, checkov: [],
  rationale: 'In CONFIG_MAP mode, whoever can edit the `kube-system/aws-auth` ConfigMap can map any IAM role to system:masters, a change made inside Kubernetes that IAM policies and CloudTrail do not see. Access entries (API mode) are IAM-governed, auditable, and cannot be lost by a malformed ConfigMap.',
  remediation: 'Set `access_config { authentication_mode = "API" }` (or API_AND_CONFIG_MAP while migrating) and move the mappings to access entries.',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/setting-up-access-entries.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => isOneOf(c.authenticationMode, 'CONFIG_MAP'))
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} uses authentication mode CONFIG_MAP (aws-auth only)`, c.authenticationMode.loc)),
  examples: {
    fail: [{ 'main.tf': cluster(`${vpc()}\n  access_config {\n    authentication_mode = "CONFIG_MAP"\n  }`) }],
    pass: [{ 'main.tf': cluster(`${vpc()}\n  access_config {\n    authentication_mode = "API"\n  }`) }],
    unknown: [{ 'main.tf': `variable "mode" {}\n${cluster(`${vpc()}\n  access_config {\n    authentication_mode = var.mode\n  }`)}` }],
  },
});
