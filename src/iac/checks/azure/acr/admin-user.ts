/** ACR admin user is enabled. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const acrAdminUser = acrCheck({
  id: 'BW-IAC-3201', severity: 'high',
  title: 'ACR admin user is enabled',
  rationale: 'The admin user is a single shared username/password with push and pull on the whole registry; it is not tied to an identity, cannot be scoped and usually ends up in CI variables and kubeconfigs.',
  remediation: 'Set `admin_enabled = false` (the default) and use managed identities or repository-scoped tokens.',
  trivy: null, checkov: ['CKV_AZURE_137'],
  fails: (r) => (isTrue(r.adminEnabled) ? { loc: r.adminEnabled.loc, message: 'has the admin user enabled' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku           = "Premium"\n  admin_enabled = true\n') }],
    pass: [{ 'main.tf': acr('  sku           = "Premium"\n  admin_enabled = false\n') }],
    unknown: [{ 'main.tf': 'variable "a" {}\n' + acr('  sku           = "Premium"\n  admin_enabled = var.a\n') }],
  },
});
