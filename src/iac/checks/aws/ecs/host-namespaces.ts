/** ECS task definitions that share the host's network, PID or IPC namespace (one check each). */
import { defineCheck, failure, type IacCheck } from '../../define.js';
import type { EcsTaskDefinition } from '../../../model/aws/ecs.js';
import { isOneOf } from '../../../model/value.js';
import { ecsTf } from '../../shared/examples.js';

function hostMode(field: 'networkMode' | 'pidMode' | 'ipcMode', attr: string, word: string): Pick<IacCheck, 'evaluate' | 'examples'> {
  return {
    evaluate: (s) => s.aws.ecs.taskDefinitions.filter((td: EcsTaskDefinition) => isOneOf(td[field], 'host'))
      .map((td) => failure(td.meta, `task definition uses ${attr} = "host" (${word})`, td[field].loc)),
    examples: {
      fail: [ecsTf('essential = true', `${attr} = "host"`)],
      pass: [ecsTf('essential = true', attr === 'network_mode' ? 'network_mode = "awsvpc"' : `${attr} = "task"`)],
      unknown: [ecsTf('essential = true', `${attr} = var.mode`, 'variable "mode" {}\n')],
    },
  };
}

export const ecsHostNetwork = defineCheck({
  id: 'BW-IAC-1105', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS task uses the host network',
  trivy: null, checkov: [],
  rationale: 'In host network mode the containers share the instance\'s network stack: they can bind any port, reach services bound to localhost and the instance metadata endpoint, and bypass task-level security groups.',
  remediation: 'Use `network_mode = "awsvpc"` (task ENI with its own security group).',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#network_mode', 'https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-1'],
  ...hostMode('networkMode', 'network_mode', 'network namespace'),
});

export const ecsHostPid = defineCheck({
  id: 'BW-IAC-1106', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS task shares the host PID namespace',
  trivy: null, checkov: ['CKV_AWS_335'],
  rationale: 'With the host PID namespace the containers see every process on the instance and can signal or ptrace them (with the capabilities) and read their environment.',
  remediation: 'Remove `pid_mode = "host"` (or use `"task"` to share only within the task).',
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-3'],
  ...hostMode('pidMode', 'pid_mode', 'PID namespace'),
});

export const ecsHostIpc = defineCheck({
  id: 'BW-IAC-1107', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS task shares the host IPC namespace',
  trivy: null, checkov: [],
  rationale: 'With the host IPC namespace the containers can read and write shared memory segments and semaphores of processes on the instance.',
  remediation: 'Remove `ipc_mode = "host"` (use `"task"` to share only within the task).',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_definition_ipcmode'],
  ...hostMode('ipcMode', 'ipc_mode', 'IPC namespace'),
});
