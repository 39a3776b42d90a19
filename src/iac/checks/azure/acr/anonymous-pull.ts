/** ACR allows anonymous pull. */
import { acrCheck, acr } from '../../shared/cloud-factories.js';
import { isTrue } from '../../../model/value.js';

export const acrAnonymousPull = acrCheck({
  id: 'BW-IAC-3203', severity: 'high',
  title: 'ACR allows anonymous pull',
  rationale: 'Anonymous pull lets anyone on the internet pull every image in the registry, with the source, configuration and secrets their layers contain.',
  remediation: 'Set `anonymous_pull_enabled = false` (the default).',
  trivy: null, checkov: ['CKV_AZURE_138'],
  fails: (r) => (isTrue(r.anonymousPullEnabled) ? { loc: r.anonymousPullEnabled.loc, message: 'allows anonymous pull' } : undefined),
  examples: {
    fail: [{ 'main.tf': acr('  sku                    = "Standard"\n  anonymous_pull_enabled = true\n') }],
    pass: [{ 'main.tf': acr('  sku = "Standard"\n') }],
    unknown: [{ 'main.tf': 'variable "an" {}\n' + acr('  sku                    = "Standard"\n  anonymous_pull_enabled = var.an\n') }],
  },
});
