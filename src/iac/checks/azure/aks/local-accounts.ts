/** AKS local accounts are enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksLocalAccounts = aksCheck({
  id: 'BW-IAC-3105', severity: 'medium',
  title: 'AKS local accounts are enabled',
  rationale: 'The local `clusterAdmin` credential (`az aks get-credentials --admin`) bypasses Entra ID and Azure RBAC: anyone with listClusterAdminCredential gets a non-revocable cluster-admin certificate.',
  remediation: 'Set `local_account_disabled = true` (requires Entra ID integration).',
  trivy: null, checkov: ['CKV_AZURE_141'],
  fails: (c) => (isFalse(c.localAccountDisabled) ? { loc: c.localAccountDisabled.loc, message: 'allows local (non-Entra) cluster-admin accounts' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  local_account_disabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "l" {}\n' + aks('  local_account_disabled = var.l\n') }],
  },
});
