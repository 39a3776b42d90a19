/** ECR repository policy lets anyone push. */
import { defineCheck, failure } from '../../define.js';
import { POLICY_TF, publicGrant, repositoryPolicies } from '../../shared/ecr-policy.js';

const WRITE = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepository'];

export const ecrPublicPush = defineCheck({
  id: 'BW-IAC-1305', provider: 'aws', service: 'ecr', severity: 'critical',
  title: 'ECR repository policy lets anyone push or delete images',
  trivy: 'AVD-AWS-0032', checkov: ['CKV_AWS_32'],
  rationale: 'Write access for `Principal: "*"` lets any AWS account replace the images your clusters run: a supply-chain compromise that needs no credentials of yours.',
  remediation: 'Remove write actions from statements with a `*` principal; grant push only to your CI role.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html'],
  evaluate: (s) => repositoryPolicies(s).flatMap((p) => {
    const hit = publicGrant(p.text, WRITE);
    return hit ? [failure(p.meta, `repository ${p.repo} lets anyone ${hit}`, p.loc)] : [];
  }),
  examples: {
    fail: [{ 'main.tf': POLICY_TF('{\n      Effect    = "Allow"\n      Principal = { AWS = "*" }\n      Action    = "ecr:*"\n    }') }],
    pass: [{ 'main.tf': POLICY_TF('{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:role/ci" }\n      Action    = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]\n    }') }],
    unknown: [{ 'main.tf': 'variable "policy" {}\nresource "aws_ecr_repository_policy" "app" {\n  repository = "app"\n  policy     = var.policy\n}\n' }],
  },
});
