/** ECR tags can be overwritten. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { repo } from '../../shared/ecr-examples.js';

export const ecrTagImmutability = defineCheck({
  id: 'BW-IAC-1302', provider: 'aws', service: 'ecr', severity: 'medium',
  title: 'ECR repository tags are mutable',
  trivy: 'AVD-AWS-0031', checkov: ['CKV_AWS_51'],
  rationale: 'With mutable tags, anyone who can push can replace `app:1.4.2` with a different image; deployments, admission policies and scan results that name the tag now refer to code nobody reviewed. Immutable tags make a tag mean one digest forever.',
  remediation: 'Set `image_tag_mutability = "IMMUTABLE"` (or IMMUTABLE_WITH_EXCLUSION for a `latest`-style exception) and deploy by digest.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html'],
  evaluate: (s) => s.aws.ecr.repositories.filter((r) => isOneOf(r.imageTagMutability, 'MUTABLE'))
    .map((r) => failure(r.meta, `repository ${label(r.meta, r.name)} allows tags to be overwritten (MUTABLE${r.imageTagMutability.explicit ? '' : ', the default'})`, r.imageTagMutability.loc)),
  examples: {
    fail: [{ 'main.tf': repo() }, { 'main.tf': repo('  image_tag_mutability = "MUTABLE"\n') }],
    pass: [{ 'main.tf': repo('  image_tag_mutability = "IMMUTABLE"\n') }],
    unknown: [{ 'main.tf': `variable "mutability" {}\n${repo('  image_tag_mutability = var.mutability\n')}` }],
  },
});
