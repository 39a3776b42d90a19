/** Label selectors (matchLabels + matchExpressions) and the network exposure checks on small object sets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../loader/parse-manifests.js';
import { builtinChecks } from '../checks/registry.js';
import { createEngine, evaluate } from '../policy/engine.js';
import { matchesSelector } from './selector.js';

test('matchLabels and every matchExpressions operator', () => {
  const l = { app: 'web', tier: 'front' };
  assert.equal(matchesSelector({}, l), true, 'empty selects all');
  assert.equal(matchesSelector(undefined, l), false, 'missing selects nothing');
  assert.equal(matchesSelector({ matchLabels: { app: 'web' } }, l), true);
  assert.equal(matchesSelector({ matchLabels: { app: 'web', tier: 'back' } }, l), false);
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'x'] }] }, l), true);
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] }, l), false);
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, l), true);
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, l), true, 'NotIn matches an absent key');
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, l), true);
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, l), false);
  assert.equal(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, l), false, 'requirements are ANDed');
  assert.equal(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, l), false);
});

const NETWORK = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {metadata: {labels: {app: web, env: prod}}, spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch, namespace: a}
spec: {template: {metadata: {labels: {app: batch}}, spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prod-only, namespace: a}
spec:
  podSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}
  ingress: [{from: [{ipBlock: {cidr: "::/0"}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: b}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: b}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: b}
spec: {externalIPs: [1.2.3.4], ports: [{port: 80}]}
`;

test('coverage: pods selected by no policy, default-deny per namespace, ::/0 ingress, externalIPs', () => {
  const objs = parseManifests(NETWORK, 'n.yaml').objects;
  const r = evaluate(createEngine(builtinChecks), objs, { skip: ['pss', 'workload', 'rbac', 'cis'] });
  const got = r.findings.map((f) => `${f.finding.id} ${f.finding.resource?.namespace ?? ''}/${f.finding.resource?.name}`).sort();
  assert.deepEqual(got, [
    'BW-K8S-0201 /a', 'BW-K8S-0202 /a', 'BW-K8S-0202 /b', 'BW-K8S-0203 a/batch', 'BW-K8S-0204 a/prod-only', 'BW-K8S-0205 b/ext',
  ]);
});
