/** AWS provider block with a hard-coded access key or secret key. */
import { defineCheck, failure } from '../../define.js';
import { str } from '../../../model/read.js';
import { tf } from '../../shared/examples.js';

export const tfAwsProviderKeys = defineCheck({
  id: 'BW-IAC-6101', provider: 'terraform', service: 'config', severity: 'critical',
  title: 'AWS provider has hard-coded credentials',
  trivy: null, checkov: ['CKV_AWS_41'],
  rationale: 'An access key written into the provider block is committed with the code and copied into every plan and state file.',
  remediation: 'Remove `access_key`/`secret_key`; use the standard credential chain (environment, shared config, SSO, instance or workload role).',
  references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration'],
  evaluate: (s) => s.terraform.providers.filter((p) => p.name === 'aws').flatMap((p) => ['access_key', 'secret_key'].flatMap((k) => {
    const v = str(p.body, k);
    return v.known && v.value ? [failure(p.meta, `provider "aws" sets ${k} in the configuration`, v.loc)] : [];
  })),
  examples: {
    fail: [tf('provider "aws" {\n  region     = "eu-west-1"\n  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n}')],
    pass: [tf('provider "aws" {\n  region = "eu-west-1"\n}')],
    unknown: [tf('variable "key" {}\nprovider "aws" {\n  region     = "eu-west-1"\n  access_key = var.key\n}')],
  },
});
