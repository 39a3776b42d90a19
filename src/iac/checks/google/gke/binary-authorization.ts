/** GKE Binary Authorization is not enforced. */
import { gkeClusterCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeBinaryAuthorization = gkeClusterCheck({
  id: 'BW-IAC-2210', severity: 'medium',
  title: 'GKE Binary Authorization is not enforced',
  rationale: 'Binary Authorization admits only images that carry the attestations your policy requires (built by your CI, scanned, signed): an attacker with deploy rights cannot run an arbitrary image.',
  remediation: 'Set `binary_authorization { evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE" }` and define the project policy.',
  trivy: null, checkov: ['CKV_GCP_66'],
  fails: (c) => (isFalse(c.binaryAuthorization) ? { loc: c.binaryAuthorization.loc, message: 'does not enforce Binary Authorization' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  binary_authorization {\n    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"\n  }') }],
    unknown: [{ 'main.tf': 'variable "mode" {}\n' + gke('  initial_node_count = 1\n  binary_authorization {\n    evaluation_mode = var.mode\n  }') }],
  },
});
