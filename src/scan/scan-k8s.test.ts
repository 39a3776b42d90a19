/** scanK8s as a use-case: severity filtering in the scan layer (as image scans), and findings that keep their check group. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanK8s } from './scan-k8s.js';
import { K8S_CHECK_GROUPS } from '../core/index.js';

function manifests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-scan-k8s-'));
  writeFileSync(join(dir, 'app.yaml'), [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: "nginx:latest", securityContext: {privileged: true}}]',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nsubjects: [{kind: User, name: ops}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}',
  ].join('\n---\n'));
  return dir;
}

test('severities are applied by scanK8s itself, like runDetectors does for images', async () => {
  const dir = manifests();
  const all = await scanK8s({ paths: [dir] });
  assert.ok(new Set(all.misconfigurations.map((m) => m.severity)).size > 2);
  const crit = await scanK8s({ paths: [dir], severities: ['critical'] });
  assert.ok(crit.misconfigurations.length > 0);
  assert.deepEqual(crit.misconfigurations, all.misconfigurations.filter((m) => m.severity === 'critical'));
});

test('every finding carries the group of the check that produced it', async () => {
  const report = await scanK8s({ paths: [manifests()] });
  const groups = (prefix: string) => new Set(report.misconfigurations.filter((m) => m.id.startsWith(prefix)).map((m) => m.group));
  assert.deepEqual(groups('BW-K8S-00'), new Set(['pss']));
  assert.deepEqual(groups('BW-K8S-01'), new Set(['workload']));
  assert.deepEqual(groups('BW-K8S-02'), new Set(['network']));
  assert.deepEqual(groups('BW-K8S-03'), new Set(['rbac']));
  assert.ok(report.misconfigurations.every((m) => m.group && K8S_CHECK_GROUPS[m.group]));
});
