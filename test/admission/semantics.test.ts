/* eslint-disable @typescript-eslint/no-explicit-any -- AdmissionReview JSON is free-form; tests read it by path */
/**
 * PodSecurity semantics as upstream's admission.go has them, plus Bulwark's checks and CEL policies with their
 * actions, all through real HTTPS: workloads warn/audit but are not denied, UPDATE short-circuits, exemptions,
 * PodSecurityConfiguration defaults, label errors, subresources, unknown kinds, malformed reviews, body limit,
 * dryRun, metrics and the decision log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goodPod, nsYaml, review, startWebhook, workload, type Webhook } from './helpers.js';

const PSS_CONFIG = `apiVersion: pod-security.admission.config.k8s.io/v1
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
  enforce-version: latest
  audit: restricted
  audit-version: v1.30
  warn: restricted
  warn-version: latest
exemptions:
  usernames: [system:serviceaccount:kube-system:replicaset-controller]
  runtimeClasses: [kata]
  namespaces: [legacy]
`;

const NAMESPACES = nsYaml({
  prod: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' },
  dev: { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'baseline' },
  open: { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' },
  broken: { 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/warn': 'nonsense' },
  legacy: { 'pod-security.kubernetes.io/enforce': 'restricted' },
});

const POLICY = `apiVersion: bulwark.dev/v1alpha1
kind: AdmissionPolicy
metadata: {name: test}
spec:
  checks:
    default: off
    rules:
      - {match: BW-K8S-0101, action: enforce}
      - {match: BW-K8S-0103, action: audit}
      - {match: BW-K8S-0111, action: dry-run}
  celPolicies:
    - {name: team-label-dry, action: dry-run}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: team-label}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]
  validations:
    - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
      message: pods need a team label
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: team-label}
spec:
  policyName: team-label
  validationActions: [Warn, Audit]
  matchResources:
    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: prod}}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: team-label-dry}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
    - expression: "object.metadata.name != 'forbidden-name'"
      message: that name is reserved
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: team-label-dry}
spec:
  policyName: team-label-dry
  validationActions: [Deny]
`;

let hook: Webhook;
test.before(async () => {
  hook = await startWebhook({ files: { pssConfig: PSS_CONFIG, namespaces: NAMESPACES.replace('name: prod\n  labels: {', 'name: prod\n  labels: {"kubernetes.io/metadata.name":"prod",'), policy: POLICY } });
});
test.after(() => hook?.close());

const privileged = () => goodPod('priv', {}, { privileged: true });
const withLimits = (p: Record<string, any>) => {
  for (const c of p.spec.containers) c.resources = { limits: { cpu: '1', memory: '1Gi' } };
  return p;
};
async function validate(obj: Record<string, unknown>, o: Parameters<typeof review>[1] = {}) {
  const r = await hook.post('/validate', review(obj, o));
  assert.equal(r.status, 200, r.text);
  return r.json.response as { allowed: boolean; status?: { message: string; code: number }; warnings?: string[]; auditAnnotations?: Record<string, string> };
}

test('Pods are denied by enforce; the same spec in every workload kind is allowed with a warning and an audit annotation', async () => {
  const pod = withLimits(privileged());
  const denied = await validate(pod, { namespace: 'prod' });
  assert.equal(denied.allowed, false);
  assert.match(denied.status!.message, /^pods "priv" is forbidden: violates PodSecurity "restricted:v1\.30": privileged \(container "a" must not set securityContext\.privileged=true\)/);
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate']) {
    const res = await validate(workload(kind, 'w', pod.spec as Record<string, unknown>), { namespace: 'dev' });
    assert.equal(res.allowed, true, kind);
    assert.ok(res.warnings?.some((w) => w.startsWith('would violate PodSecurity "restricted:latest": privileged')), `${kind}: ${JSON.stringify(res.warnings)}`);
    assert.match(res.auditAnnotations?.['audit-violations'] ?? '', /^would violate PodSecurity "baseline:v1\.30": privileged/, `${kind} (audit label sets the level; the version stays the configured default)`);
    assert.equal(res.auditAnnotations?.['enforce-policy'], undefined, 'workloads are not enforced');
  }
  // In the restricted-enforce namespace the workload still passes.
  const res = await validate(workload('Deployment', 'w', pod.spec as Record<string, unknown>), { namespace: 'prod' });
  assert.equal(res.allowed, true, JSON.stringify(res));
  // warn follows enforce only when enforce is stricter than the warn default; both are restricted here.
  assert.ok(res.warnings?.some((w) => w.startsWith('would violate PodSecurity "restricted:latest": privileged')), JSON.stringify(res.warnings));
});

test('PodSecurityConfiguration defaults apply to namespaces without labels; invalid labels fail closed for enforce, open for warn', async () => {
  const base = await validate(withLimits(privileged()), { namespace: 'unlabelled' });
  assert.equal(base.allowed, false);
  assert.match(base.status!.message, /violates PodSecurity "baseline:latest"/);
  const restrictedOnly = await validate(withLimits(goodPod('r', {}, { allowPrivilegeEscalation: true })), { namespace: 'unlabelled' });
  assert.equal(restrictedOnly.allowed, true, 'baseline default enforce');
  assert.ok(restrictedOnly.warnings?.some((w) => w.startsWith('would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false')));
  assert.match(restrictedOnly.auditAnnotations?.['audit-violations'] ?? '', /"restricted:v1\.30"/);
  const broken = await validate(withLimits(goodPod('b', {}, { allowPrivilegeEscalation: true })), { namespace: 'broken' });
  assert.equal(broken.allowed, false, 'invalid enforce level → restricted');
  assert.match(broken.auditAnnotations?.error ?? '', /^Failed to parse policy: .*pod-security\.kubernetes\.io\/enforce/);
});

test('exemptions: namespace, username and runtimeClass skip PodSecurity and say why', async () => {
  const ns = await validate(withLimits(privileged()), { namespace: 'legacy' });
  assert.deepEqual([ns.allowed, ns.auditAnnotations?.exempt], [true, 'namespace']);
  const user = await validate(withLimits(privileged()), { namespace: 'prod', user: 'system:serviceaccount:kube-system:replicaset-controller' });
  assert.deepEqual([user.allowed, user.auditAnnotations?.exempt], [true, 'user']);
  const rc = await validate(withLimits(goodPod('k', { runtimeClassName: 'kata' }, { privileged: true })), { namespace: 'prod' });
  assert.deepEqual([rc.allowed, rc.auditAnnotations?.exempt], [true, 'runtimeClass']);
  const other = await validate(withLimits(goodPod('k', { runtimeClassName: 'gvisor' }, { privileged: true })), { namespace: 'prod' });
  assert.equal(other.allowed, false);
  const open = await validate(withLimits(privileged()), { namespace: 'open' });
  assert.deepEqual([open.allowed, open.warnings], [true, undefined], 'fully privileged namespace: nothing to say');
  assert.deepEqual(Object.keys(open.auditAnnotations ?? {}), ['bulwark-audit'], 'only Bulwark\'s own audit findings, no PodSecurity annotations');
});

test('UPDATE: a Pod update that changes nothing significant is allowed without evaluation; an image change is re-evaluated', async () => {
  const old = withLimits(privileged());
  const relabelled = structuredClone(old) as Record<string, any>;
  relabelled.metadata.labels = { team: 'x' };
  const same = await validate(relabelled, { namespace: 'prod', operation: 'UPDATE', oldObject: old });
  assert.equal(same.allowed, true);
  assert.equal(same.auditAnnotations, undefined);
  const newImage = structuredClone(old) as Record<string, any>;
  newImage.spec.containers[0].image = 'registry.example/app:2.0';
  const changed = await validate(newImage, { namespace: 'prod', operation: 'UPDATE', oldObject: old });
  assert.equal(changed.allowed, false);
  const seccompAnn = structuredClone(old) as Record<string, any>;
  seccompAnn.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' };
  assert.equal((await validate(seccompAnn, { namespace: 'prod', operation: 'UPDATE', oldObject: old })).allowed, false, 'seccomp annotation change is significant');
  const eph = structuredClone(old) as Record<string, any>;
  eph.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox:1' }];
  assert.equal((await validate(eph, { namespace: 'prod', operation: 'UPDATE', oldObject: old, subResource: 'ephemeralcontainers' })).allowed, false, 'added ephemeral container');
  // Workload UPDATE with the same template: not re-evaluated (no warnings); a template change warns again.
  const dep = workload('Deployment', 'd', old.spec);
  const scaled = structuredClone(dep) as Record<string, any>;
  scaled.spec.replicas = 5;
  const s = await validate(scaled, { namespace: 'dev', operation: 'UPDATE', oldObject: dep });
  assert.deepEqual([s.allowed, s.warnings], [true, undefined]);
  const edited = structuredClone(dep) as Record<string, any>;
  edited.spec.template.spec.containers[0].image = 'registry.example/app:3';
  assert.ok((await validate(edited, { namespace: 'dev', operation: 'UPDATE', oldObject: dep })).warnings?.length);
});

test('subresources, DELETE, unknown kinds; Namespace labels are validated like upstream', async () => {
  assert.equal((await validate(withLimits(privileged()), { namespace: 'prod', subResource: 'status', operation: 'UPDATE', oldObject: privileged() })).allowed, true);
  assert.equal((await validate(privileged(), { namespace: 'prod', operation: 'DELETE' })).allowed, true);
  const crd = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } };
  const unknown = await validate(crd, { namespace: 'prod' });
  assert.deepEqual(Object.keys(unknown).sort(), ['allowed', 'uid'], 'unknown kind: allowed untouched');
  assert.equal(unknown.allowed, true);
  const bad = await validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } } });
  assert.equal(bad.allowed, false);
  assert.equal(bad.status!.code, 422);
  assert.match(bad.status!.message, /^namespaces "x" is invalid: pod-security\.kubernetes\.io\/enforce: Invalid value: "strict"/);
  assert.equal((await validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'y', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } })).allowed, true);
});

test('Bulwark checks and CEL policies follow their actions: enforce denies, warn warns, audit annotates, dry-run only logs', async () => {
  const pod = goodPod('nolimits'); // BW-K8S-0101 (no limits) enforce; 0103 (no probes) audit; 0111 (rootfs) dry-run
  const res = await validate(pod, { namespace: 'prod' });
  assert.equal(res.allowed, false);
  assert.match(res.status!.message, /^pods "nolimits" is forbidden: BW-K8S-0101: container "a" has no memory or cpu limit/);
  assert.match(res.auditAnnotations?.['bulwark-audit'] ?? '', /BW-K8S-0103: container "a" has no livenessProbe or readinessProbe/);
  assert.match(res.auditAnnotations?.['bulwark-audit'] ?? '', /VAP-team-label\[0\]: pods need a team label/);
  assert.ok(res.warnings?.includes('VAP-team-label[0]: pods need a team label'), JSON.stringify(res.warnings));
  assert.ok(!JSON.stringify(res).includes('BW-K8S-0111'), 'dry-run results stay out of the response');
  const log = hook.logs.filter((l) => l.msg === 'decision').at(-1)!;
  assert.equal(log.verdict, 'deny');
  assert.equal(log.user, 'alice');
  assert.equal(typeof log.latencyMs, 'number');
  assert.ok((log.policies as Array<{ policy: string; actions: string[] }>).some((p) => p.policy === 'BW-K8S-0111' && p.actions[0] === 'dry-run'), 'dry-run result logged');
  // The VAP binding matches only the prod namespace (namespaceSelector over the namespace's labels).
  const elsewhere = await validate(withLimits(goodPod('x')), { namespace: 'dev' });
  assert.ok(!JSON.stringify(elsewhere).includes('team label'));
  // A Deny binding overridden to dry-run by the policy file never denies.
  assert.equal((await validate(withLimits(goodPod('forbidden-name')), { namespace: 'dev' })).allowed, true);
  assert.ok((hook.logs.filter((l) => l.msg === 'decision').at(-1)!.policies as Array<{ policy: string }>).some((p) => p.policy === 'VAP-team-label-dry[0]'));
  // ephemeral and init containers count for Bulwark checks too
  const eph = withLimits(goodPod('e', { initContainers: [{ name: 'i', image: 'x:1' }] }));
  const r2 = await validate(eph, { namespace: 'dev' });
  assert.match(r2.status?.message ?? '', /container "i" has no memory or cpu limit/);
});

test('dryRun requests are answered the same and marked in the log', async () => {
  const res = await validate(withLimits(privileged()), { namespace: 'prod', dryRun: true });
  assert.equal(res.allowed, false);
  assert.equal(hook.logs.filter((l) => l.msg === 'decision').at(-1)!.dryRun, true);
});

test('malformed reviews are HTTP 400 with one message; too-large bodies 413; unknown paths 404; the server keeps serving', async () => {
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /^malformed AdmissionReview: body is not JSON/],
    [{ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: {} }, /apiVersion must be admission\.k8s\.io\/v1/],
    [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /request is missing/],
    [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', operation: 'CREATE', kind: { version: 'v1', kind: 'Pod' }, resource: { version: 'v1', resource: 'pods' } } }, /request\.object is missing for CREATE/],
    [{ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', operation: 'PATCH', kind: {}, resource: {} } }, /request\.operation must be/],
    [[1, 2], /must be a JSON object/],
  ];
  for (const [body, re] of cases) {
    const r = await hook.post('/validate', body);
    assert.equal(r.status, 400, r.text);
    assert.match(r.text, re);
    assert.equal(r.text.trim().split('\n').length, 1);
  }
  const big = await hook.post('/validate', 'x'.repeat(9 * 1024 * 1024));
  assert.equal(big.status, 413);
  assert.equal((await hook.get('/nope')).status, 404);
  assert.equal((await hook.get('/healthz')).status, 200);
  assert.equal((await hook.get('/readyz')).status, 200);
  assert.equal((await validate(withLimits(goodPod('ok')), { namespace: 'dev' })).allowed, true);
});

test('/metrics exposes decisions by verdict, policy results and the latency histogram', async () => {
  const m = await hook.get('/metrics');
  assert.equal(m.status, 200);
  assert.match(m.text, /bulwark_admission_decisions_total\{endpoint="validate",verdict="deny"\} \d+/);
  assert.match(m.text, /bulwark_admission_policy_results_total\{policy="BW-K8S-0101",action="enforce"\} \d+/);
  assert.match(m.text, /bulwark_admission_request_duration_seconds_bucket\{le="0.01",endpoint="validate"\} \d+/);
  assert.match(m.text, /bulwark_admission_bad_requests_total\{reason="malformed"\} [1-9]/);
});
