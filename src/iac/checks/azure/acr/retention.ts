/** ACR has no retention policy for untagged manifests. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const acrRetention = acrCheck({
  id: 'BW-IAC-3206', severity: 'low',
  title: 'ACR has no retention policy for untagged manifests',
  rationale: 'Untagged manifests (overwritten tags, failed pushes) stay pullable by digest forever: old vulnerable images remain available and nobody knows they exist.',
  remediation: 'Set `retention_policy_in_days = 7` (Premium).',
  trivy: null, checkov: ['CKV_AZURE_167'],
  fails: (r) => (isUnset(r.retentionPolicyDays) ? { loc: r.retentionPolicyDays.loc, message: 'keeps untagged manifests forever (no retention policy)' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                      = "Premium"\n  retention_policy_in_days = 7\n') }],
    unknown: [{ 'main.tf': 'variable "d" {}\n' + acr('  sku                      = "Premium"\n  retention_policy_in_days = var.d\n') }],
  },
});
