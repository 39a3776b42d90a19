/** CloudFormation templates, YAML short tags and JSON long forms, evaluated onto the same checks as Terraform. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeFiles } from '../../src/iac/load/analyze.js';
import { runChecks } from '../../src/iac/engine/run.js';
import { iacChecks } from '../../src/iac/checks/registry.js';

async function scan(file: string, text: string): Promise<{ got: string[]; errors: string[]; notes: string[] }> {
  const a = await analyzeFiles(new Map([[file, text]]), { today: '2026-01-01' });
  const got = runChecks(a.state, iacChecks, a.ignores).findings.map((f) => `${f.id} ${f.file}:${f.line}`).sort();
  return { got, errors: a.errors, notes: a.notes };
}

test('YAML template: parameters, mappings, conditions, !If/!Sub/!GetAtt/!FindInMap and AWS::NoValue are evaluated; unknowns never fail', async () => {
  const text = readFileSync(new URL('./fixtures/cloudformation-eks.yaml', import.meta.url), 'utf8');
  const { got, errors, notes } = await scan('stack.yaml', text);
  assert.deepEqual(errors, []);
  assert.deepEqual(notes, []);
  assert.deepEqual(got, [
    'BW-IAC-1101 stack.yaml:81', // Privileged: true
    'BW-IAC-1103 stack.yaml:81',
    'BW-IAC-1104 stack.yaml:85', // DB_PASSWORD in Environment
    'BW-IAC-1116 stack.yaml:81',
    'BW-IAC-1120 stack.yaml:78', // no NetworkMode: bridge
    'BW-IAC-1121 stack.yaml:81', // no capabilities dropped
    'BW-IAC-1123 stack.yaml:82', // Image: nginx (no tag)
    'BW-IAC-1126 stack.yaml:81', // no Memory on the container or the task
    'BW-IAC-1213 stack.yaml:39',
    'BW-IAC-1214 stack.yaml:54', // Logging: controllerManager and scheduler not enabled
    'BW-IAC-1215 stack.yaml:54', // no OIDC provider in the stack
    'BW-IAC-1301 stack.yaml:27', // ScanOnPush: !Ref ScanOnPush (Default "false")
    'BW-IAC-1306 stack.yaml:24',
    'BW-IAC-1401 stack.yaml:67', // node role (joined through !GetAtt NodeRole.Arn) has ECR PowerUser
  ]);
  // Not reported: ImageTagMutability is a parameter without Default (unknown); KMS encryption from !If IsProd (true
  // through !Equals [!Ref Env, prod]); DevRepo's condition IsDev is false, so it is not created; the endpoint is
  // private through !FindInMap; secrets are encrypted with !GetAtt Key.Arn.
});

test('JSON template with Fn:: long forms, an unknown condition, and a Fn::Sub of a pseudo parameter stays unknown', async () => {
  const tpl = {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Public: { Type: 'String', AllowedValues: ['true', 'false'] } },
    Conditions: { MakePublic: { 'Fn::Equals': [{ Ref: 'Public' }, 'true'] } },
    Resources: {
      Repo: {
        Type: 'AWS::ECR::Repository',
        Properties: {
          RepositoryName: { 'Fn::Join': ['-', ['team', 'app']] },
          ImageTagMutability: 'MUTABLE',
          ImageScanningConfiguration: { ScanOnPush: { 'Fn::If': ['MakePublic', false, true] } },
          EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:eu-west-1:111122223333:key/k' } },
          LifecyclePolicy: { LifecyclePolicyText: '{"rules":[]}' },
        },
      },
      Cluster: {
        Type: 'AWS::EKS::Cluster',
        Properties: { Name: 'c', ResourcesVpcConfig: { SubnetIds: ['s'], EndpointPublicAccess: { 'Fn::If': ['MakePublic', true, false] } } },
      },
    },
  };
  const text = JSON.stringify(tpl, null, 2);
  const { got, errors } = await scan('stack.json', text);
  const mutabilityLine = text.slice(0, text.indexOf('"ImageTagMutability"')).split('\n').length;
  assert.deepEqual(errors, []);
  const ids = got.map((g) => g.split(' ')[0]);
  assert.ok(ids.includes('BW-IAC-1302'), got.join('\n')); // MUTABLE, literal
  assert.ok(!ids.includes('BW-IAC-1301'), 'ScanOnPush behind an unknown condition must not fail');
  assert.ok(!ids.includes('BW-IAC-1303'), 'a KMS key from Fn::Sub of AWS::Partition is unknown, not missing');
  assert.ok(!ids.includes('BW-IAC-1201'), 'public endpoint behind an unknown condition must not fail');
  assert.ok(ids.includes('BW-IAC-1203'), 'no EncryptionConfig at all is known');
  assert.ok(got.includes(`BW-IAC-1302 stack.json:${mutabilityLine}`), got.join('\n'));
});

test('checkov skip inside a CloudFormation resource is honoured', async () => {
  const text = [
    'Resources:',
    '  Repo:',
    '    Type: AWS::ECR::Repository',
    '    # checkov:skip=CKV_AWS_51:tags are moved by the release job',
    '    Properties:',
    '      ImageTagMutability: MUTABLE',
    '',
  ].join('\n');
  const { got } = await scan('t.yaml', text);
  assert.ok(!got.some((g) => g.startsWith('BW-IAC-1302')), got.join('\n'));
  assert.ok(got.some((g) => g.startsWith('BW-IAC-1301')), got.join('\n'));
});
