/** GKE Shielded Nodes are disabled. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeShieldedNodes = gkeClusterCheck({
  id: 'BW-IAC-2209', severity: 'high',
  title: 'GKE Shielded Nodes are disabled',
  rationale: 'Shielded Nodes give each node a verifiable identity (vTPM) so that a compromised pod or node cannot impersonate another node to the control plane and harvest its credentials.',
  remediation: 'Set `enable_shielded_nodes = true` (the default).',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.5', trivy: 'AVD-GCP-0055', checkov: ['CKV_GCP_71'], notAutopilot: true,
  fails: (c) => (isFalse(c.shieldedNodes) ? { loc: c.shieldedNodes.loc, message: 'has Shielded Nodes disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count    = 1\n  enable_shielded_nodes = false') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "sh" {}\n' + gke('  initial_node_count    = 1\n  enable_shielded_nodes = var.sh') }],
  },
});
