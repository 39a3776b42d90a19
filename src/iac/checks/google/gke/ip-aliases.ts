/** GKE cluster is routes-based (no alias IPs). */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeIpAliases = gkeClusterCheck({
  id: 'BW-IAC-2218', severity: 'low',
  title: 'GKE cluster is routes-based (no alias IPs)',
  rationale: 'Routes-based clusters cannot use VPC-native features that restrict pod traffic (firewall rules on pod ranges, Dataplane V2), and pod IPs are not anti-spoofed by the VPC.',
  remediation: 'Create the cluster VPC-native: `networking_mode = "VPC_NATIVE"` with an `ip_allocation_policy` block.',
  cis: 'CIS GKE Benchmark 1.5.0 5.6.2', trivy: 'AVD-GCP-0049', checkov: ['CKV_GCP_23'],
  fails: (c) => (isFalse(c.ipAliases) ? { loc: c.ipAliases.loc, message: 'is routes-based (no alias IPs)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  networking_mode    = "ROUTES"') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  networking_mode    = "VPC_NATIVE"\n  ip_allocation_policy {}') }],
    unknown: [{ 'main.tf': 'variable "m" {}\n' + gke('  initial_node_count = 1\n  networking_mode    = var.m') }],
  },
});
