import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleset, RuleEngine, defaultRuleFiles, type AuditEvent } from '../../src/runtime/index.js';

const FIX = join(import.meta.dirname, 'fixtures/audit');
const engine = new RuleEngine(loadRuleset(defaultRuleFiles()), { hostname: 'node-1' });
const ev = (file: string): AuditEvent => ({ source: 'k8s_audit', type: 'k8s_audit', time: Date.now() * 1e6, audit: JSON.parse(readFileSync(join(FIX, file), 'utf8')), producer: 'test' });
const rules = (file: string): string[] => engine.evaluate(ev(file)).map((a) => a.rule).sort();

test('exec into a pod fires "Attach/Exec Pod" with the command', () => {
  const alerts = engine.evaluate(ev('exec-pod.json'));
  const a = alerts.find((x) => x.rule === 'Attach/Exec Pod');
  assert.ok(a, alerts.map((x) => x.rule).join(','));
  assert.equal(a.source, 'k8s_audit');
  assert.equal(a.output_fields['ka.uri.param[command]'], '/bin/sh');
  assert.match(a.output, /Notice Attach\/Exec to pod \(user=alice@example.com pod=web-7d9c6b5f4-x2k8p/);
});

test('creating a privileged, hostPID pod with a / hostPath fires the pod rules', () => {
  const got = rules('privileged-pod.json');
  for (const r of ['Create Privileged Pod', 'Create HostPid Pod', 'Create Sensitive Mount Pod', 'Disallowed K8s User']) assert.ok(got.includes(r), `${r} in ${got.join(', ')}`);
  assert.ok(!got.includes('Create HostNetwork Pod'));
});

test('binding cluster-admin fires "Attach to cluster-admin Role"', () => {
  const got = rules('cluster-admin-binding.json');
  assert.ok(got.includes('Attach to cluster-admin Role'), got.join(', '));
  assert.ok(got.includes('K8s ClusterRoleBinding Created'));
  const a = engine.evaluate(ev('cluster-admin-binding.json')).find((x) => x.rule === 'Attach to cluster-admin Role')!;
  assert.equal(a.output_fields['ka.req.binding.subjects'], '(default)');
});

test('reading a secret fires "K8s Secret Get Successfully" (and not the unsuccessful twin)', () => {
  const got = rules('get-secret.json');
  assert.ok(got.includes('K8s Secret Get Successfully'), got.join(', '));
  assert.ok(!got.includes('K8s Secret Get Unsuccessfully Tried'));
  const failed = ev('get-secret.json');
  failed.audit.responseStatus = { code: 403 };
  assert.ok(engine.evaluate(failed).some((a) => a.rule === 'K8s Secret Get Unsuccessfully Tried'));
});
