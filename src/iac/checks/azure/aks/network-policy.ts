/** AKS has no network policy engine. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const aksNetworkPolicy = aksCheck({
  id: 'BW-IAC-3106', severity: 'medium',
  title: 'AKS has no network policy engine',
  rationale: 'Without a network policy engine (Azure NPM, Calico or Cilium) NetworkPolicy objects are ignored: every pod can reach every other pod.',
  remediation: 'Set `network_profile { network_plugin = "azure" network_policy = "cilium" }` (or azure/calico) at creation.',
  trivy: 'AVD-AZU-0043', checkov: ['CKV_AZURE_7'],
  fails: (c) => (isUnset(c.networkPolicy) ? { loc: c.networkPolicy.loc, message: 'has no network policy engine' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  network_profile {\n    network_plugin = "kubenet"\n  }\n') }],
    pass: [{ 'main.tf': aks('  network_profile {\n    network_plugin = "azure"\n    network_policy = "cilium"\n    network_data_plane = "cilium"\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "np" {}\n' + aks('  network_profile {\n    network_plugin = "azure"\n    network_policy = var.np\n  }\n') }],
  },
});
