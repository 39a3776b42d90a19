/**
 * ECS settings beyond privileged/root/host namespaces: ECS Exec (enabled, logged, encrypted), the task network mode,
 * dropped capabilities, host devices and unpinned images. ECS Exec defaults are read as AWS documents them:
 * without `execute_command_configuration` sessions are logged the DEFAULT way (the task's awslogs configuration).
 */
import { defineCheck, failure } from '../../define.js';
import { isTrue, isOneOf, valueOf } from '../../../model/value.js';
import { eachContainer } from '../../shared/ecs.js';
import { ecsTf, tf } from '../../shared/examples.js';
import { unpinnedImage } from '../../shared/images.js';

const EXEC_DOCS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html';
const cluster = (config: string) => tf(`resource "aws_ecs_cluster" "main" {\n  name = "main"\n  configuration {\n    execute_command_configuration {\n${config}    }\n  }\n}`);

export const ecsExecNotLogged = defineCheck({
  id: 'BW-IAC-1117', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS Exec sessions are not logged',
  trivy: null, checkov: ['CKV_AWS_223'],
  rationale: 'ECS Exec opens an interactive shell in running tasks. With logging set to NONE, nothing records who ran which commands in production containers.',
  remediation: 'Set `execute_command_configuration { logging = "DEFAULT" }` (the task\'s awslogs group) or `"OVERRIDE"` with `log_configuration` pointing at CloudWatch Logs or S3.',
  references: [EXEC_DOCS],
  evaluate: (s) => s.aws.ecs.clusters.filter((c) => isOneOf(c.execLogging, 'NONE'))
    .map((c) => failure(c.meta, `cluster ${c.meta.address} does not log ECS Exec sessions (logging = NONE)`, c.execLogging.loc)),
  examples: {
    fail: [cluster('      logging = "NONE"\n')],
    pass: [cluster('      logging = "DEFAULT"\n'), tf('resource "aws_ecs_cluster" "main" {\n  name = "main"\n}')],
    unknown: [{ 'main.tf': 'variable "logging" {}\n' + cluster('      logging = var.logging\n')['main.tf'] }],
  },
});

export const ecsExecNoKms = defineCheck({
  id: 'BW-IAC-1118', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS Exec sessions are not encrypted with a customer-managed key',
  trivy: null, checkov: ['CKV_AWS_224'],
  rationale: 'ECS Exec sessions carry shell input and output, secrets included. Without `kms_key_id` they are protected only by the TLS of the SSM channel, and the session data cannot be tied to a key whose use is logged and revocable.',
  remediation: 'Set `execute_command_configuration { kms_key_id = aws_kms_key.exec.arn }`.',
  references: [EXEC_DOCS],
  evaluate: (s) => s.aws.ecs.clusters.filter((c) => c.execConfigured && c.execKmsKey.known && !c.execKmsKey.value)
    .map((c) => failure(c.meta, `cluster ${c.meta.address} configures ECS Exec without a KMS key`, c.execKmsKey.loc)),
  examples: {
    fail: [cluster('      logging = "DEFAULT"\n')],
    pass: [cluster('      kms_key_id = aws_kms_key.exec.arn\n      logging    = "DEFAULT"\n')],
    unknown: [{ 'main.tf': 'variable "key" {}\n' + cluster('      kms_key_id = var.key\n')['main.tf'] }],
  },
});

export const ecsExecEnabled = defineCheck({
  id: 'BW-IAC-1119', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS service allows ECS Exec into its tasks',
  trivy: null, checkov: [],
  rationale: 'ECS Exec gives anyone with `ecs:ExecuteCommand` an interactive shell in the service\'s running containers, outside any deployment pipeline; an attacker with that permission reads the task\'s secrets and credentials from inside.',
  remediation: 'Set `enable_execute_command = false` on production services; enable it temporarily for debugging, with logging and a scoped `ecs:ExecuteCommand` permission.',
  references: [EXEC_DOCS],
  evaluate: (s) => s.aws.ecs.services.filter((svc) => isTrue(svc.enableExecuteCommand))
    .map((svc) => failure(svc.meta, `service ${svc.meta.address} enables ECS Exec`, svc.enableExecuteCommand.loc)),
  examples: {
    fail: [tf('resource "aws_ecs_service" "web" {\n  name                   = "web"\n  enable_execute_command = true\n}')],
    pass: [tf('resource "aws_ecs_service" "web" {\n  name = "web"\n}')],
    unknown: [tf('variable "exec" {}\nresource "aws_ecs_service" "web" {\n  name                   = "web"\n  enable_execute_command = var.exec\n}')],
  },
});

