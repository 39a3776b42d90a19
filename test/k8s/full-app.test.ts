/**
 * End to end on a realistic app (test/k8s/testdata/full-app): the findings must equal the reviewed golden list
 * (id, resource, field, line). Regenerate with UPDATE_GOLDEN=1 after checking the diff by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { scanK8s } from '../../src/scan/scan-k8s.js';
import { writerFor } from '../../src/reports/index.js';

/** What `bulwark k8s -f <format>` writes (the shared report registry). */
async function formatK8sReport(report: Parameters<Awaited<ReturnType<typeof writerFor>>>[0], format: string, color: boolean): Promise<string> {
  return String((await writerFor(format))(report, { color }));
}

const DIR = fileURLToPath(new URL('./testdata/full-app', import.meta.url));
const GOLDEN = fileURLToPath(new URL('./testdata/full-app.expected.json', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function key(m: { id: string; severity: string; resource?: { kind: string; namespace?: string; name: string }; field?: string; line?: number; file?: string }) {
  return `${m.id} ${m.severity} ${m.resource?.kind}/${m.resource?.namespace ?? ''}/${m.resource?.name} ${m.field ?? '-'} ${m.file?.replace(/^.*full-app\//, '')}:${m.line}`;
}

test('full app: findings equal the golden list', async () => {
  const report = await scanK8s({ paths: [DIR] });
  const got = report.misconfigurations.map(key).sort();
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(got, null, 2)}\n`);
  const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as string[];
  assert.deepEqual(got, want);
  assert.deepEqual(report.warnings, []);
  assert.ok(report.kubernetes!.checks.every((c) => c.status === 'evaluated'));
  const perms = report.kubernetes!.effectivePermissions!;
  const sre = perms.find((p) => p.subject.name === 'sre')!;
  assert.deepEqual(sre.rules.map((r) => r.resources), [['nodes/proxy']], 'aggregated ClusterRole resolved');
  // The inline secret value never reaches the report.
  assert.ok(!JSON.stringify(report).includes('hunter2'));
});


test('report formats: sarif and policy-report (in-process, the writers the CLI uses)', async () => {
  const report = await scanK8s({ paths: [DIR] });
  const sarif = JSON.parse(await formatK8sReport(report, 'sarif', false));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results.length, report.misconfigurations.length);
  assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'BW-K8S-0302'));
  const pr = parseAllDocuments(await formatK8sReport(report, 'policy-report', false)).map((d) => d.toJS());
  assert.deepEqual(pr.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}`), ['ClusterPolicyReport/', 'PolicyReport/shop', 'PolicyReport/tools']);
  assert.ok(pr.every((d) => d.apiVersion === 'wgpolicyk8s.io/v1alpha2' && d.summary.fail === d.results.length));
  assert.equal(pr.reduce((n, d) => n + d.results.length, 0), report.misconfigurations.length);
  const table = await formatK8sReport(report, 'table', false);
  assert.match(table, new RegExp(`Misconfigurations \\(${report.misconfigurations.length}\\)`));
  assert.match(table, /CRITICAL +BW-K8S-0302 +cluster-admin/);
  assert.match(table, /StatefulSet shop\/postgres {2}\(.*workloads.yaml\)/);
  assert.match(table, / 91 +spec.template.spec.volumes\[0\].hostPath.path: volume "sock" mounts host path \/var\/run\/docker.sock/);
});

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'k8s', ...args], { encoding: 'utf8', input });
}

test('CLI: --severity with --exit-code, stdin with --pss, usage errors exit 2', () => {
  const crit = cli([DIR, '--severity', 'critical', '--exit-code', '3', '-f', 'json']);
  assert.equal(crit.status, 3, crit.stderr);
  const report = JSON.parse(crit.stdout);
  assert.deepEqual([...new Set(report.misconfigurations.map((m: { severity: string }) => m.severity))], ['critical']);
  assert.equal(report.target.type, 'kubernetes');

  const piped = cli(['-', '-f', 'json', '--pss', 'baseline', '--skip-checks', 'network,rbac,cis'], readFileSync(`${DIR}/workloads.yaml`, 'utf8'));
  assert.equal(piped.status, 0, piped.stderr);
  const pj = JSON.parse(piped.stdout);
  assert.ok(pj.misconfigurations.length > 0 && pj.misconfigurations.every((m: { file: string }) => m.file === '<stdin>'));
  const pss = pj.misconfigurations.filter((m: { pss?: { level: string } }) => m.pss);
  assert.deepEqual([...new Set(pss.map((m: { pss: { level: string } }) => m.pss.level))], ['baseline']);

  const bad = cli([DIR, '--pss', 'strict']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown Pod Security level "strict"/);
});
