/** AKS node disks are not encrypted with a customer-managed key. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isUnset } from '../../../model/value.js';

export const aksDiskEncryptionSet = aksCheck({
  id: 'BW-IAC-3112', severity: 'low',
  title: 'AKS node disks are not encrypted with a customer-managed key',
  rationale: 'Without a disk encryption set, OS and data disks use platform-managed keys: you cannot revoke access to node disks (and the secrets cached on them) independently of Azure.',
  remediation: 'Set `disk_encryption_set_id = azurerm_disk_encryption_set.aks.id`.',
  trivy: 'AVD-AZU-0067', checkov: ['CKV_AZURE_117'],
  fails: (c) => (isUnset(c.diskEncryptionSetId) ? { loc: c.diskEncryptionSetId.loc, message: 'uses platform-managed keys for node disks' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  disk_encryption_set_id = "/subscriptions/0000/resourceGroups/platform/providers/Microsoft.Compute/diskEncryptionSets/aks"\n') }],
    unknown: [{ 'main.tf': 'variable "d" {}\n' + aks('  disk_encryption_set_id = var.d\n') }],
  },
});
