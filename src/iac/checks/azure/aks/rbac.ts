/** AKS Kubernetes RBAC is disabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksRbac = aksCheck({
  id: 'BW-IAC-3103', severity: 'high',
  title: 'AKS Kubernetes RBAC is disabled',
  rationale: 'Without RBAC every authenticated identity, including every pod\'s service account, can do anything in the cluster.',
  remediation: 'Keep `role_based_access_control_enabled = true` (the default); RBAC can only be chosen at creation.',
  trivy: 'AVD-AZU-0042', checkov: ['CKV_AZURE_5'],
  fails: (c) => (isFalse(c.rbacEnabled) ? { loc: c.rbacEnabled.loc, message: 'has Kubernetes RBAC disabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  role_based_access_control_enabled = false\n') }],
    pass: [{ 'main.tf': aks('  role_based_access_control_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "r" {}\n' + aks('  role_based_access_control_enabled = var.r\n') }],
  },
});
