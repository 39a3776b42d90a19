/** GKE node pool auto-upgrade is disabled. */
import { gkeNodeCheck, pool } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeAutoUpgrade = gkeNodeCheck({
  id: 'BW-IAC-2226', severity: 'low',
  title: 'GKE node pool auto-upgrade is disabled',
  rationale: 'Without auto-upgrade, node pools keep the kubelet, container runtime and OS versions they were created with, including their vulnerabilities, until someone upgrades them by hand.',
  remediation: 'Set `management { auto_upgrade = true }` (the default).',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.3', trivy: 'AVD-GCP-0058', checkov: ['CKV_GCP_10'],
  fails: (n) => (n.pool && isFalse(n.pool.autoUpgrade) ? { loc: n.pool.autoUpgrade.loc, message: 'has auto-upgrade disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': pool('  management {\n    auto_upgrade = false\n  }') }],
    pass: [{ 'main.tf': pool('  management {\n    auto_upgrade = true\n    auto_repair  = true\n  }') }],
    unknown: [{ 'main.tf': 'variable "au" {}\n' + pool('  management {\n    auto_upgrade = var.au\n  }') }],
  },
});
