/** GKE control plane has a public endpoint. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkePublicEndpoint = gkeClusterCheck({
  id: 'BW-IAC-2202', severity: 'medium',
  title: 'GKE control plane has a public endpoint',
  rationale: 'With the public endpoint the Kubernetes API is reachable from the internet (subject to authorized networks): leaked credentials and API server vulnerabilities are exploitable from anywhere.',
  remediation: 'Set `private_cluster_config { enable_private_endpoint = true }` and reach the API from the VPC; otherwise restrict `master_authorized_networks_config`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.4', trivy: null, checkov: [],
  fails: (c) => (isFalse(c.privateEndpoint) ? { loc: c.privateEndpoint.loc, message: 'exposes a public control-plane endpoint' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  private_cluster_config {\n    enable_private_nodes    = true\n    enable_private_endpoint = true\n    master_ipv4_cidr_block  = "172.16.0.0/28"\n  }') }],
    unknown: [{ 'main.tf': 'variable "p" {}\n' + gke('  private_cluster_config {\n    enable_private_endpoint = var.p\n  }') }],
  },
});
