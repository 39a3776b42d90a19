/** `bulwark cloud` end to end on a recorded snapshot: report, exit codes, permissions, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudPermissionPolicy, scanCloud } from '../../src/scan/scan-cloud.js';
import { writeSnapshot } from './snapshot-writer.js';
import { DOCUMENTED_AWS } from './aws-documented.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const bulwark = (args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('cloud aws --from-snapshot: JSON findings with Trivy/Checkov ids, --exit-code gate, severity filter', async () => {
  const dir = writeSnapshot(mkdtempSync(join(tmpdir(), 'bulwark-cli-')), 'aws', { regions: ['us-east-1'] }, DOCUMENTED_AWS);
  try {
    const r = bulwark(['cloud', 'aws', '--from-snapshot', dir, '-f', 'json', '--exit-code', '4']);
    assert.equal(r.code, 4, r.err);
    const report = JSON.parse(r.out) as { target: { name: string }; misconfigurations: Array<{ id: string; iac: { trivy?: string; checkov?: string[]; source: string } }> };
    assert.match(report.target.name, /aws \(regions us-east-1, account 111122223333\)/);
    const eks = report.misconfigurations.find((m) => m.id === 'BW-IAC-1201');
    assert.equal(eks?.iac.trivy, 'AVD-AWS-0040');
    assert.deepEqual(eks?.iac.checkov, ['CKV_AWS_39']);
    assert.equal(eks?.iac.source, 'cloud');
    const critical = await scanCloud({ provider: 'aws', fromSnapshot: dir, severities: ['critical'] });
    assert.deepEqual(critical.misconfigurations.map((m) => m.id).sort(), ['BW-IAC-1202', 'BW-IAC-1402']);
    const skipped = await scanCloud({ provider: 'aws', fromSnapshot: dir, skip: ['aws:ecr', 'CKV_AWS_39'] });
    assert.ok(!skipped.misconfigurations.some((m) => m.id.startsWith('BW-IAC-13') || m.id === 'BW-IAC-1201'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cloud: --print-permissions is the exact read-only policy; bad input is one line and exit 2', () => {
  const policy = JSON.parse(bulwark(['cloud', 'aws', '--print-permissions']).out) as { Statement: Array<{ Action: string[] }> };
  assert.deepEqual(policy.Statement[0].Action, JSON.parse(cloudPermissionPolicy('aws')).Statement[0].Action);
  assert.ok(policy.Statement[0].Action.every((a) => /^(eks|ecr|iam):(List|Describe|Get)/.test(a)), 'read-only actions only');
  assert.match(bulwark(['cloud', 'gcp', '--print-permissions']).out, /container\.clusters\.list/);
  const bad = bulwark(['cloud', 'oracle']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown provider "oracle"/);
  const missing = bulwark(['cloud', 'aws', '--from-snapshot', join(tmpdir(), 'no-such-snapshot-dir')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /not a Bulwark cloud snapshot/);
  assert.doesNotMatch(missing.err, /at .*\.ts:\d+/, 'no stack trace');
});
