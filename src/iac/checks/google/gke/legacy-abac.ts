/** GKE legacy ABAC authorization is enabled. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isTrue } from '../../../model/value.js';

export const gkeLegacyAbac = gkeClusterCheck({
  id: 'BW-IAC-2206', severity: 'high',
  title: 'GKE legacy ABAC authorization is enabled',
  rationale: 'Legacy ABAC grants broad static permissions that RBAC does not govern: in GKE every service account gets near-cluster-admin rights, so any pod token becomes a cluster takeover.',
  remediation: 'Set `enable_legacy_abac = false` (the default) and grant access with RBAC.',
  cis: 'CIS GKE Benchmark 1.5.0 5.8.3', trivy: 'AVD-GCP-0062', checkov: ['CKV_GCP_7'],
  fails: (c) => (isTrue(c.legacyAbac) ? { loc: c.legacyAbac.loc, message: 'has legacy ABAC authorization enabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  enable_legacy_abac = true') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "abac" {}\n' + gke('  initial_node_count = 1\n  enable_legacy_abac = var.abac') }],
  },
});
