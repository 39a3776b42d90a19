/** CEL ValidatingAdmissionPolicies through the one engine: variables, params, match rules, bindings, decisions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../loader/parse-manifests.js';
import { builtinChecks } from '../checks/registry.js';
import { toK8sObject } from '../model/object.js';
import { createEngine, decide, evaluate, evaluateObject } from './engine.js';
import { compilePolicies } from './vap.js';

const POLICY = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
  annotations: {bulwark.dev/severity: high}
spec:
  failurePolicy: Fail
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
  matchConditions:
    - {name: not-exempt, expression: "!has(object.metadata.labels) || !('exempt' in object.metadata.labels)"}
  variables:
    - {name: maxReplicas, expression: "int(params.data.maxReplicas)"}
    - {name: images, expression: "object.spec.template.spec.containers.map(c, c.image)"}
  validations:
    - expression: "object.spec.replicas <= variables.maxReplicas"
      messageExpression: "'replicas ' + string(object.spec.replicas) + ' > ' + string(variables.maxReplicas) + ' in ' + request.namespace"
    - expression: "variables.images.all(i, !i.endsWith(':latest'))"
      message: no latest images
      reason: Invalid
    - expression: "namespaceObject.metadata.labels.team != ''"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replica-limit-prod}
spec:
  policyName: replica-limit
  validationActions: [Deny, Audit]
  paramRef: {name: limits, namespace: config}
  matchResources:
    namespaceSelector: {matchLabels: {env: prod}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: limits, namespace: config}
data: {maxReplicas: "3"}
`;

const OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod, team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {env: dev}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: big, namespace: prod}
spec: {replicas: 5, template: {spec: {containers: [{name: a, image: "nginx:latest"}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: small, namespace: prod}
spec: {replicas: 2, template: {spec: {containers: [{name: a, image: "nginx:1.27"}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: exempt, namespace: prod, labels: {exempt: "yes"}}
spec: {replicas: 50, template: {spec: {containers: [{name: a, image: "nginx:latest"}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: devbig, namespace: dev}
spec: {replicas: 9, template: {spec: {containers: [{name: a, image: "nginx:latest"}]}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts, namespace: prod}
spec: {replicas: 9, template: {spec: {containers: [{name: a, image: "nginx:latest"}]}}}
`;

function setup() {
  const policyObjs = parseManifests(POLICY, 'policy.yaml').objects;
  const policies = compilePolicies(policyObjs);
  const objs = [...parseManifests(OBJECTS, 'app.yaml').objects, ...policyObjs.filter((o) => o.kind === 'ConfigMap')];
  return { policies, objs };
}

test('VAP with params, variables, matchConditions, messageExpression and a namespace-selecting binding', () => {
  const { policies, objs } = setup();
  const r = evaluate(createEngine([], policies), objs);
  const got = r.findings.map((f) => `${f.finding.id} ${f.finding.resource?.name}: ${f.finding.message} [${f.actions.join(',')}] ${f.finding.severity}`);
  assert.deepEqual(got, [
    'VAP-replica-limit[0] big: replicas 5 > 3 in prod [deny,audit] high',
    'VAP-replica-limit[1] big: no latest images [deny,audit] high',
  ]);
});

test('the same engine decides one admission object: deny, and built-in checks warn', () => {
  const { policies, objs } = setup();
  const engine = createEngine(builtinChecks, policies, ['warn']);
  const big = objs.find((o) => o.metadata.name === 'big')!;
  const decision = decide(evaluateObject(engine, big, objs.filter((o) => o !== big), { pssLevel: 'baseline' }));
  assert.equal(decision.allowed, false);
  assert.equal(decision.denials.length, 2);
  assert.ok(decision.warnings.some((w) => w.startsWith('BW-K8S-0104')), 'latest tag from the built-in checks');
  const small = objs.find((o) => o.metadata.name === 'small')!;
  assert.equal(decide(evaluateObject(createEngine([], policies), small, objs)).allowed, true);
});

test('findings carry a stable fingerprint unless the engine is made without (the admission webhook), findings otherwise equal', () => {
  const { policies, objs } = setup();
  const big = objs.find((o) => o.metadata.name === 'big')!;
  const related = objs.filter((o) => o !== big);
  const withFp = evaluateObject(createEngine(builtinChecks, policies, ['warn']), big, related).findings;
  const again = evaluateObject(createEngine(builtinChecks, policies, ['warn']), big, related).findings;
  const without = evaluateObject(createEngine(builtinChecks, policies, ['warn'], { fingerprints: false }), big, related).findings;
  assert.ok(withFp.length > 2);
  assert.ok(withFp.every((f) => /^[0-9a-f]{32}$/.test(f.finding.fingerprint ?? '')));
  assert.deepEqual(again.map((f) => f.finding.fingerprint), withFp.map((f) => f.finding.fingerprint));
  assert.ok(without.every((f) => f.finding.fingerprint === undefined));
  assert.deepEqual(without.map((f) => f.finding), withFp.map(({ finding: { fingerprint: _, ...rest } }) => rest));
});

test('missing params with failurePolicy Fail is a finding, not a silent pass; bad CEL is POLICY_INVALID', () => {
  const { policies, objs } = setup();
  const noParams = objs.filter((o) => o.kind !== 'ConfigMap');
  const r = evaluate(createEngine([], policies), noParams);
  assert.ok(r.findings.some((f) => /params ConfigMap limits not found/.test(f.finding.message)));
  const bad = parseManifests('apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: b}\nspec:\n  validations: [{expression: "object.spec.(("}]\n', 'b.yaml').objects;
  assert.throws(() => compilePolicies(bad), (e: Error & { code?: string }) => e.code === 'POLICY_INVALID' && /invalid CEL expression/.test(e.message));
});

test('an unbound policy is evaluated with an implicit deny binding; oldObject and request are available', () => {
  const text = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: no-shrink}\nspec:\n  matchConstraints: {resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]}\n  validations:\n    - expression: "oldObject == null || object.spec.replicas >= oldObject.spec.replicas"\n      message: shrinking\n';
  const policies = compilePolicies(parseManifests(text, 'p.yaml').objects);
  const obj = toK8sObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1 } }, { file: '', doc: 0, prefix: '' });
  if (typeof obj === 'string') throw new Error(obj);
  const engine = createEngine([], policies);
  assert.equal(decide(evaluateObject(engine, obj)).allowed, true, 'CREATE: oldObject is null');
  const upd = decide(evaluateObject(engine, obj, [], {}, { operation: 'UPDATE', oldObject: { spec: { replicas: 3 } } }));
  assert.deepEqual(upd.denials, ['VAP-no-shrink[0]: shrinking']);
});

test('pod-template checks report a controller once, not its ReplicaSets and Pods (owner in the set)', () => {
  const tpl = '{metadata: {labels: {app: d}}, spec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}}';
  const text = [
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: n}\nspec: {template: ${tpl}}`,
    `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: d-1, namespace: n, ownerReferences: [{kind: Deployment, name: d, controller: true}]}\nspec: {template: ${tpl}}`,
    `apiVersion: v1\nkind: Pod\nmetadata: {name: d-1-a, namespace: n, ownerReferences: [{kind: ReplicaSet, name: d-1, controller: true}]}\nspec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}`,
    `apiVersion: v1\nkind: Pod\nmetadata: {name: orphan, namespace: n, ownerReferences: [{kind: ReplicaSet, name: gone, controller: true}]}\nspec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}`,
  ].join('\n---\n');
  const r = evaluate(createEngine(builtinChecks), parseManifests(text, 'o.yaml').objects, { skip: ['network', 'rbac', 'cis', 'workload'] });
  const privileged = r.findings.filter((f) => f.finding.id === 'BW-K8S-0003').map((f) => `${f.finding.resource?.kind}/${f.finding.resource?.name}`);
  assert.deepEqual(privileged, ['Deployment/d', 'Pod/orphan']);
});

test('each VAP variable an expression names is given, whichever expression names it (variables, matchConditions, messageExpression)', () => {
  const vap = (name: string, spec: string) => `---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: ${name}}\nspec:\n  matchConstraints: {resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]}\n${spec}`;
  const text = [
    vap('via-variable', '  variables: [{name: ns, expression: "request.namespace"}]\n  validations: [{expression: "variables.ns != \'blocked\'", message: blocked namespace}]\n'),
    vap('via-condition', '  matchConditions: [{name: team, expression: "namespaceObject.metadata.labels.team == \'shop\'"}]\n  validations: [{expression: "false", message: shop pods}]\n'),
    vap('via-message', '  validations: [{expression: "object.spec.replicas < 5", messageExpression: "\'was \' + string(oldObject.spec.replicas)"}]\n'),
  ].join('');
  const policies = compilePolicies(parseManifests(text, 'p.yaml').objects);
  const ns = toK8sObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'blocked', labels: { team: 'shop' } } }, { file: 'x', doc: 0, prefix: '' }) as never;
  const obj = toK8sObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'blocked' }, spec: { replicas: 7 } }, { file: 'x', doc: 0, prefix: '' }) as never;
  const result = evaluateObject(createEngine([], policies), obj, [ns], {}, {
    operation: 'UPDATE', oldObject: { spec: { replicas: 2 } }, request: { namespace: 'blocked', operation: 'UPDATE' },
  });
  const messages = result.findings.map((f) => `${f.finding.id}: ${f.finding.message}`).sort();
  assert.deepEqual(messages, ['VAP-via-condition[0]: shop pods', 'VAP-via-message[0]: was 2', 'VAP-via-variable[0]: blocked namespace']);
});
