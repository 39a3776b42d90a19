/** AKS Azure Policy add-on is disabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksAzurePolicy = aksCheck({
  id: 'BW-IAC-3107', severity: 'low',
  title: 'AKS Azure Policy add-on is disabled',
  rationale: 'The Azure Policy add-on (Gatekeeper) enforces admission policies (no privileged pods, allowed registries) defined centrally; without it nothing enforces them in the cluster.',
  remediation: 'Set `azure_policy_enabled = true` and assign the Kubernetes policy initiatives.',
  trivy: 'AVD-AZU-0066', checkov: ['CKV_AZURE_116'],
  fails: (c) => (isFalse(c.azurePolicyEnabled) ? { loc: c.azurePolicyEnabled.loc, message: 'does not run the Azure Policy add-on' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  azure_policy_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "ap" {}\n' + aks('  azure_policy_enabled = var.ap\n') }],
  },
});
