/** Artifact Registry vulnerability scanning is disabled for the repository. */
import { arCheck, ar } from '../../shared/cloud-factories.js';
import { isOneOf } from '../../../model/value.js';

export const arScanningDisabled = arCheck({
  id: 'BW-IAC-2304', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Artifact Registry vulnerability scanning is disabled for the repository',
  rationale: 'With scanning disabled (or the Container Scanning API off), images are never checked for known vulnerabilities after push.',
  remediation: 'Remove `vulnerability_scanning_config { enablement_config = "DISABLED" }` and enable the Container Scanning API for the project.',
  cis: 'CIS GKE Benchmark 1.5.0 5.1.1',
  fails: (r) => (isOneOf(r.scanningConfig, 'DISABLED') ? { loc: r.scanningConfig.loc, message: 'does not scan images for vulnerabilities' } : undefined),
  examples: {
    fail: [{ 'main.tf': ar('  vulnerability_scanning_config {\n    enablement_config = "DISABLED"\n  }\n') }],
    pass: [{ 'main.tf': ar('  vulnerability_scanning_config {\n    enablement_config = "INHERITED"\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "e" {}\n' + ar('  vulnerability_scanning_config {\n    enablement_config = var.e\n  }\n') }],
  },
});
