/** GKE Workload Identity is not enabled. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isUnset } from '../../../model/value.js';

export const gkeWorkloadIdentity = gkeClusterCheck({
  id: 'BW-IAC-2207', severity: 'medium',
  trivy: null, checkov: [],
  title: 'GKE Workload Identity is not enabled',
  rationale: 'Without Workload Identity, pods that call Google APIs use the node\'s service account (shared by every pod on the node) or exported keys; with it each Kubernetes service account maps to its own IAM identity.',
  remediation: 'Set `workload_identity_config { workload_pool = "<project>.svc.id.goog" }` and `workload_metadata_config { mode = "GKE_METADATA" }` on node pools.',
  cis: 'CIS GKE Benchmark 1.5.0 5.2.2', notAutopilot: true,
  fails: (c) => (isUnset(c.workloadIdentityPool) ? { loc: c.workloadIdentityPool.loc, message: 'has no Workload Identity pool: pods use the node service account' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  workload_identity_config {\n    workload_pool = "acme-prod.svc.id.goog"\n  }') }],
    unknown: [{ 'main.tf': 'variable "pool" {}\n' + gke('  initial_node_count = 1\n  workload_identity_config {\n    workload_pool = var.pool\n  }') }],
  },
});
