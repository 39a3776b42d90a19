/** AKS is not integrated with Microsoft Entra ID. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksEntraId = aksCheck({
  id: 'BW-IAC-3104', severity: 'medium',
  trivy: null, checkov: [],
  title: 'AKS is not integrated with Microsoft Entra ID',
  rationale: 'Without Entra ID (AAD) integration, cluster access rests on certificates in kubeconfig files that cannot be revoked per user, carry no MFA or conditional access, and outlive their owners\' employment.',
  remediation: 'Add `azure_active_directory_role_based_access_control { azure_rbac_enabled = true admin_group_object_ids = [...] }`.',
  fails: (c) => (isFalse(c.azureAdManaged) ? { loc: c.azureAdManaged.loc, message: 'is not integrated with Entra ID' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled     = true\n    admin_group_object_ids = ["dddddddd-0000-0000-0000-000000000000"]\n  }\n') }],
  },
});
