/** GKE cluster does not enforce NetworkPolicies. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeNetworkPolicy = gkeClusterCheck({
  id: 'BW-IAC-2205', severity: 'medium',
  title: 'GKE cluster does not enforce NetworkPolicies',
  rationale: 'Without network policy enforcement (Calico network policy or GKE Dataplane V2) NetworkPolicy objects are accepted and ignored: every pod can reach every other pod and the node\'s services.',
  remediation: 'Use `datapath_provider = "ADVANCED_DATAPATH"` (Dataplane V2) or `network_policy { enabled = true }` with `addons_config { network_policy_config { disabled = false } }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.7', trivy: 'AVD-GCP-0056', checkov: ['CKV_GCP_12'], notAutopilot: true,
  fails: (c) => (isFalse(c.networkPolicyEnabled) && isFalse(c.dataplaneV2) ? { loc: c.networkPolicyEnabled.loc, message: 'does not enforce NetworkPolicies (no network_policy, no Dataplane V2)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  datapath_provider  = "ADVANCED_DATAPATH"') }],
    unknown: [{ 'main.tf': 'variable "np" {}\n' + gke('  initial_node_count = 1\n  network_policy {\n    enabled = var.np\n  }') }],
  },
});
