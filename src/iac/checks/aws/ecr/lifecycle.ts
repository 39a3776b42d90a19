/** ECR repository without a lifecycle policy. */
import { defineCheck, failure } from '../../define.js';
import { isFalse } from '../../../model/value.js';
import { belongsTo, label } from '../../shared/cloud.js';
import { repo } from '../../shared/ecr-examples.js';

export const ecrLifecycle = defineCheck({
  id: 'BW-IAC-1306', provider: 'aws', service: 'ecr', severity: 'low',
  title: 'ECR repository has no lifecycle policy',
  trivy: null, checkov: [],
  rationale: 'Without a lifecycle policy every image ever pushed stays pullable: old builds with known vulnerabilities and leaked secrets remain one `docker pull` away, and nobody knows which of them still run.',
  remediation: 'Add an `aws_ecr_lifecycle_policy` that expires untagged images and keeps the last N releases.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html'],
  evaluate: (s) => s.aws.ecr.repositories
    .filter((r) => isFalse(r.hasLifecyclePolicy) && !s.aws.ecr.lifecyclePolicies.some((l) => belongsTo({ ref: l.repositoryRef, name: l.repository }, r) || (!l.repository.known && !l.repositoryRef)))
    .map((r) => failure(r.meta, `repository ${label(r.meta, r.name)} has no lifecycle policy`, r.hasLifecyclePolicy.loc)),
  examples: {
    fail: [{ 'main.tf': repo() }],
    pass: [{ 'main.tf': `${repo()}\nresource "aws_ecr_lifecycle_policy" "app" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    rules = [{\n      rulePriority = 1\n      selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 14 }\n      action       = { type = "expire" }\n    }]\n  })\n}\n` }],
    unknown: [{ 'main.tf': `variable "repo" {}\n${repo()}\nresource "aws_ecr_lifecycle_policy" "app" {\n  repository = var.repo\n  policy     = "{}"\n}\n` }],
  },
});
