/** ACR quarantine policy is disabled. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const acrQuarantine = acrCheck({
  id: 'BW-IAC-3205', severity: 'low',
  title: 'ACR quarantine policy is disabled',
  rationale: 'With the quarantine policy, newly pushed images are not pullable until a scanner marks them verified, so an unscanned image cannot be deployed.',
  remediation: 'Set `quarantine_policy_enabled = true` (Premium) and have the scanner release images.',
  trivy: null, checkov: ['CKV_AZURE_166'],
  fails: (r) => (isFalse(r.quarantinePolicyEnabled) ? { loc: r.quarantinePolicyEnabled.loc, message: 'does not quarantine new images until they are scanned' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                       = "Premium"\n  quarantine_policy_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "q" {}\n' + acr('  sku                       = "Premium"\n  quarantine_policy_enabled = var.q\n') }],
  },
});
