/** `scanIac` end to end on files on disk: findings with file and line, inline ignores, input errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanIac } from '../../src/scan/scan-iac.js';

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bw-iac-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('compose findings carry file, line, ids; bulwark and trivy-style ignores are honoured', async (t) => {
  const root = dir({
    'docker-compose.yml': [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    privileged: true',
      '    # bulwark:ignore:BW-IAC-5103',
      '    read_only: false',
      '  db:',
      '    image: postgres:16',
      '    read_only: true',
      '    environment:',
      '      POSTGRES_PASSWORD: hunter2',
      '',
    ].join('\n'),
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const report = await scanIac({ paths: [root] });
  const got = report.misconfigurations.map((f) => `${f.id} ${f.file!.split('/').pop()}:${f.line}`).sort();
  // 5112 (no cap_drop: [ALL]) and 5115 (no no-new-privileges) hold for both services, at the service's line.
  assert.deepEqual(got, [
    'BW-IAC-5101 docker-compose.yml:4', 'BW-IAC-5104 docker-compose.yml:11', 'BW-IAC-5112 docker-compose.yml:2', 'BW-IAC-5112 docker-compose.yml:7',
    'BW-IAC-5115 docker-compose.yml:2', 'BW-IAC-5115 docker-compose.yml:7',
    'BW-IAC-5119 docker-compose.yml:2', 'BW-IAC-5119 docker-compose.yml:7', 'BW-IAC-5120 docker-compose.yml:2', 'BW-IAC-5120 docker-compose.yml:7',
  ]);
  assert.equal(report.target.type, 'iac');
  assert.equal(report.suppressed?.length, 1);
  assert.match(report.suppressed![0].reason, /bulwark:ignore:BW-IAC-5103/);
  assert.equal(report.iac?.files.compose, 1);
});

test('a file that does not parse is an input error, the rest is still checked', async (t) => {
  const root = dir({ 'compose.yaml': 'services:\n  a:\n    image: x\n    privileged: true\n', 'bad/docker-compose.yml': 'services: [\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const report = await scanIac({ paths: [root] });
  assert.equal(report.misconfigurations.length >= 1, true);
  assert.equal(report.iac?.inputErrors?.length, 1);
  assert.match(report.iac!.inputErrors![0], /bad\/docker-compose\.yml/);
});

test('terraform plan JSON (after_unknown stays unknown) and an ECS task definition document', async (t) => {
  const plan = {
    format_version: '1.2', terraform_version: '1.9.0',
    planned_values: { root_module: { resources: [
      { address: 'aws_ecs_service.web', mode: 'managed', type: 'aws_ecs_service', name: 'web', values: { name: 'web', network_configuration: [{ assign_public_ip: true, subnets: ['s'] }] } },
      { address: 'aws_ecs_service.api', mode: 'managed', type: 'aws_ecs_service', name: 'api', values: { name: 'api', network_configuration: [{ subnets: ['s'] }] } },
    ] } },
    resource_changes: [{ address: 'aws_ecs_service.api', change: { after_unknown: { network_configuration: [{ assign_public_ip: true }] } } }],
  };
  const ecs = { family: 'app', containerDefinitions: [{ name: 'app', image: 'app:1', privileged: true, readonlyRootFilesystem: true, logConfiguration: { logDriver: 'awslogs' } }] };
  const root = dir({ 'plan.json': JSON.stringify(plan, null, 2), 'taskdef.json': JSON.stringify(ecs, null, 2) });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const report = await scanIac({ paths: [root] });
  const got = report.misconfigurations.map((f) => `${f.id} ${f.iac?.resource} ${f.iac?.source}`).sort();
  assert.deepEqual(got, ['BW-IAC-1101 app ecs', 'BW-IAC-1112 aws_ecs_service.web terraform-plan', 'BW-IAC-1120 app ecs', 'BW-IAC-1121 app ecs', 'BW-IAC-1126 app ecs']);
  assert.equal(report.iac?.unknownValues, 1);
});

test('terraform cloud resources (EKS, ECR, node IAM) through a local module: the cloud checks run with file and line; variables without values stay unknown; trivy/checkov ignores apply', async (t) => {
  const root = dir({
    'main.tf': [
      'variable "scan" {}',
      'module "registry" {',
      '  source = "./modules/registry"',
      '  scan   = var.scan',
      '}',
      '#trivy:ignore:AVD-AWS-0040',
      'resource "aws_eks_cluster" "main" {',
      '  name     = "prod"',
      '  role_arn = "arn:aws:iam::111122223333:role/eks"',
      '  #checkov:skip=CKV_AWS_58:secrets are encrypted by the platform team',
      '  vpc_config {',
      '    subnet_ids = ["subnet-1"]',
      '  }',
      '}',
      '',
    ].join('\n'),
    'modules/registry/main.tf': [
      'variable "scan" {}',
      'resource "aws_ecr_repository" "app" {',
      '  name                 = "app"',
      '  image_tag_mutability = "MUTABLE"',
      '  image_scanning_configuration {',
      '    scan_on_push = var.scan',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const report = await scanIac({ paths: [root] });
  const got = report.misconfigurations.map((f) => `${f.id} ${f.file!.split('/').slice(-2).join('/')}:${f.line}`);
  // Tag mutability fails at its attribute inside the module; scan on push is unknown (no value for var.scan) and so passes.
  assert.ok(got.includes('BW-IAC-1302 registry/main.tf:4'), got.join('\n'));
  assert.ok(!got.some((g) => g.startsWith('BW-IAC-1301 ')), 'unknown scan_on_push must not be reported');
  // The cluster's other failures are still reported; the two ignored ones are suppressed with their comments.
  assert.ok(got.some((g) => g.startsWith('BW-IAC-1204 ') && g.endsWith('/main.tf:7')), got.join('\n'));
  assert.ok(!got.some((g) => g.startsWith('BW-IAC-1201 ') || g.startsWith('BW-IAC-1203 ')), got.join('\n'));
  const reasons = (report.suppressed ?? []).map((s) => s.reason).join('\n');
  assert.match(reasons, /trivy:ignore:AVD-AWS-0040/);
  assert.match(reasons, /checkov:skip=CKV_AWS_58/);
});
