/**
 * `bulwark k8s` as a CI gate: a manifest that cannot be parsed (alias bomb, nesting too deep) was not checked, so
 * it must not exit 0 — exit 2 after reporting the other files, or the --exit-code value. Formats come from the
 * shared report registry (SBOM formats are refused for posture reports).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function k8s(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'k8s', ...args], { encoding: 'utf8' });
}

function inputs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-k8s-inputs-'));
  writeFileSync(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: shop}\nspec:\n  containers: [{name: c, image: "nginx:1.27", securityContext: {privileged: true}}]\n');
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  writeFileSync(join(dir, 'bomb.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${bomb.join('\n  ')}\n`);
  writeFileSync(join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
  return dir;
}

test('unparseable manifests: the rest is checked and reported, then exit 2 with one line naming what was not checked', () => {
  const dir = inputs();
  const r = k8s([dir, '-f', 'json', '--skip-checks', 'network,rbac']);
  assert.equal(r.status, 2, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.ok(report.misconfigurations.some((m: { id: string; resource: { name: string } }) => m.resource.name === 'ok'), 'good.yaml still checked');
  assert.equal(report.kubernetes.inputErrors.length, 2);
  assert.match(report.kubernetes.inputErrors.join('\n'), /bomb\.yaml: document 1 .*alias/i);
  assert.match(report.kubernetes.inputErrors.join('\n'), /deep\.yaml: document 1 .*nesting too deep/);
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  assert.match(last, /^bulwark: not checked: .*bomb\.yaml.*\(and 1 more\); the report covers the other inputs \[MALFORMED_DOCUMENT\]$/);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
});

test('unparseable manifests with --exit-code count as findings, even when nothing else is found', () => {
  const dir = inputs();
  assert.equal(k8s([dir, '-f', 'json', '--exit-code', '4']).status, 4);
  const none = k8s([dir, '-f', 'json', '--exit-code', '4', '--severity', 'low', '--skip-checks', 'pss,workload,network,rbac,cis']);
  assert.equal(JSON.parse(none.stdout).misconfigurations.length, 0);
  assert.equal(none.status, 4, none.stderr);
});

test('formats come from the shared registry: junit works, SBOM formats are refused before scanning', () => {
  const dir = inputs();
  const junit = k8s([join(dir, 'good.yaml'), '-f', 'junit']);
  assert.equal(junit.status, 0, junit.stderr);
  assert.match(junit.stdout, /<testsuites/);
  const sbom = k8s([join(dir, 'good.yaml'), '-f', 'cyclonedx']);
  assert.equal(sbom.status, 2);
  assert.match(sbom.stderr, /^bulwark: format "cyclonedx" does not apply to kubernetes scans \(choose from json, table, sarif, junit, html, policy-report\) \[USAGE\]$/m);
});
