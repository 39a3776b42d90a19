/** AKS public API server accepts every source address. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';
import { isOpenCidr } from '../../shared/cloud.js';

export const aksAuthorizedIpRanges = aksCheck({
  id: 'BW-IAC-3102', severity: 'high',
  title: 'AKS public API server accepts every source address',
  rationale: 'Without authorized IP ranges the public API server answers the whole internet; only authentication stands between an attacker and the cluster.',
  remediation: 'Set `api_server_access_profile { authorized_ip_ranges = ["203.0.113.0/24"] }` or make the cluster private.',
  trivy: 'AVD-AZU-0041', checkov: ['CKV_AZURE_6'],
  fails: (c) => (isFalse(c.privateCluster) && c.apiServerAuthorizedIpRanges.known && !c.apiServerAuthorizedIpRanges.partial && (c.apiServerAuthorizedIpRanges.value.length === 0 || c.apiServerAuthorizedIpRanges.value.some(isOpenCidr)) ? { loc: c.apiServerAuthorizedIpRanges.loc, message: 'accepts API requests from any address (no authorized IP ranges)' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  api_server_access_profile {\n    authorized_ip_ranges = ["203.0.113.0/24"]\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "r" {}\n' + aks('  api_server_access_profile {\n    authorized_ip_ranges = var.r\n  }\n') }],
  },
});
