/** DOKS in the region's shared default VPC. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';

export const doksDefaultVpc = doksCheck({
  id: 'BW-IAC-4106', severity: 'low', title: 'DOKS cluster runs in the region\'s default VPC',
  trivy: null, checkov: [],
  rationale: 'Without `vpc_uuid` the cluster joins the region\'s default VPC, which every droplet, database and load balancer of the account in that region shares: nodes are reachable on their private addresses from all of them, and vice versa.',
  remediation: 'Create a `digitalocean_vpc` for the cluster and set `vpc_uuid = digitalocean_vpc.k8s.id`.',
  references: ['https://docs.digitalocean.com/products/networking/vpc/details/features/'],
  fails: (c) => (c.vpcUuid.known && !c.vpcUuid.value ? { loc: c.vpcUuid.loc, message: 'runs in the region\'s default VPC' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('') }],
    pass: [{ 'main.tf': doks('  vpc_uuid = digitalocean_vpc.k8s.id\n') }],
    unknown: [{ 'main.tf': 'variable "vpc" {}\n' + doks('  vpc_uuid = var.vpc\n') }],
  },
});
