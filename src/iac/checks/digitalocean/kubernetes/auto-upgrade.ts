/** DOKS cluster does not upgrade automatically. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const doksAutoUpgrade = doksCheck({
  id: 'BW-IAC-4101', severity: 'medium',
  title: 'DOKS cluster does not upgrade automatically',
  trivy: 'AVD-DIG-0008', checkov: [],
  rationale: 'Without auto-upgrade the cluster keeps its Kubernetes patch version, and its vulnerabilities, until someone upgrades it by hand.',
  remediation: 'Set `auto_upgrade = true` with a `maintenance_policy` window.',
  fails: (c) => (isFalse(c.autoUpgrade) ? { loc: c.autoUpgrade.loc, message: 'does not upgrade patch versions automatically' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('') }],
    pass: [{ 'main.tf': doks('  auto_upgrade = true\n  maintenance_policy {\n    start_time = "04:00"\n    day        = "sunday"\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "au" {}\n' + doks('  auto_upgrade = var.au\n') }],
  },
});
