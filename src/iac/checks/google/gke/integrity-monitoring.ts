/** GKE nodes have integrity monitoring disabled. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeIntegrityMonitoring = gkeNodeCheck({
  id: 'BW-IAC-2224', severity: 'low',
  title: 'GKE nodes have integrity monitoring disabled',
  rationale: 'Integrity monitoring compares each boot against a known-good baseline and reports deviations: the signal that a node\'s boot chain was tampered with.',
  remediation: 'Set `node_config { shielded_instance_config { enable_integrity_monitoring = true } }` (the default).',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.6', trivy: null, checkov: ['CKV_GCP_72'],
  fails: (n) => (isFalse(n.config.integrityMonitoring) ? { loc: n.config.integrityMonitoring.loc, message: 'has integrity monitoring disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    shielded_instance_config {\n      enable_integrity_monitoring = false\n    }\n  }') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1') }],
    unknown: [{ 'main.tf': 'variable "im" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    shielded_instance_config {\n      enable_integrity_monitoring = var.im\n    }\n  }') }],
  },
});
