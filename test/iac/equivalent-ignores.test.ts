/**
 * Inline ignores written for Trivy and Checkov suppress Bulwark findings through the equivalents recorded on the
 * checks (`trivy` / `checkov` fields), so a team switching tools keeps its triage. Uses ids recorded after checking
 * trivy-checks and Checkov sources: CKV_AWS_223 (ECS Exec logging), CKV_AWS_341 (launch template hop limit) and
 * AVD-AWS-0057 (wildcard actions, here `*` on a node role).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanIac } from '../../src/scan/scan-iac.js';
import { NODE_ROLE_TF, inlinePolicy } from '../../src/iac/checks/shared/node-roles.js';

/** The same configuration with or without the foreign ignore comments (a comment line is dropped when `ignores` is false). */
function config(ignores: boolean): string {
  const lines = [
    'resource "aws_ecs_cluster" "main" {',
    '  name = "main"',
    '  #checkov:skip=CKV_AWS_223:exec sessions are recorded by the bastion',
    '  configuration {',
    '    execute_command_configuration {',
    '      logging = "NONE"',
    '    }',
    '  }',
    '}',
    '',
    'resource "aws_launch_template" "nodes" {',
    '  name = "eks-nodes"',
    '  # checkov:skip=CKV_AWS_341:the node-local DNS cache runs with hostNetwork',
    '  metadata_options {',
    '    http_tokens                 = "required"',
    '    http_put_response_hop_limit = 2',
    '  }',
    '}',
    '',
    '#trivy:ignore:AVD-AWS-0057',
    'resource "aws_iam_role" "node" {',
    '  name               = "eks-node"',
    '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '}',
    '',
    'resource "aws_iam_role_policy_attachment" "admin" {',
    '  role       = aws_iam_role.node.name',
    '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
    '}',
    '',
    'resource "aws_eks_node_group" "workers" {',
    '  cluster_name  = "prod"',
    '  node_role_arn = aws_iam_role.node.arn',
    '  subnet_ids    = ["subnet-0a1b2c3d"]',
    '  launch_template {',
    '    id      = aws_launch_template.nodes.id',
    '    version = aws_launch_template.nodes.latest_version',
    '  }',
    '  scaling_config {',
    '    desired_size = 2',
    '    max_size     = 3',
    '    min_size     = 1',
    '  }',
    '}',
    '',
  ];
  return lines.filter((l) => ignores || !/(checkov:skip|trivy:ignore)/.test(l)).join('\n');
}

async function scan(mainTf: string, t: { after(fn: () => void): void }) {
  const root = mkdtempSync(join(tmpdir(), 'bw-iac-eq-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'main.tf'), mainTf);
  return scanIac({ paths: [root] });
}

test('#checkov:skip and #trivy:ignore with the recorded equivalent ids suppress the Bulwark findings they name', async (t) => {
  const ids = ['BW-IAC-1117', 'BW-IAC-1209', 'BW-IAC-1403'];
  const plain = (await scan(config(false), t)).misconfigurations.map((f) => f.id);
  for (const id of ids) assert.ok(plain.includes(id), `${id} must fail without the ignore comment: ${plain.join(', ')}`);

  const report = await scan(config(true), t);
  const got = report.misconfigurations.map((f) => f.id);
  for (const id of ids) assert.ok(!got.includes(id), `${id} must be suppressed: ${got.join(', ')}`);
  // Findings no comment names are still reported: AdministratorAccess also lets the node role modify IAM.
  assert.ok(got.includes('BW-IAC-1404'), got.join(', '));
  const reasons = (report.suppressed ?? []).map((s) => `${s.id} ${s.reason}`).join('\n');
  assert.match(reasons, /BW-IAC-1117 checkov:skip=CKV_AWS_223/);
  assert.match(reasons, /BW-IAC-1209 checkov:skip=CKV_AWS_341/);
  assert.match(reasons, /BW-IAC-1403 trivy:ignore:AVD-AWS-0057/);
});

test('a #checkov:skip inside the policy resource Checkov reports (not the node role) suppresses the node-role finding it names', async (t) => {
  // NODE_ROLE_TF: the role, its worker-policy attachment and a node group using it; the skip goes into the inline policy.
  const policy = (skip: boolean) => NODE_ROLE_TF(inlinePolicy('"*"'))
    .replace('resource "aws_iam_role_policy" "extra" {', (m) => (skip ? `${m}\n  #checkov:skip=CKV_AWS_62:break-glass role, reviewed quarterly` : m));
  assert.ok((await scan(policy(false), t)).misconfigurations.some((f) => f.id === 'BW-IAC-1403'));
  const report = await scan(policy(true), t);
  const got = report.misconfigurations.map((f) => f.id);
  assert.ok(!got.includes('BW-IAC-1403'), got.join(', '));
  assert.ok(got.includes('BW-IAC-1404'), 'a skip names one Checkov id; the other node-role findings stay');
  assert.match((report.suppressed ?? []).map((s) => `${s.id} ${s.reason}`).join('\n'), /BW-IAC-1403 checkov:skip=CKV_AWS_62:break-glass/);
});
