/** GKE authorized networks include the whole internet. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isOpenCidr } from '../../shared/cloud.js';

export const gkeAuthorizedNetworksOpen = gkeClusterCheck({
  id: 'BW-IAC-2204', severity: 'critical',
  title: 'GKE authorized networks include the whole internet',
  rationale: 'An authorized network of 0.0.0.0/0 turns the allow-list off while looking like it is on.',
  remediation: 'Remove 0.0.0.0/0 from `master_authorized_networks_config.cidr_blocks` and list the administering ranges.',
  trivy: 'AVD-GCP-0053', checkov: ['CKV_GCP_18'],
  fails: (c) => (c.masterAuthorizedNetworks.known && c.masterAuthorizedNetworks.value.some(isOpenCidr) ? { loc: c.masterAuthorizedNetworks.loc, message: 'authorizes 0.0.0.0/0 to reach the control plane' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = "0.0.0.0/0"\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = "10.0.0.0/8"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "cidr" {}\n' + gke('  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = var.cidr\n    }\n  }') }],
  },
});
