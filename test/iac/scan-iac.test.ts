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
  assert.deepEqual(got, ['BW-IAC-5101 docker-compose.yml:4', 'BW-IAC-5104 docker-compose.yml:11']);
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
  assert.deepEqual(got, ['BW-IAC-1101 app ecs', 'BW-IAC-1112 aws_ecs_service.web terraform-plan']);
  assert.equal(report.iac?.unknownValues, 1);
});
