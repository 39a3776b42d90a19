import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuntimeRules } from '../../src/scan/runtime.js';

const CLI = join(import.meta.dirname, '../../src/cli/main.ts');

test('runtime rules -f json: per-file totals and, for each rule, compiled or what it lacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-rt-'));
  const mine = join(dir, 'mine.yaml');
  writeFileSync(mine, '- rule: Needs DNS\n  desc: d\n  condition: evt.type = connect and fd.sip.name = example.com\n  output: o\n  priority: NOTICE\n');
  const out = JSON.parse(listRuntimeRules(['default', mine], 'json')) as { summary: Array<{ file: string; compiled: number; rules: number }>; rules: Array<{ rule: string; compiled: boolean; lacks?: { kind: string; name: string } }> };
  const mineRule = out.rules.find((r) => r.rule === 'Needs DNS');
  assert.deepEqual(mineRule?.lacks && { kind: mineRule.lacks.kind, name: mineRule.lacks.name }, { kind: 'field', name: 'fd.sip.name' });
  assert.deepEqual(out.summary.find((s) => s.file === 'builtin:k8s_audit_rules.yaml'), { file: 'builtin:k8s_audit_rules.yaml', rules: 48, compiled: 48, percent: 100 });
});

test('runtime rules: a missing rules file is one line and exit 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'runtime', 'rules', '--rules', '/nonexistent/x.yaml'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bulwark: cannot read rules file \/nonexistent\/x\.yaml: ENOENT \[INPUT_NOT_FOUND\]\n$/);
});
