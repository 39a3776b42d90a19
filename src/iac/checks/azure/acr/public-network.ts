/** ACR is reachable from public networks. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const acrPublicNetwork = acrCheck({
  id: 'BW-IAC-3202', severity: 'medium',
  title: 'ACR is reachable from public networks',
  rationale: 'A registry open to all networks can be reached (and brute-forced, or pulled with a leaked token) from anywhere; private endpoints or a deny-by-default network rule set keep it inside your networks.',
  remediation: 'Set `public_network_access_enabled = false` with a private endpoint, or `network_rule_set { default_action = "Deny" }` (Premium).',
  trivy: null, checkov: ['CKV_AZURE_139'],
  fails: (r) => (isTrue(r.publicNetworkAccess) ? { loc: r.publicNetworkAccess.loc, message: 'accepts connections from all networks' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                           = "Premium"\n  public_network_access_enabled = false\n') }],
    unknown: [{ 'main.tf': 'variable "p" {}\n' + acr('  sku                           = "Premium"\n  public_network_access_enabled = var.p\n') }],
  },
});
