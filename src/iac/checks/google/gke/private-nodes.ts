/** GKE nodes have public IP addresses. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkePrivateNodes = gkeClusterCheck({
  id: 'BW-IAC-2201', severity: 'high',
  title: 'GKE nodes have public IP addresses',
  rationale: 'Without private nodes every node gets an external IP: the kubelet, NodePorts and anything listening on the host are one firewall rule away from the internet.',
  remediation: 'Set `private_cluster_config { enable_private_nodes = true }` (use Cloud NAT for egress).',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.5', trivy: 'AVD-GCP-0059', checkov: ['CKV_GCP_25', 'CKV_GCP_64'],
  fails: (c) => (isFalse(c.privateNodes) ? { loc: c.privateNodes.loc, message: 'gives its nodes public IP addresses (enable_private_nodes is not true)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  private_cluster_config {\n    enable_private_nodes    = true\n    enable_private_endpoint = false\n    master_ipv4_cidr_block  = "172.16.0.0/28"\n  }') }],
    unknown: [{ 'main.tf': 'variable "p" {}\n' + gke('  private_cluster_config {\n    enable_private_nodes = var.p\n  }') }],
  },
});
