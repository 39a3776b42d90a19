/** Namespace pod-security labels pick the level and pinned version when --pss is not given. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../loader/parse-manifests.js';
import { pssCheck } from '../checks/pss.js';
import { createEngine, evaluate } from '../policy/engine.js';

function run(labels: string, pss?: 'baseline' | 'restricted') {
  const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns, labels: {${labels}}}\n---\n`
    + 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 0, seccompProfile: {type: RuntimeDefault}}\n'
    + '  containers: [{name: c, image: x, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, procMount: Unmasked}}]\n';
  const r = evaluate(createEngine([pssCheck]), parseManifests(text, 'n.yaml').objects, { pssLevel: pss });
  return r.findings.map((f) => `${f.finding.pss?.control}`).sort();
}

test('enforce-version pins the rules: runAsUser exists from v1.23', () => {
  assert.deepEqual(run('pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.22'), ['/proc Mount Type']);
  assert.deepEqual(run('pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: v1.23'), ['/proc Mount Type', 'Running as Non-root user']);
});

test('the strictest of enforce/audit/warn applies; privileged means no findings; --pss overrides labels', () => {
  assert.deepEqual(run('pod-security.kubernetes.io/enforce: privileged'), []);
  assert.deepEqual(run('pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/warn: baseline'), ['/proc Mount Type']);
  assert.deepEqual(run('pod-security.kubernetes.io/enforce: privileged', 'restricted'), ['/proc Mount Type', 'Running as Non-root user']);
  assert.deepEqual(run('team: a'), ['/proc Mount Type', 'Running as Non-root user'], 'no labels: restricted at latest');
});
