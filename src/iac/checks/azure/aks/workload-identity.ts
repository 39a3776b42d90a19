/** AKS Workload Identity is not enabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksWorkloadIdentity = aksCheck({
  id: 'BW-IAC-3108', severity: 'low',
  trivy: null, checkov: [],
  title: 'AKS Workload Identity is not enabled',
  rationale: 'Without Workload Identity (OIDC issuer + federated credentials), pods that call Azure use the kubelet\'s managed identity shared by every pod on the node, or secrets mounted into them.',
  remediation: 'Set `oidc_issuer_enabled = true` and `workload_identity_enabled = true`; federate one managed identity per workload.',
  fails: (c) => (isFalse(c.workloadIdentityEnabled) ? { loc: c.workloadIdentityEnabled.loc, message: 'has Workload Identity disabled: pods use the node identity or stored secrets' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  oidc_issuer_enabled       = true\n  workload_identity_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "w" {}\n' + aks('  oidc_issuer_enabled       = true\n  workload_identity_enabled = var.w\n') }],
  },
});
