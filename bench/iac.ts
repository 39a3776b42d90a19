/**
 * IaC benchmark: 10,000 Terraform files shaped like real modules (terraform-aws-modules/ecs style: variables with
 * defaults, locals, count, for_each, dynamic blocks, jsonencode container definitions, a local service module called
 * from every root) → `scanIac` end to end with every check. Target (#18): < 10 s.
 * Usage: node --import tsx bench/iac.ts [files]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scanIac } from '../src/scan/scan-iac.js';

const FILES = Number(process.argv[2] ?? 10_000);
const PER_ROOT = 5;

const MODULE = {
  'variables.tf': `variable "name" {\n  type = string\n}\nvariable "image" {\n  type    = string\n  default = "registry.example.com/app:1.0.0"\n}\nvariable "privileged" {\n  type    = bool\n  default = false\n}\nvariable "env" {\n  type    = map(string)\n  default = {}\n}\nvariable "volumes" {\n  type    = list(string)\n  default = []\n}\n`,
  'main.tf': `locals {\n  environment = [for k, v in var.env : { name = k, value = v }]\n}\nresource "aws_ecs_task_definition" "this" {\n  family                = var.name\n  network_mode          = "awsvpc"\n  task_role_arn         = "arn:aws:iam::111122223333:role/\${var.name}"\n  execution_role_arn    = "arn:aws:iam::111122223333:role/\${var.name}-exec"\n  container_definitions = jsonencode([\n    {\n      name                   = var.name\n      image                  = var.image\n      privileged             = var.privileged\n      readonlyRootFilesystem = true\n      environment            = local.environment\n      logConfiguration       = { logDriver = "awslogs" }\n    }\n  ])\n  dynamic "volume" {\n    for_each = var.volumes\n    content {\n      name      = volume.value\n      host_path = "/data/\${volume.value}"\n    }\n  }\n}\nresource "aws_ecs_service" "this" {\n  name            = var.name\n  task_definition = aws_ecs_task_definition.this.arn\n  launch_type     = "FARGATE"\n  network_configuration {\n    subnets          = ["subnet-1", "subnet-2"]\n    assign_public_ip = false\n  }\n}\n`,
  'outputs.tf': `output "arn" {\n  value = aws_ecs_task_definition.this.arn\n}\n`,
};

function root(i: number): Record<string, string> {
  return {
    'versions.tf': `terraform {\n  required_version = ">= 1.5"\n  backend "s3" {\n    bucket  = "state-${i}"\n    key     = "svc/terraform.tfstate"\n    region  = "eu-west-1"\n    encrypt = true\n  }\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\nprovider "aws" {\n  region = var.region\n}\n`,
    'variables.tf': `variable "region" {\n  default = "eu-west-1"\n}\nvariable "replicas" {\n  default = ${1 + (i % 3)}\n}\nvariable "debug" {\n  default = ${i % 13 === 0}\n}\n`,
    'main.tf': `locals {\n  services = {\n    api    = { image = "registry.example.com/api:${i % 7}.0", privileged = ${i % 17 === 0} }\n    worker = { image = "registry.example.com/worker:1.${i % 5}", privileged = false }\n  }\n}\nmodule "svc" {\n  source     = "../../modules/service"\n  for_each   = local.services\n  name       = "\${each.key}-${i}"\n  image      = each.value.image\n  privileged = each.value.privileged\n  env        = { LOG_LEVEL = "info", ${i % 11 === 0 ? 'API_TOKEN = "not-a-real-token"' : 'REGION = var.region'} }\n  volumes    = var.debug ? ["scratch"] : []\n}\n`,
    'cluster.tf': `resource "aws_ecs_cluster" "this" {\n  count = var.replicas > 0 ? 1 : 0\n  name  = "cluster-${i}"\n  setting {\n    name  = "containerInsights"\n    value = "${i % 4 === 0 ? 'disabled' : 'enabled'}"\n  }\n}\n`,
    'outputs.tf': `output "services" {\n  value = { for k, m in module.svc : k => m.arn }\n}\n`,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'bw-iac-bench-'));
const roots = Math.floor((FILES - Object.keys(MODULE).length) / PER_ROOT);
mkdirSync(join(dir, 'modules', 'service'), { recursive: true });
for (const [n, t] of Object.entries(MODULE)) writeFileSync(join(dir, 'modules', 'service', n), t);
for (let i = 0; i < roots; i++) {
  const d = join(dir, 'stacks', `svc-${String(i).padStart(5, '0')}`);
  mkdirSync(d, { recursive: true });
  for (const [n, t] of Object.entries(root(i))) writeFileSync(join(d, n), t);
}
const files = roots * PER_ROOT + Object.keys(MODULE).length;

let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const load = loadavg()[0];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await scanIac({ paths: [dir] });
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
rmSync(dir, { recursive: true, force: true });
console.log(`files: ${files} (${roots} root modules × ${PER_ROOT} + a ${Object.keys(MODULE).length}-file service module called twice per root)`);
console.log(`resources: ${report.iac?.resources}, findings: ${report.misconfigurations.length}, input errors: ${report.iac?.inputErrors?.length ?? 0}`);
console.log(`wall: ${(ms / 1000).toFixed(2)} s (${Math.round(files / (ms / 1000))} files/s), peak RSS ${Math.round(peak / 1048576)} MB, load average at start ${load.toFixed(2)}`);
// CPU of the whole process (worker threads included) during the scan: what the wall time would be on idle cores, at most.
console.log(`cpu: ${(cpu.user / 1e6).toFixed(2)} s user + ${(cpu.system / 1e6).toFixed(2)} s system, load average at end ${loadavg()[0].toFixed(2)}`);
console.log(`target < 10 s: ${ms < 10_000 ? 'met' : 'NOT met'}`);
