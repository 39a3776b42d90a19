/** Artifact Registry repository has no cleanup policy. */
import { arCheck, ar } from '../../shared/cloud-factories.js';
import { isFalse, isOneOf } from '../../../model/value.js';

export const arCleanupPolicy = arCheck({
  id: 'BW-IAC-2303', severity: 'low',
  trivy: null, checkov: [],
  title: 'Artifact Registry repository has no cleanup policy',
  rationale: 'Without cleanup policies every image ever pushed stays pullable: old builds with known vulnerabilities and leaked secrets remain one pull away.',
  remediation: 'Add `cleanup_policies` that delete untagged versions and keep the most recent releases.',
  fails: (r) => (isOneOf(r.mode, 'STANDARD_REPOSITORY') && isFalse(r.hasCleanupPolicies) ? { loc: r.hasCleanupPolicies.loc, message: 'has no cleanup policy' } : undefined),
  examples: {
    fail: [{ 'main.tf': ar('') }],
    pass: [{ 'main.tf': ar('  cleanup_policies {\n    id     = "delete-untagged"\n    action = "DELETE"\n    condition {\n      tag_state  = "UNTAGGED"\n      older_than = "2592000s"\n    }\n  }\n') }],
  },
});
