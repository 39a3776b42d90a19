/** EKS API server reachable from the internet. */
import { defineCheck, failure } from '../../define.js';
import { isTrue } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

export const eksPublicEndpoint = defineCheck({
  id: 'BW-IAC-1201', provider: 'aws', service: 'eks', severity: 'high',
  title: 'EKS API server endpoint is public',
  trivy: 'AVD-AWS-0040', checkov: ['CKV_AWS_39'],
  rationale: 'A public endpoint lets anyone on the internet reach the Kubernetes API: a stolen kubeconfig, a leaked token or an API server vulnerability is exploitable from anywhere. With the private endpoint only, the API is reachable from the VPC (and peered networks, VPN, Direct Connect).',
  remediation: 'Set `vpc_config.endpoint_public_access = false` and `endpoint_private_access = true` (CloudFormation `ResourcesVpcConfig.EndpointPublicAccess: false`); reach the API through the VPC. If it must stay public, restrict `public_access_cidrs`.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.4.2',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => isTrue(c.endpointPublicAccess))
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} has a public API endpoint${c.endpointPublicAccess.explicit ? '' : ' (the default)'}`, c.endpointPublicAccess.loc)),
  examples: {
    fail: [{ 'main.tf': cluster(`  vpc_config {\n    subnet_ids = ["subnet-0a1b2c3d"]\n  }`) }],
    pass: [{ 'main.tf': cluster(vpc()) }],
    unknown: [{ 'main.tf': `variable "public" {}\n${cluster(`  vpc_config {\n    subnet_ids             = ["subnet-0a1b2c3d"]\n    endpoint_public_access = var.public\n  }`)}` }],
  },
});
