/** RBAC effective permissions with ClusterRole aggregation (chained), subresource matching, and risk checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../loader/parse-manifests.js';
import { buildContext } from '../policy/context.js';
import { createEngine, evaluate } from '../policy/engine.js';
import { RBAC_CHECKS } from './checks.js';
import { effectivePermissions, ruleAllows } from './effective.js';

const RBAC = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: top}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {agg: top}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: middle, labels: {agg: top}}
aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: agg, operator: In, values: [middle]}]}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: leaf, labels: {agg: middle}}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: unrelated, labels: {agg: other}}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: team}
subjects: [{kind: ServiceAccount, name: app}, {kind: User, name: alice}]
roleRef: {kind: ClusterRole, name: top, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: sa-admin, namespace: team}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: sa-admin, namespace: team}
subjects: [{kind: Group, name: "system:serviceaccounts:team"}, {kind: Group, name: devs}]
roleRef: {kind: Role, name: sa-admin, apiGroup: rbac.authorization.k8s.io}
`;

test('aggregation is resolved through chains; RoleBinding scopes a ClusterRole to its namespace', () => {
  const objs = parseManifests(RBAC, 'r.yaml').objects;
  const { subjects } = effectivePermissions(buildContext(objs));
  const alice = subjects.find((s) => s.subject.name === 'alice')!;
  assert.equal(alice.grants.length, 1, 'leaf via middle via top; unrelated not aggregated');
  assert.deepEqual(alice.grants[0].rule.resources, ['secrets']);
  assert.equal(alice.grants[0].namespace, 'team');
  assert.match(alice.grants[0].via, /RoleBinding\/rb → ClusterRole\/top \(aggregated from ClusterRole\/leaf\)/);
  const sa = subjects.find((s) => s.subject.kind === 'ServiceAccount')!;
  assert.equal(sa.subject.namespace, 'team', 'service account namespace defaults to the binding namespace');
});

test('rule matching: wildcards and subresources', () => {
  const r = { verbs: ['get'], apiGroups: [''], resources: ['*/exec'], resourceNames: [], nonResourceURLs: [] };
  assert.equal(ruleAllows(r, 'get', '', 'pods/exec'), true);
  assert.equal(ruleAllows(r, 'get', '', 'pods'), false);
  assert.equal(ruleAllows({ ...r, resources: ['pods'] }, 'get', '', 'pods/exec'), false, 'pods does not include pods/exec');
  assert.equal(ruleAllows({ ...r, resources: ['*'], verbs: ['*'] }, 'create', '', 'pods/exec'), true);
  assert.equal(ruleAllows({ ...r, resources: ['*'] }, 'get', 'apps', 'deployments'), false, 'group must match');
});

test('risk checks explain who is bound; wildcard admin bound to a non-system group is critical', () => {
  const objs = parseManifests(RBAC, 'r.yaml').objects;
  const r = evaluate(createEngine(RBAC_CHECKS), objs);
  const got = r.findings.map((f) => `${f.finding.id} ${f.finding.resource?.name} ${f.finding.field ?? ''}`).sort();
  assert.deepEqual(got, [
    'BW-K8S-0301 sa-admin rules[0]', 'BW-K8S-0302 sa-admin subjects[1]', 'BW-K8S-0304 leaf rules[0]', 'BW-K8S-0305 unrelated rules[0]',
  ]);
  const leaf = r.findings.find((f) => f.finding.id === 'BW-K8S-0304')!;
  assert.match(leaf.finding.message, /bound to: ServiceAccount team\/app, User alice/);
  const unrelated = r.findings.find((f) => f.finding.id === 'BW-K8S-0305')!;
  assert.match(unrelated.finding.message, /bound to: nobody in the input/);
});
