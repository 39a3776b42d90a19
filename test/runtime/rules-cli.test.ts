import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuntimeRules, startRuntimeWatch } from '../../src/scan/runtime.js';
import { silentLogger } from '../../src/core/index.js';

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

test('watch use-case: falco-json from a file through the engine to a JSON-lines file output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-rt-'));
  const input = join(dir, 'falco.jsonl');
  const out = join(dir, 'alerts.jsonl');
  writeFileSync(input, `${JSON.stringify({ time: '2026-12-06T10:00:00Z', output_fields: { 'evt.type': 'execve', 'proc.name': 'find', 'proc.cmdline': 'find / -name id_rsa', 'container.id': 'host' } })}\nnot json\n`);
  const running = await startRuntimeWatch({ rules: [], sources: ['falco-json'], input, outputs: [`file:${out}`], engine: {}, dedupWindowMs: 0, ratePerSec: 0, procIntervalMs: 100, logger: silentLogger, stdout: process.stdout });
  await running.inputsDone;
  await running.stop();
  const alerts = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rule: string; source: string; priority: string });
  assert.deepEqual(alerts.map((a) => a.rule), ['Search Private Keys or Passwords']);
  assert.deepEqual(running.sources.map((s) => [s.stats.events, s.stats.lost]), [[1, 1]]);
});
