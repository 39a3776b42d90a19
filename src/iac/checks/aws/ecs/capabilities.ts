/** ECS containers that add dangerous Linux capabilities, or have no log configuration. */
import { defineCheck } from '../../define.js';
import { isUnset } from '../../../model/value.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf } from '../../shared/examples.js';
import { dangerousCaps } from '../../shared/capabilities.js';

export const ecsDangerousCaps = defineCheck({
  id: 'BW-IAC-1115', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS container adds dangerous Linux capabilities',
  trivy: null, checkov: [],
  rationale: 'SYS_ADMIN, SYS_PTRACE, SYS_MODULE, NET_ADMIN, DAC_READ_SEARCH, BPF and ALL each open a known path from the container to the host kernel or other processes.',
  remediation: 'Remove the capability from `linuxParameters.capabilities.add`; drop ALL and add back only what the process needs.',
  references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html'],
  evaluate: (s) => eachContainer(s, (c) => {
    const bad = c.capAdd.known ? dangerousCaps(c.capAdd.value) : [];
    return bad.length ? { message: `adds ${bad.join(', ')}`, loc: c.capAdd.loc } : undefined;
  }),
  examples: {
    fail: [ecsTf('linuxParameters = { capabilities = { add = ["SYS_ADMIN"] } }')],
    pass: [ecsTf('linuxParameters = { capabilities = { add = ["NET_BIND_SERVICE"], drop = ["ALL"] } }')],
  },
});

export const ecsNoLogging = defineCheck({
  id: 'BW-IAC-1116', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS container has no log configuration',
  trivy: null, checkov: [],
  rationale: 'Without a log driver the container\'s output is lost with the task: nothing to investigate an incident with.',
  remediation: 'Set `logConfiguration` (for example `logDriver = "awslogs"` with a log group).',
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-9'],
  evaluate: (s) => eachContainer(s, (c) => (isUnset(c.logDriver) ? { message: 'has no log configuration' } : undefined)),
  examples: {
    fail: [ecsTf('essential = true')],
    pass: [ecsTf('logConfiguration = { logDriver = "awslogs", options = { awslogs-group = "/ecs/app" } }')],
    unknown: [ecsTf('logConfiguration = { logDriver = var.driver }', '', 'variable "driver" {}\n')],
  },
});
