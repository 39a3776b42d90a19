/** ECS container with a secret in a plain environment variable. */
import { defineCheck } from '../../define.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf } from '../../shared/examples.js';
import { plaintextSecrets } from '../../shared/secret-env.js';

export const ecsPlaintextSecrets = defineCheck({
  id: 'BW-IAC-1104', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS task definition has a secret in a plain environment variable',
  trivy: 'AVD-AWS-0036', checkov: [],
  rationale: 'Environment values are stored in the task definition: anyone with ecs:DescribeTaskDefinition, and the Terraform state, can read them.',
  remediation: 'Move the value to Secrets Manager or SSM Parameter Store and reference it with `secrets: [{ name, valueFrom }]`.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html'],
  evaluate: (s) => eachContainer(s, (c) => {
    const hits = plaintextSecrets(c.environment);
    return hits.length ? { message: `sets ${hits.map((h) => h.name).join(', ')} in plain text`, loc: hits[0]!.loc } : undefined;
  }),
  examples: {
    fail: [ecsTf('environment = [{ name = "DB_PASSWORD", value = "hunter2" }]')],
    pass: [ecsTf('secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db" }]\nenvironment = [{ name = "LOG_LEVEL", value = "info" }]')],
    unknown: [ecsTf('environment = [{ name = "DB_PASSWORD", value = var.db_password }]', '', 'variable "db_password" {\n  sensitive = true\n}\n')],
  },
});
