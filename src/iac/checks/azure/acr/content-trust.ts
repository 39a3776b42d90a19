/** ACR content trust is disabled. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const acrContentTrust = acrCheck({
  id: 'BW-IAC-3204', severity: 'low',
  title: 'ACR content trust is disabled',
  rationale: 'Without content trust (or another signature scheme enforced at admission), nothing proves that an image in the registry was produced by your pipeline.',
  remediation: 'Enable `trust_policy_enabled = true` (Premium) or sign with Notation/cosign and enforce signatures at admission (Bulwark\\\'s admission webhook, Ratify).',
  trivy: null, checkov: ['CKV_AZURE_164'],
  fails: (r) => (isFalse(r.trustPolicyEnabled) ? { loc: r.trustPolicyEnabled.loc, message: 'does not enforce content trust' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku                  = "Premium"\n  trust_policy_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "t" {}\n' + acr('  sku                  = "Premium"\n  trust_policy_enabled = var.t\n') }],
  },
});
