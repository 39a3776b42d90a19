/** ECS container without a read-only root filesystem. */
import { defineCheck } from '../../define.js';
import { isFalse } from '../../../model/value.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf } from '../../shared/examples.js';

export const ecsReadOnlyRoot = defineCheck({
  id: 'BW-IAC-1103', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS container root filesystem is writable',
  trivy: null, checkov: ['CKV_AWS_336'],
  rationale: 'A writable root filesystem lets an intruder modify binaries and drop tools that persist for the life of the task.',
  remediation: 'Set `readonlyRootFilesystem: true` and mount writable paths as volumes.',
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5'],
  evaluate: (s) => eachContainer(s, (c) => (isFalse(c.readonlyRootFilesystem) ? { message: 'root filesystem is writable', loc: c.readonlyRootFilesystem.loc } : undefined)),
  examples: {
    fail: [ecsTf('essential = true'), ecsTf('readonlyRootFilesystem = false')],
    pass: [ecsTf('readonlyRootFilesystem = true')],
    unknown: [ecsTf('readonlyRootFilesystem = var.ro', '', 'variable "ro" {\n  type = bool\n}\n')],
  },
});
