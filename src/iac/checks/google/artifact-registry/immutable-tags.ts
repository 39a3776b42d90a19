/** Artifact Registry Docker tags are mutable. */
import { arCheck, ar } from '../../shared/cloud-factories.js';
import { isFalse, isOneOf } from '../../../model/value.js';

export const arImmutableTags = arCheck({
  id: 'BW-IAC-2302', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Artifact Registry Docker tags are mutable',
  rationale: 'With mutable tags anyone who can push can replace `app:1.4.2` with a different image; deployments and policies that name the tag now run code nobody reviewed.',
  remediation: 'Set `docker_config { immutable_tags = true }` and deploy by digest.',
  fails: (r) => (r.format.known && r.format.value === 'DOCKER' && isOneOf(r.mode, 'STANDARD_REPOSITORY') && isFalse(r.immutableTags) ? { loc: r.immutableTags.loc, message: 'allows Docker tags to be overwritten' } : undefined),
  examples: {
    fail: [{ 'main.tf': ar('') }],
    pass: [{ 'main.tf': ar('  docker_config {\n    immutable_tags = true\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "i" {}\n' + ar('  docker_config {\n    immutable_tags = var.i\n  }\n') }],
  },
});