export const ecsBridgeNetwork = defineCheck({
  id: 'BW-IAC-1120', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS task uses bridge networking instead of awsvpc',
  trivy: null, checkov: [],
  rationale: 'In bridge mode (the default on EC2 when `network_mode` is not set) tasks share the instance\'s network interface: security groups apply to the instance, not the task, and containers reach the instance metadata service and with it the container instance role.',
  remediation: 'Set `network_mode = "awsvpc"` so each task gets its own ENI and security group; on EC2, also block IMDS from tasks (`ECS_AWSVPC_BLOCK_IMDS=true`).',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/networking-networkmode.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html#task-iam-role-considerations'],
  evaluate: (s) => s.aws.ecs.taskDefinitions.filter((td) => td.networkMode.known && (td.networkMode.value === undefined || td.networkMode.value === 'bridge'))
    .map((td) => failure(td.meta, `task definition ${td.meta.address} uses bridge networking${td.networkMode.explicit ? '' : ' (network_mode not set)'}`, td.networkMode.loc)),
  examples: {
    fail: [ecsTf('', 'network_mode = "bridge"'), ecsTf('')],
    pass: [ecsTf('', 'network_mode = "awsvpc"')],
    unknown: [ecsTf('', 'network_mode = var.mode', 'variable "mode" {}\n')],
  },
});

export const ecsCapDropAll = defineCheck({
  id: 'BW-IAC-1121', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS container does not drop all capabilities',
  trivy: null, checkov: [],
  rationale: 'Docker keeps 14 capabilities by default (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID…); most services need none, and each is a step in known container escapes and in ARP/DNS spoofing (NET_RAW).',
  remediation: 'Add `linuxParameters.capabilities.drop = ["ALL"]` and add back only what the process needs.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html'],
  evaluate: (s) => eachContainer(s, (c) => (c.capDrop.known && !c.capDrop.partial && !c.capDrop.value.some((x) => x.toUpperCase() === 'ALL')
    ? { message: 'does not drop all capabilities', loc: c.capDrop.loc } : undefined)),
  examples: {
    fail: [ecsTf('')],
    pass: [ecsTf('linuxParameters = { capabilities = { drop = ["ALL"] } }')],
    unknown: [ecsTf('linuxParameters = { capabilities = { drop = var.drop } }', '', 'variable "drop" {}\n')],
  },
});

export const ecsDevices = defineCheck({
  id: 'BW-IAC-1122', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS container maps host devices',
  trivy: null, checkov: [],
  rationale: 'A host device in the container (/dev/mem, a disk, /dev/kvm) is direct access to host hardware and, for block devices, to the host\'s file systems.',
  remediation: 'Remove `linuxParameters.devices`; where hardware access is the container\'s job, map the single device with `permissions = ["read"]` and document why.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Device.html'],
  evaluate: (s) => eachContainer(s, (c) => (c.devices.known && c.devices.value.length ? { message: `maps host devices ${c.devices.value.join(', ')}`, loc: c.devices.loc } : undefined)),
  examples: {
    fail: [ecsTf('linuxParameters = { devices = [{ hostPath = "/dev/sda", containerPath = "/dev/sda" }] }')],
    pass: [ecsTf('linuxParameters = { initProcessEnabled = true }')],
    unknown: [ecsTf('linuxParameters = { devices = var.devices }', '', 'variable "devices" {}\n')],
  },
});

export const ecsImageNotPinned = defineCheck({
  id: 'BW-IAC-1123', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS container image is not pinned to a version',
  trivy: null, checkov: [],
  rationale: 'An image without a tag, or with `latest`, changes under the same name: every new task may start whatever was pushed last, unreviewed and unscanned, and a rollback cannot name the previous version.',
  remediation: 'Name a version tag (`app:1.4.2`), better a digest (`app@sha256:…`), and make the ECR repository\'s tags immutable.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html#deployment-container-image-stability'],
  evaluate: (s) => eachContainer(s, (c) => {
    const img = valueOf(c.image);
    return img && unpinnedImage(img) ? { message: `uses ${img}, which is not pinned to a version`, loc: c.image.loc } : undefined;
  }),
  examples: {
    fail: [tf('resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = "nginx:latest" }])\n}'),
      tf('resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = "nginx" }])\n}')],
    pass: [ecsTf('')],
    unknown: [tf('variable "tag" {}\nresource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = "nginx:${var.tag}" }])\n}')],
  },
});

