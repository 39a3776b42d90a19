/** AKS API server is public (not a private cluster). */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksPrivateCluster = aksCheck({
  id: 'BW-IAC-3101', severity: 'medium',
  title: 'AKS API server is public (not a private cluster)',
  rationale: 'A public AKS API server is reachable from the internet: leaked kubeconfigs and API server vulnerabilities are exploitable from anywhere unless authorized IP ranges narrow it.',
  remediation: 'Create the cluster with `private_cluster_enabled = true` (API server on a private endpoint in the VNet), or at least set `api_server_access_profile.authorized_ip_ranges`.',
  trivy: 'AVD-AZU-0065', checkov: ['CKV_AZURE_115'],
  fails: (c) => (isFalse(c.privateCluster) ? { loc: c.privateCluster.loc, message: 'exposes a public API server' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  private_cluster_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "p" {}\n' + aks('  private_cluster_enabled = var.p\n') }],
  },
});
