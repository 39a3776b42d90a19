/** GKE nodes boot without Secure Boot. */
import { gkeNodeCheck, gke } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeSecureBoot = gkeNodeCheck({
  id: 'BW-IAC-2223', severity: 'medium',
  title: 'GKE nodes boot without Secure Boot',
  rationale: 'Secure Boot refuses unsigned boot components and kernel modules: a root-level compromise of a node cannot persist as a bootkit or rootkit.',
  remediation: 'Set `node_config { shielded_instance_config { enable_secure_boot = true } }`.',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.7', trivy: null, checkov: ['CKV_GCP_68'],
  fails: (n) => (isFalse(n.config.secureBoot) ? { loc: n.config.secureBoot.loc, message: 'boots without Secure Boot' } : undefined),
  examples: {
    fail: [{ 'main.tf': gke('  initial_node_count = 1') }],
    pass: [{ 'main.tf': gke('  initial_node_count = 1\n  node_config {\n    shielded_instance_config {\n      enable_secure_boot = true\n    }\n  }') }],
    unknown: [{ 'main.tf': 'variable "sb" {}\n' + gke('  initial_node_count = 1\n  node_config {\n    shielded_instance_config {\n      enable_secure_boot = var.sb\n    }\n  }') }],
  },
});