export const ecsEfsNoIam = defineCheck({
  id: 'BW-IAC-1124', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS task mounts EFS without IAM authorization',
  trivy: null, checkov: [],
  rationale: 'Without IAM authorization the EFS mount is authorized by network reachability alone: any task or instance that reaches the mount target can mount the file system, and file-system policies naming the task role are not applied.',
  remediation: 'Set `authorization_config { iam = "ENABLED" }` (with `transit_encryption = "ENABLED"`) and grant the task role elasticfilesystem:ClientMount in the file-system policy.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html'],
  evaluate: (s) => s.aws.ecs.taskDefinitions.flatMap((td) => td.volumes.filter((v) => isOneOf(v.efsIam, 'DISABLED'))
    .map((v) => failure(td.meta, `volume "${valueOf(v.name) ?? '?'}" mounts EFS without IAM authorization`, v.efsIam!.loc))),
  examples: {
    fail: [ecsTf('', 'volume {\n  name = "data"\n  efs_volume_configuration {\n    file_system_id     = "fs-12345678"\n    transit_encryption = "ENABLED"\n  }\n}')],
    pass: [ecsTf('', 'volume {\n  name = "data"\n  efs_volume_configuration {\n    file_system_id     = "fs-12345678"\n    transit_encryption = "ENABLED"\n    authorization_config {\n      iam = "ENABLED"\n    }\n  }\n}')],
    unknown: [ecsTf('', 'volume {\n  name = "data"\n  efs_volume_configuration {\n    file_system_id     = "fs-12345678"\n    transit_encryption = "ENABLED"\n    authorization_config {\n      iam = var.iam\n    }\n  }\n}', 'variable "iam" {}\n')],
  },
});

export const ecsUnconfinedSecurityOptions = defineCheck({
  id: 'BW-IAC-1125', provider: 'aws', service: 'ecs', severity: 'medium',
  title: 'ECS container disables AppArmor or SELinux confinement',
  trivy: null, checkov: [],
  rationale: '`dockerSecurityOptions` of `apparmor:unconfined` or `label:disable` remove the mandatory access control that stops a root process in the container from touching host files and other containers even after a breakout attempt.',
  remediation: 'Remove `apparmor:unconfined` / `label:disable` from `dockerSecurityOptions`; name a custom profile when the default is too strict.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html#ECS-Type-ContainerDefinition-dockerSecurityOptions'],
  evaluate: (s) => eachContainer(s, (c) => {
    const bad = c.dockerSecurityOptions.known ? c.dockerSecurityOptions.value.find((o) => /^(apparmor[:=]unconfined|label[:=]disable)$/i.test(o.trim())) : undefined;
    return bad ? { message: `sets ${bad}`, loc: c.dockerSecurityOptions.loc } : undefined;
  }),
  examples: {
    fail: [ecsTf('dockerSecurityOptions = ["apparmor:unconfined"]')],
    pass: [ecsTf('dockerSecurityOptions = ["no-new-privileges"]')],
    unknown: [ecsTf('dockerSecurityOptions = var.opts', '', 'variable "opts" {}\n')],
  },
});

export const ecsNoMemoryLimit = defineCheck({
  id: 'BW-IAC-1126', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS container has no memory limit',
  trivy: null, checkov: [],
  rationale: 'With neither a container `memory` limit nor a task-level `memory`, a container on an EC2 container instance can use all of the instance\'s memory: one leaking or attacked task starves every other task and the ECS agent.',
  remediation: 'Set `memory` on the container (hard limit) or on the task definition.',
  cis: 'CIS Docker Benchmark 1.3.1 5.10',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory'],
  evaluate: (s) => eachContainer(s, (c, td) => (td.memory.known && td.memory.value === undefined && c.memory.known && c.memory.value === undefined
    ? { message: 'has no memory limit (container or task)' } : undefined)),
  examples: {
    fail: [ecsTf('')],
    pass: [ecsTf('memory = 512'), ecsTf('', 'memory = "1024"')],
    unknown: [ecsTf('memory = var.mem', '', 'variable "mem" {}\n')],
  },
});
