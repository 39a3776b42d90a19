/** Module from a git source without a pinned commit. */
import { defineCheck, failure } from '../../define.js';
import { tf } from '../../shared/examples.js';

const GIT = /^(git::|git@|github\.com\/|bitbucket\.org\/)/;

export const tfModuleGitPinned = defineCheck({
  id: 'BW-IAC-6102', provider: 'terraform', service: 'config', severity: 'medium',
  title: 'Module source from git is not pinned to a commit',
  trivy: null, checkov: ['CKV_TF_1'],
  rationale: 'A git module source without `?ref=<commit>` follows the default branch (or a movable tag): whoever can push there changes what your next apply runs, with your credentials.',
  remediation: 'Pin the source to a full commit hash: `source = "git::https://…/mod.git?ref=<40-hex commit>"`.',
  references: ['https://developer.hashicorp.com/terraform/language/modules/sources#selecting-a-revision'],
  evaluate: (s) => s.terraform.modules.filter((m) => m.source.known && m.source.value !== undefined && GIT.test(m.source.value) && !/[?&]ref=[0-9a-f]{40}\b/.test(m.source.value))
    .map((m) => failure(m.meta, `module "${m.name}" uses ${m.source.known ? m.source.value : ''} without a commit ref`, m.source.loc)),
  examples: {
    fail: [tf('module "vpc" {\n  source = "git::https://github.com/example/terraform-vpc.git?ref=main"\n}'), tf('module "vpc" {\n  source = "github.com/example/terraform-vpc"\n}')],
    pass: [tf('module "vpc" {\n  source = "git::https://github.com/example/terraform-vpc.git?ref=0123456789abcdef0123456789abcdef01234567"\n}'), tf('module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}')],
  },
});
