/** ACR is not encrypted with a customer-managed key. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const acrCustomerKey = acrCheck({
  id: 'BW-IAC-3207', severity: 'low',
  trivy: null, checkov: [],
  title: 'ACR is not encrypted with a customer-managed key',
  rationale: 'With Microsoft-managed keys you cannot revoke access to the registry\\\'s content independently of Azure RBAC; a customer-managed key adds a separately audited control.',
  remediation: 'Add `encryption { key_vault_key_id = azurerm_key_vault_key.acr.id identity_client_id = … }` (Premium).',
  fails: (r) => (isUnset(r.encryptionKey) ? { loc: r.encryptionKey.loc, message: 'uses Microsoft-managed keys' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku = "Premium"\n') }],
    pass: [{ 'main.tf': acr('  sku = "Premium"\n  encryption {\n    key_vault_key_id   = "https://acr-keys.vault.azure.net/keys/acr/0123"\n    identity_client_id = "cccccccc-0000-0000-0000-000000000003"\n  }\n') }],
  },
});
