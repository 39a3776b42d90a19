/** ECS container that explicitly runs as root. */
import { defineCheck } from '../../define.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf } from '../../shared/examples.js';
import { isRootUser } from '../../shared/root-user.js';

export const ecsRootUser = defineCheck({
  id: 'BW-IAC-1102', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS container runs as root',
  trivy: null, checkov: [],
  rationale: 'UID 0 in the container keeps root over mounted volumes and any kernel or runtime escape. Without `user` the image\'s USER decides (the image scan checks it), so only an explicit root user fails here.',
  remediation: 'Set `user` to a non-zero UID (`"10001"` or `"10001:10001"`) in the container definition.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security'],
  evaluate: (s) => eachContainer(s, (c) => (isRootUser(c.user) ? { message: `runs as user ${c.user.known ? c.user.value : ''}`, loc: c.user.loc } : undefined)),
  examples: {
    fail: [ecsTf('user = "root"'), ecsTf('user = "0:0"')],
    pass: [ecsTf('user = "10001"'), ecsTf('essential = true')],
    unknown: [ecsTf('user = var.user', '', 'variable "user" {}\n')],
  },
});
