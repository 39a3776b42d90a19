/** ECR repository policy lets anyone pull. */
import { defineCheck, failure } from '../../define.js';
import { POLICY_TF, publicGrant, repositoryPolicies } from '../../shared/ecr-policy.js';

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

export const ecrPublicPull = defineCheck({
  id: 'BW-IAC-1304', provider: 'aws', service: 'ecr', severity: 'high',
  title: 'ECR repository policy lets anyone pull images',
  trivy: 'AVD-AWS-0032', checkov: ['CKV_AWS_32'],
  rationale: 'A statement allowing `Principal: "*"` (or `{"AWS": "*"}`) without a condition lets every AWS account pull the images: their layers often hold source, configuration and the secrets Bulwark\'s image scan keeps finding.',
  remediation: 'Name the accounts or the organisation (`Condition: { StringEquals: { "aws:PrincipalOrgID": "o-…" } }`) instead of `*`; publish public images through ECR Public.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html'],
  evaluate: (s) => repositoryPolicies(s).flatMap((p) => {
    const hit = publicGrant(p.text, PULL);
    return hit ? [failure(p.meta, `repository ${p.repo} lets anyone ${hit}`, p.loc)] : [];
  }),
  examples: {
    fail: [{ 'main.tf': POLICY_TF('{\n      Sid       = "public"\n      Effect    = "Allow"\n      Principal = "*"\n      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]\n    }') }],
    pass: [{ 'main.tf': POLICY_TF('{\n      Sid       = "org"\n      Effect    = "Allow"\n      Principal = "*"\n      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]\n      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }\n    }') }],
    unknown: [{ 'main.tf': 'variable "policy" {}\nresource "aws_ecr_repository_policy" "app" {\n  repository = "app"\n  policy     = var.policy\n}\n' }],
  },
});
