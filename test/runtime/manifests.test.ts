/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are free-form YAML read by path */
/**
 * `bulwark runtime manifests`: kubectl apply --dry-run=client accepts every object (offline, against the
 * discovery-only fake API server the admission tests use), the DaemonSet has the documented shape, and the
 * capability set it grants is enough for `runtime watch --source ebpf` on this kernel (run under setpriv
 * with exactly that bounding set).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubectlDryRun } from '../helpers/kubectl-dry-run.js';
import { probeEbpf } from '../../src/runtime/index.js';
import { runtimeManifestsYaml } from '../../src/scan/runtime.js';

const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
const bulwark = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
const hasTool = (t: string) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;

test('runtime manifests: kubectl apply --dry-run=client accepts them; hostPID, least privilege, read-only host paths, rules ConfigMap', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-rt-man-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mine = join(dir, 'my_rules.yaml');
  writeFileSync(mine, '- list: shell_binaries\n  items: [my-shell]\n  override:\n    items: append\n');
  const r = bulwark(['runtime', 'manifests', '--namespace', 'sec-rt', '--image', 'registry.example/bulwark:9.9', '--rules', mine]);
  assert.equal(r.status, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJSON() as any);
  assert.deepEqual(docs.map((d) => d.kind), ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet']);
  assert.ok(docs.filter((d) => d.kind !== 'ClusterRole' && d.kind !== 'ClusterRoleBinding' && d.kind !== 'Namespace').every((d) => d.metadata.namespace === 'sec-rt'));
  assert.equal(docs[0].metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
  assert.deepEqual(docs[2].rules, [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
  assert.deepEqual(Object.keys(docs[4].data), ['00-my_rules.yaml']);
  const ds = docs[5];
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];
  assert.equal(pod.hostPID, true);
  assert.equal(pod.hostNetwork, false);
  assert.equal(c.image, 'registry.example/bulwark:9.9');
  assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'], add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'SYS_ADMIN'] });
  assert.equal(c.securityContext.privileged, false);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.ok(c.volumeMounts.filter((m: any) => m.name !== 'tmp').every((m: any) => m.readOnly === true), 'every host path is read-only');
  assert.deepEqual(c.args.slice(c.args.indexOf('--rules')), ['--rules', 'default', '--rules', '/etc/bulwark/rules/00-my_rules.yaml']);
  assert.ok(c.env.some((e: any) => e.name === 'BULWARK_NODE_NAME' && e.valueFrom.fieldRef.fieldPath === 'spec.nodeName'));
  for (const cap of ['CAP_BPF', 'CAP_PERFMON', 'CAP_SYS_RESOURCE', 'CAP_SYS_PTRACE', 'CAP_DAC_READ_SEARCH', 'CAP_SYS_ADMIN', 'hostPID']) assert.match(r.stdout, new RegExp(`^# - ${cap}: `, 'm'), `why ${cap}`);
  const priv = parseAllDocuments(bulwark(['runtime', 'manifests', '--privileges', 'privileged']).stdout).map((d) => d.toJSON() as any).find((d) => d.kind === 'DaemonSet');
  assert.equal(priv.spec.template.spec.containers[0].securityContext.privileged, true);
  const bad = bulwark(['runtime', 'manifests', '--namespace', 'Bad_NS']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^bulwark: --namespace must be a DNS label/);
  writeFileSync(join(dir, 'broken.yaml'), 'rule: not a list\n');
  assert.equal(bulwark(['runtime', 'manifests', '--rules', join(dir, 'broken.yaml')]).status, 2, 'a rules file the sensor would refuse is refused here');
  assert.throws(() => runtimeManifestsYaml({ namespace: 'x', privileges: 'capabilities', rules: [join(dir, 'broken.yaml')] }), /a rules file is a YAML list/);

  writeFileSync(join(dir, 'm.yaml'), r.stdout);
  if (!hasTool('kubectl')) { t.skip('kubectl not installed'); return; }
  const out = await kubectlDryRun(join(dir, 'm.yaml'), dir);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.created, docs.length, out.stdout);
});

test('the DaemonSet\'s capability set is enough: runtime watch --source ebpf under exactly that bounding set alerts', { timeout: 180_000 }, async (t) => {
  if (process.getuid?.() !== 0) { t.skip('needs root (bpftrace)'); return; }
  const probe = probeEbpf();
  if (!probe.ok) { t.skip(`eBPF not usable here: ${probe.reason}`); return; }
  if (!hasTool('setpriv')) { t.skip('setpriv missing'); return; }
  const ds = parseAllDocuments(bulwark(['runtime', 'manifests']).stdout).map((d) => d.toJSON() as any).find((d) => d.kind === 'DaemonSet');
  const caps: string[] = ds.spec.template.spec.containers[0].securityContext.capabilities.add;
  const bounding = `-all,${caps.map((c) => `+${c.toLowerCase()}`).join(',')}`;
  const child = spawn('setpriv', ['--inh-caps=-all', '--bounding-set', bounding, '--no-new-privs', process.execPath, '--import', 'tsx', CLI,
    'runtime', 'watch', '--source', 'ebpf', '--output', 'json', '--dedup-window', '0', '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); if (/ready/.test(err)) resolve(); });
      child.on('exit', (code) => reject(new Error(`watch exited ${code}: ${err}`)));
    });
    assert.doesNotMatch(err, /falling back/, 'eBPF, not the /proc fallback');
    const file = `/etc/bulwark-manifest-caps-${process.pid}`;
    const deadline = Date.now() + 20_000;
    while (!out.includes(file) && Date.now() < deadline) {
      spawnSync('sh', ['-c', `touch ${file}; rm -f ${file}`]);
      await new Promise((r) => setTimeout(r, 500));
    }
    const alert = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string; output_fields: Record<string, unknown> }).find((a) => a.output_fields['fd.name'] === file);
    assert.equal(alert?.rule, 'Write below etc', `with only ${caps.join(', ')}: ${err}`);
  } finally {
    child.kill('SIGTERM');
  }
});
