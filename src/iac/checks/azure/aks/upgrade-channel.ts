/** AKS automatic upgrades are off. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';

export const aksUpgradeChannel = aksCheck({
  id: 'BW-IAC-3113', severity: 'low',
  title: 'AKS automatic upgrades are off',
  rationale: 'With the upgrade channel at `none`, the control plane and node images keep their vulnerabilities until someone upgrades by hand; AKS stops supporting old minors within a year.',
  remediation: 'Set `automatic_upgrade_channel = "patch"` (or stable) with a maintenance window.',
  trivy: null, checkov: ['CKV_AZURE_171'],
  fails: (c) => (c.automaticUpgradeChannel.known && (c.automaticUpgradeChannel.value === undefined || c.automaticUpgradeChannel.value === 'none') ? { loc: c.automaticUpgradeChannel.loc, message: 'has no automatic upgrade channel' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  automatic_upgrade_channel = "patch"\n') }],
    unknown: [{ 'main.tf': 'variable "ch" {}\n' + aks('  automatic_upgrade_channel = var.ch\n') }],
  },
});
