/** DOKS control plane is not highly available. */
import { doksCheck, doks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const doksHaControlPlane = doksCheck({
  id: 'BW-IAC-4103', severity: 'low',
  title: 'DOKS control plane is not highly available',
  trivy: null, checkov: [],
  rationale: 'A single control-plane replica makes admission webhooks, audit and the API unavailable during failures and upgrades; policies enforced at admission stop being enforced consistently.',
  remediation: 'Set `ha = true`.',
  fails: (c) => (isFalse(c.ha) ? { loc: c.ha.loc, message: 'runs a single control-plane replica (ha = false)' } : undefined),
  examples: {
    fail: [{ 'main.tf': doks('') }],
    pass: [{ 'main.tf': doks('  ha = true\n') }],
    unknown: [{ 'main.tf': 'variable "h" {}\n' + doks('  ha = var.h\n') }],
  },
});
