/** ECS clusters and services: Container Insights, public IPs on tasks. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf, isTrue } from '../../../model/value.js';
import { tf } from '../../shared/examples.js';

export const ecsContainerInsights = defineCheck({
  id: 'BW-IAC-1111', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS cluster does not have Container Insights enabled',
  trivy: 'AVD-AWS-0034', checkov: ['CKV_AWS_65'],
  rationale: 'Without Container Insights there are no per-task CPU, memory and network metrics to spot a compromised task (cryptomining, exfiltration) or investigate an incident.',
  remediation: 'Add `setting { name = "containerInsights" value = "enabled" }` (or `"enhanced"`).',
  references: ['https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html'],
  evaluate: (s) => s.aws.ecs.clusters.filter((c) => c.containerInsights.known && c.containerInsights.value !== 'enabled' && c.containerInsights.value !== 'enhanced')
    .map((c) => failure(c.meta, `cluster ${c.meta.address} has Container Insights ${c.containerInsights.known && c.containerInsights.value ? `set to ${c.containerInsights.value}` : 'off'}`, c.containerInsights.loc)),
  examples: {
    fail: [tf('resource "aws_ecs_cluster" "main" {\n  name = "main"\n}'), tf('resource "aws_ecs_cluster" "main" {\n  name = "main"\n  setting {\n    name  = "containerInsights"\n    value = "disabled"\n  }\n}')],
    pass: [tf('resource "aws_ecs_cluster" "main" {\n  name = "main"\n  setting {\n    name  = "containerInsights"\n    value = "enabled"\n  }\n}')],
    unknown: [tf('variable "insights" {}\nresource "aws_ecs_cluster" "main" {\n  name = "main"\n  setting {\n    name  = "containerInsights"\n    value = var.insights\n  }\n}')],
  },
});

export const ecsPublicIp = defineCheck({
  id: 'BW-IAC-1112', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS service assigns public IP addresses to tasks',
  trivy: null, checkov: ['CKV_AWS_333'],
  rationale: 'Tasks with a public IP are reachable from the internet on every port their security group allows, bypassing the load balancer.',
  remediation: 'Set `assign_public_ip = false` and run tasks in private subnets behind a load balancer (egress through NAT or VPC endpoints).',
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-2'],
  evaluate: (s) => s.aws.ecs.services.filter((svc) => isTrue(svc.assignPublicIp))
    .map((svc) => failure(svc.meta, `service ${svc.meta.address} assigns public IPs`, svc.assignPublicIp.loc)),
  examples: {
    fail: [tf('resource "aws_ecs_service" "web" {\n  name = "web"\n  network_configuration {\n    subnets          = ["subnet-1"]\n    assign_public_ip = true\n  }\n}')],
    pass: [tf('resource "aws_ecs_service" "web" {\n  name = "web"\n  network_configuration {\n    subnets = ["subnet-1"]\n  }\n}')],
    unknown: [tf('variable "public" {}\nresource "aws_ecs_service" "web" {\n  name = "web"\n  network_configuration {\n    subnets          = ["subnet-1"]\n    assign_public_ip = var.public\n  }\n}')],
  },
});

export const ecsSameRoles = defineCheck({
  id: 'BW-IAC-1113', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS task role and execution role are the same',
  trivy: null, checkov: ['CKV_AWS_249'],
  rationale: 'The execution role (pull images, read secrets for the agent) and the task role (what the application may call) serve different principals; one role for both gives the application the agent\'s secret-reading rights.',
  remediation: 'Use separate roles for `execution_role_arn` and `task_role_arn`.',
  evaluate: (s) => s.aws.ecs.taskDefinitions.filter((td) => td.taskRoleArn.known && td.executionRoleArn.known && td.taskRoleArn.value !== undefined && td.taskRoleArn.value === td.executionRoleArn.value)
    .map((td) => failure(td.meta, 'task_role_arn equals execution_role_arn', td.taskRoleArn.loc)),
  examples: {
    fail: [tf('resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  task_role_arn         = "arn:aws:iam::111122223333:role/app"\n  execution_role_arn    = "arn:aws:iam::111122223333:role/app"\n  container_definitions = "[]"\n}')],
    pass: [tf('resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  task_role_arn         = "arn:aws:iam::111122223333:role/app"\n  execution_role_arn    = "arn:aws:iam::111122223333:role/app-exec"\n  container_definitions = "[]"\n}')],
    unknown: [tf('resource "aws_iam_role" "r" {\n  name = "r"\n}\nresource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  task_role_arn         = aws_iam_role.r.arn\n  execution_role_arn    = aws_iam_role.r.arn\n  container_definitions = "[]"\n}')],
  },
});

export const ecsFargateLatest = defineCheck({
  id: 'BW-IAC-1114', provider: 'aws', service: 'ecs', severity: 'low',
  title: 'ECS Fargate service pins an old platform version',
  trivy: null, checkov: ['CKV_AWS_332'],
  rationale: 'Fargate platform versions carry the kernel and runtime; a pinned version stops receiving the security patches of newer ones.',
  remediation: 'Remove `platform_version` or set it to `"LATEST"`.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html'],
  evaluate: (s) => s.aws.ecs.services.filter((svc) => isOneOf(svc.launchType, 'FARGATE') && svc.platformVersion.known && svc.platformVersion.value !== undefined && svc.platformVersion.value !== 'LATEST')
    .map((svc) => failure(svc.meta, `service pins Fargate platform ${svc.platformVersion.known ? svc.platformVersion.value : ''}`, svc.platformVersion.loc)),
  examples: {
    fail: [tf('resource "aws_ecs_service" "web" {\n  name             = "web"\n  launch_type      = "FARGATE"\n  platform_version = "1.3.0"\n}')],
    pass: [tf('resource "aws_ecs_service" "web" {\n  name             = "web"\n  launch_type      = "FARGATE"\n  platform_version = "LATEST"\n}')],
  },
});
