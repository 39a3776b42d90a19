/** GKE nodes expose the Compute Engine metadata server to pods. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';

export const gkeMetadataServer = gkeNodeCheck({
  id: 'BW-IAC-2221', severity: 'high',
  title: 'GKE nodes expose the Compute Engine metadata server to pods',
  rationale: 'Without the GKE metadata server (`mode = GKE_METADATA`) pods read the node\'s metadata directly: the node service account\'s token and the kubelet bootstrap credentials (kube-env), enough to impersonate the node.',
  remediation: 'Set `node_config { workload_metadata_config { mode = "GKE_METADATA" } }` (requires Workload Identity on the cluster).',
  cis: 'CIS GKE Benchmark 1.5.0 5.4.2', trivy: 'AVD-GCP-0057', checkov: ['CKV_GCP_69'],
  fails: (n) => {
    const m = n.config.workloadMetadataMode;
    if (!m.known) return undefined;
    // Not written: node pools inherit GKE_METADATA when the cluster has Workload Identity.
    const pool = n.cluster?.workloadIdentityPool;
    const mode = m.value ?? (pool?.known ? (pool.value ? 'GKE_METADATA' : 'GCE_METADATA') : undefined);
    return mode && !['GKE_METADATA', 'GKE_METADATA_SERVER', 'SECURE'].includes(mode) ? { loc: m.loc, message: `exposes the node metadata server to pods (${mode})` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  workload_identity_config {\n    workload_pool = "acme-prod.svc.id.goog"\n  }\n  node_config {\n    workload_metadata_config {\n      mode = "GKE_METADATA"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "mode" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    workload_metadata_config {\n      mode = var.mode\n    }\n  }') }],
  },
});
