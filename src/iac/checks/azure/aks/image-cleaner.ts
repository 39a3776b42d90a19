/** AKS Image Cleaner is disabled. */
import { aksCheck, aks } from '../../shared/cloud-factories.js';
import { isFalse } from '../../../model/value.js';

export const aksImageCleaner = aksCheck({
  id: 'BW-IAC-3118', severity: 'low',
  trivy: null, checkov: [],
  title: 'AKS Image Cleaner is disabled',
  rationale: 'Unused images stay on nodes with their vulnerabilities and can be started again by anyone who can create pods (imagePullPolicy IfNotPresent), even after the registry deleted them.',
  remediation: 'Set `image_cleaner_enabled = true` and `image_cleaner_interval_hours`.',
  fails: (c) => (isFalse(c.imageCleanerEnabled) ? { loc: c.imageCleanerEnabled.loc, message: 'does not remove unused vulnerable images from nodes (Image Cleaner off)' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  image_cleaner_enabled        = true\n  image_cleaner_interval_hours = 48\n') }],
    unknown: [{ 'main.tf': 'variable "ic" {}\n' + aks('  image_cleaner_enabled = var.ic\n') }],
  },
});
