/** EKS public endpoint open to every address. */
import { defineCheck, failure } from '../../define.js';
import { isTrue } from '../../../model/value.js';
import { isOpenCidr, label } from '../../shared/cloud.js';
import { cluster } from '../../shared/eks-examples.js';

export const eksOpenCidr = defineCheck({
  id: 'BW-IAC-1202', provider: 'aws', service: 'eks', severity: 'critical',
  title: 'EKS public API endpoint accepts every source address',
  trivy: 'AVD-AWS-0041', checkov: ['CKV_AWS_38'],
  rationale: 'With `public_access_cidrs` left at 0.0.0.0/0 the public API endpoint answers the whole internet: scanners find it within minutes and every credential leak or API server CVE is directly exploitable.',
  remediation: 'Disable the public endpoint, or set `vpc_config.public_access_cidrs` to the office/VPN/CI ranges that need the API.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.4.1',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#modify-endpoint-access'],
  evaluate: (s) => s.aws.eks.clusters
    .filter((c) => isTrue(c.endpointPublicAccess) && c.publicAccessCidrs.known && c.publicAccessCidrs.value.some(isOpenCidr))
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} accepts API requests from ${c.publicAccessCidrs.known ? c.publicAccessCidrs.value.filter(isOpenCidr).join(', ') : ''}${c.publicAccessCidrs.explicit ? '' : ' (the default)'}`, c.publicAccessCidrs.loc)),
  examples: {
    fail: [{ 'main.tf': cluster(`  vpc_config {\n    subnet_ids             = ["subnet-0a1b2c3d"]\n    endpoint_public_access = true\n    public_access_cidrs    = ["0.0.0.0/0"]\n  }`) }],
    pass: [{ 'main.tf': cluster(`  vpc_config {\n    subnet_ids             = ["subnet-0a1b2c3d"]\n    endpoint_public_access = true\n    public_access_cidrs    = ["203.0.113.0/24"]\n  }`) }],
    unknown: [{ 'main.tf': `variable "cidrs" {}\n${cluster(`  vpc_config {\n    subnet_ids          = ["subnet-0a1b2c3d"]\n    public_access_cidrs = var.cidrs\n  }`)}` }],
  },
});
