/** GKE nodes have the cloud-platform (full access) OAuth scope. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';

export const gkeFullAccessScope = gkeNodeCheck({
  id: 'BW-IAC-2220', severity: 'medium',
  trivy: null, checkov: [],
  title: 'GKE nodes have the cloud-platform (full access) OAuth scope',
  rationale: 'OAuth scopes are the last limit on what the node service account\'s token can do from a node. `cloud-platform` removes that limit, so the token a pod steals from the metadata server carries every IAM permission of the account.',
  remediation: 'Use the minimal scopes (`logging.write`, `monitoring`, `devstorage.read_only`) or a dedicated least-privilege service account.',
  cis: 'CIS GKE Benchmark 1.5.0 5.2.1',
  fails: (n) => (n.config.oauthScopes.known && n.config.oauthScopes.value.some((sc) => /auth\/cloud-platform$/.test(sc) || sc === 'cloud-platform') ? { loc: n.config.oauthScopes.loc, message: 'has the cloud-platform OAuth scope' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"\n    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"\n    oauth_scopes    = ["https://www.googleapis.com/auth/logging.write", "https://www.googleapis.com/auth/monitoring"]\n  }') }],
    unknown: [{ 'main.tf': 'variable "scopes" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    oauth_scopes = var.scopes\n  }') }],
  },
});
