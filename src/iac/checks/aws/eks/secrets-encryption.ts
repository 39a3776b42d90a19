/** EKS Secrets not envelope-encrypted with a KMS key. */
import { defineCheck, failure } from '../../define.js';
import { isUnset } from '../../../model/value.js';
import { label } from '../../shared/cloud.js';
import { cluster, vpc } from '../../shared/eks-examples.js';

export const eksSecretsEncryption = defineCheck({
  id: 'BW-IAC-1203', provider: 'aws', service: 'eks', severity: 'high',
  title: 'EKS Secrets are not encrypted with a KMS key',
  trivy: 'AVD-AWS-0039', checkov: ['CKV_AWS_58'],
  rationale: 'Without envelope encryption, Kubernetes Secrets sit in etcd protected only by the disk encryption AWS applies; with a customer KMS key, reading them also needs kms:Decrypt, key use is audited in CloudTrail, and revoking the key makes a stolen etcd backup useless.',
  remediation: 'Add `encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }` (CloudFormation `EncryptionConfig`); on a running cluster, `aws eks associate-encryption-config`.',
  cis: 'CIS Amazon EKS Benchmark 1.5.0 5.3.1',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html'],
  evaluate: (s) => s.aws.eks.clusters.filter((c) => isUnset(c.secretsEncryptionKey))
    .map((c) => failure(c.meta, `cluster ${label(c.meta, c.name)} does not encrypt Secrets with a KMS key`, c.secretsEncryptionKey.loc)),
  examples: {
    fail: [{ 'main.tf': cluster(vpc()) }],
    pass: [{ 'main.tf': `resource "aws_kms_key" "eks" {}\n${cluster(`${vpc()}\n  encryption_config {\n    resources = ["secrets"]\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }`)}` }],
    unknown: [{ 'main.tf': `variable "key" {}\n${cluster(`${vpc()}\n  encryption_config {\n    resources = ["secrets"]\n    provider {\n      key_arn = var.key\n    }\n  }`)}` }],
  },
});
