/** GKE nodes use the Compute Engine default service account. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';

export const gkeDefaultServiceAccount = gkeNodeCheck({
  id: 'BW-IAC-2219', severity: 'medium',
  title: 'GKE nodes use the Compute Engine default service account',
  rationale: 'The default compute service account has the project Editor role in most projects: any pod that reaches the metadata server, or escapes to the node, can modify almost everything in the project.',
  remediation: 'Create a least-privilege service account (roles/container.defaultNodeServiceAccount) and set `node_config { service_account = google_service_account.nodes.email }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.2.1', trivy: 'AVD-GCP-0050', checkov: [],
  fails: (n) => (n.config.serviceAccount.known && (n.config.serviceAccount.value === 'default' || /-compute@developer\.gserviceaccount\.com$/.test(n.config.serviceAccount.value ?? '')) ? { loc: n.config.serviceAccount.loc, message: 'runs as the Compute Engine default service account' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"\n  }') }],
    unknown: [{ 'main.tf': 'variable "sa" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    service_account = var.sa\n  }') }],
  },
});
