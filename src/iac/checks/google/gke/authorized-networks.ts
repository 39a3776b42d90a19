/** GKE control plane authorized networks are not enabled. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse, isTrue } from '../../../model/value.js';

export const gkeAuthorizedNetworks = gkeClusterCheck({
  id: 'BW-IAC-2203', severity: 'high',
  title: 'GKE control plane authorized networks are not enabled',
  rationale: 'Without authorized networks the public control-plane endpoint accepts connections from any IP address; only authentication stands between the internet and the API server.',
  remediation: 'Add `master_authorized_networks_config { cidr_blocks { cidr_block = "203.0.113.0/24" } }` with the ranges that administer the cluster.',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.3', trivy: 'AVD-GCP-0061', checkov: ['CKV_GCP_20'],
  fails: (c) => (isFalse(c.masterAuthorizedNetworksEnabled) && !isTrue(c.privateEndpoint) ? { loc: c.masterAuthorizedNetworksEnabled.loc, message: 'accepts control-plane connections from any address (no authorized networks)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block   = "203.0.113.0/24"\n      display_name = "office"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "on" {}\n' + gke('  master_authorized_networks_config {\n    enabled = var.on\n  }') }],
  },
});
