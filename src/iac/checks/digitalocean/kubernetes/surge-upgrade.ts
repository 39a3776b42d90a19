/** DOKS surge upgrades are disabled. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const doksSurgeUpgrade = doksCheck({
  id: 'BW-IAC-4102', severity: 'low',
  title: 'DOKS surge upgrades are disabled',
  trivy: 'AVD-DIG-0005', checkov: [],
  rationale: 'Without surge upgrades, nodes are replaced in place and workloads go down during upgrades, which makes teams postpone security upgrades.',
  remediation: 'Set `surge_upgrade = true` (the default).',
  fails: (c) => (isFalse(c.surgeUpgrade) ? { loc: c.surgeUpgrade.loc, message: 'has surge upgrades disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('  surge_upgrade = false\n') }],
    pass: [{ 'main.tf': doks('  surge_upgrade = true\n') }],
    unknown: [{ 'main.tf': 'variable "s" {}\n' + doks('  surge_upgrade = var.s\n') }],
  },
});
