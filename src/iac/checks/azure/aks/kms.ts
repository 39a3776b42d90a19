/** AKS Secrets are not encrypted with a Key Vault key (KMS). */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const aksKms = aksCheck({
  id: 'BW-IAC-3111', severity: 'medium',
  trivy: null, checkov: [],
  title: 'AKS Secrets are not encrypted with a Key Vault key (KMS)',
  rationale: 'KMS etcd encryption wraps Kubernetes Secrets with your Key Vault key: a leaked etcd backup is unreadable without it, and revoking the key revokes the data.',
  remediation: 'Add `key_management_service { key_vault_key_id = azurerm_key_vault_key.etcd.id }`.',
  fails: (c) => (isUnset(c.kmsKeyVaultKeyId) ? { loc: c.kmsKeyVaultKeyId.loc, message: 'does not encrypt Secrets with a Key Vault key' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  key_management_service {\n    key_vault_key_id = "https://aks-kms.vault.azure.net/keys/etcd/0123456789abcdef"\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "k" {}\n' + aks('  key_management_service {\n    key_vault_key_id = var.k\n  }\n') }],
  },
});
