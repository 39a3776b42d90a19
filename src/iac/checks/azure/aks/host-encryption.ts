/** AKS nodes do not use encryption at host. */
import { aksCheck, aksPools, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksHostEncryption = aksCheck({
  id: 'BW-IAC-3117', severity: 'low',
  title: 'AKS nodes do not use encryption at host',
  rationale: 'Without encryption at host, temp disks and disk caches on the VM host are not encrypted: secrets written by pods to emptyDir on the temp disk remain readable at rest.',
  remediation: 'Set `host_encryption_enabled = true` on every node pool.',
  trivy: null, checkov: ['CKV_AZURE_227'],
  fails: (c, s) => {
    const p = aksPools(s, c).find((x) => isFalse(x.hostEncryption));
    return p ? { loc: p.hostEncryption.loc, message: `has node pools without encryption at host (${p.meta.address})` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('', '    host_encryption_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "he" {}\n' + aks('', '    host_encryption_enabled = var.he\n') }],
  },
});
