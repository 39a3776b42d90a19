/** GKE nodes serve the legacy metadata endpoints. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeLegacyMetadata = gkeNodeCheck({
  id: 'BW-IAC-2225', severity: 'high',
  title: 'GKE nodes serve the legacy metadata endpoints',
  rationale: 'The v0.1 and v1beta1 metadata endpoints answer without the `Metadata-Flavor: Google` header, so a simple SSRF in any pod returns the node\'s credentials.',
  remediation: 'Remove `disable-legacy-endpoints = "false"` from `node_config.metadata` (GKE disables them by default since 1.12).',
  cis: 'CIS GKE Benchmark 1.5.0 5.4.1', trivy: 'AVD-GCP-0048', checkov: ['CKV_GCP_67'],
  fails: (n) => (isFalse(n.config.legacyMetadataEndpointsDisabled) ? { loc: n.config.legacyMetadataEndpointsDisabled.loc, message: 'serves the legacy metadata endpoints (disable-legacy-endpoints = false)' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    metadata = {\n      disable-legacy-endpoints = "false"\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    metadata = {\n      disable-legacy-endpoints = "true"\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "md" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    metadata = {\n      disable-legacy-endpoints = var.md\n    }\n  }') }],
  },
});
