/** ECS container with `privileged: true`. */
import { defineCheck } from '../../define.js';
import { isTrue } from '../../../model/value.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf } from '../../shared/examples.js';

export const ecsPrivileged = defineCheck({
  id: 'BW-IAC-1101', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS container runs privileged',
  trivy: null, checkov: ['CKV_AWS_334'],
  rationale: 'A privileged container gets root on the container instance: all capabilities and host devices. (Fargate rejects privileged containers; EC2 launch type runs them.)',
  remediation: 'Remove `privileged: true` from the container definition; add only the Linux capabilities needed under `linuxParameters.capabilities.add`.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security', 'https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4'],
  evaluate: (s) => eachContainer(s, (c) => (isTrue(c.privileged) ? { message: 'runs privileged' } : undefined)),
  examples: {
    fail: [ecsTf('privileged = true')],
    pass: [ecsTf('privileged = false')],
    unknown: [ecsTf('privileged = var.privileged', '', 'variable "privileged" {}\n')],
  },
});
