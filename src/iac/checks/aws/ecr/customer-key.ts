/** ECR repository not encrypted with a customer-managed KMS key. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { repo } from '../../shared/ecr-examples.js';

export const ecrCustomerKey = defineCheck({
  id: 'BW-IAC-1303', provider: 'aws', service: 'ecr', severity: 'low',
  title: 'ECR repository is not encrypted with a customer-managed KMS key',
  trivy: 'AVD-AWS-0033', checkov: ['CKV_AWS_136'],
  rationale: 'AES256 (the default) uses keys AWS owns: access to image layers is governed by IAM alone. A customer-managed KMS key adds a second, separately audited permission (kms:Decrypt), lets you revoke access to every layer at once, and is what most compliance regimes ask for.',
  remediation: 'Set `encryption_configuration { encryption_type = "KMS" kms_key = aws_kms_key.ecr.arn }` (the repository must be recreated: encryption is fixed at creation).',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html'],
  evaluate: (s) => s.aws.ecr.repositories.filter((r) => isOneOf(r.encryptionType, 'AES256'))
    .map((r) => failure(r.meta, `repository ${label(r.meta, r.name)} uses AWS-owned keys (AES256)`, r.encryptionType.loc)),
  examples: {
    fail: [{ 'main.tf': repo() }],
    pass: [{ 'main.tf': repo('  encryption_configuration {\n    encryption_type = "KMS"\n    kms_key         = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n  }\n') }],
    unknown: [{ 'main.tf': `variable "enc" {}\n${repo('  encryption_configuration {\n    encryption_type = var.enc\n  }\n')}` }],
  },
});
