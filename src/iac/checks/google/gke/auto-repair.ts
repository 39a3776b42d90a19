/** GKE node pool auto-repair is disabled. */
import { gkeNodeCheck, pool } from '../../shared/gke.js';
import { isFalse } from '../../../model/value.js';

export const gkeAutoRepair = gkeNodeCheck({
  id: 'BW-IAC-2227', severity: 'low',
  title: 'GKE node pool auto-repair is disabled',
  rationale: 'Auto-repair recreates nodes that fail health checks; without it an unhealthy (or tampered-with) node keeps running workloads.',
  remediation: 'Set `management { auto_repair = true }` (the default).',
  cis: 'CIS GKE Benchmark 1.5.0 5.5.2', trivy: 'AVD-GCP-0063', checkov: ['CKV_GCP_9'],
  fails: (n) => (n.pool && isFalse(n.pool.autoRepair) ? { loc: n.pool.autoRepair.loc, message: 'has auto-repair disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': pool('  management {\n    auto_repair = false\n  }') }],
    pass: [{ 'main.tf': pool('  management {\n    auto_upgrade = true\n    auto_repair  = true\n  }') }],
    unknown: [{ 'main.tf': 'variable "ar" {}\n' + pool('  management {\n    auto_repair = var.ar\n  }') }],
  },
});
