 
/**
 * PodSecurity's ValidateNamespace dry run: tightening a namespace's enforce level answers with warnings naming the
 * existing pods that violate it (pod-security-admission admission.go EvaluatePodsInNamespace): grouped by reasons
 * under the lexically first pod, one pod per controller first, bounded by pod count and time; no evaluation when
 * the level is unchanged, privileged or relaxed; exempt namespaces are told their labels are ignored. Pods come from
 * `--namespaces FILE` here (Pod manifests beside the Namespaces) and from a live LIST in cluster.test.ts.
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { PodSecurity, type RawPod } from '../../src/admission/psa.js';
import { defaultPsaConfig, parsePsaConfig } from '../../src/admission/psa-policy.js';
import { goodPod, review, startWebhook, type Webhook } from './helpers.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const nsObj = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
/** A pod in `ns` that runs as root with privilege escalation: baseline allows it, restricted does not. */
const rootPod = (name: string, ns: string, extra: Record<string, unknown> = {}, owner?: string): RawPod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: ns, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true }] } : {}) },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }], ...extra },
});
const withNs = (p: Record<string, unknown>, ns: string) => ({ ...p, metadata: { ...(p.metadata as object), namespace: ns } });
const RESTRICTED_REASONS = 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile';

describe('namespace enforce level tightened: existing pods from --namespaces FILE', () => {
  let hook: Webhook;
  before(async () => {
    const docs = [
      nsObj('shop', { [ENFORCE]: 'baseline' }), nsObj('kube-system', {}),
      rootPod('web-b', 'shop'), rootPod('web-a', 'shop'), rootPod('web-c', 'shop'),
      rootPod('net', 'shop', { hostNetwork: true }),
      withNs(goodPod('fine'), 'shop'),
      rootPod('sandboxed', 'shop', { runtimeClassName: 'gvisor' }),
      rootPod('elsewhere', 'other'),
    ];
    hook = await startWebhook({ files: {
      namespaces: docs.map((d) => JSON.stringify(d)).join('\n---\n'),
      pssConfig: 'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nexemptions: {runtimeClasses: [gvisor], namespaces: [kube-system]}\n',
    } });
  });
  after(() => hook.close());

  const update = async (name: string, from: Record<string, string>, to: Record<string, string>, dryRun = false) =>
    (await hook.post('/validate', review(nsObj(name, to), { operation: 'UPDATE', oldObject: nsObj(name, from), namespace: name, dryRun }))).json.response;

  it('baseline → restricted warns with upstream\'s text: grouped, lexically first pod named, sorted; exempt runtimeClass and other namespaces skipped', async () => {
    const r = await update('shop', { [ENFORCE]: 'baseline' }, { [ENFORCE]: 'restricted' });
    assert.equal(r.allowed, true);
    assert.deepEqual(r.warnings, [
      'existing pods in namespace "shop" violate the new PodSecurity enforce level "restricted:latest"',
      `net: host namespaces, ${RESTRICTED_REASONS}`,
      `web-a (and 2 other pods): ${RESTRICTED_REASONS}`,
    ]);
    // kubectl label --dry-run=server previews exactly this.
    assert.deepEqual((await update('shop', { [ENFORCE]: 'baseline' }, { [ENFORCE]: 'restricted' }, true)).warnings, r.warnings);
  });

  it('privileged → baseline names only what baseline forbids; a pinned older version is evaluated at that version', async () => {
    const r = await update('shop', {}, { [ENFORCE]: 'baseline', [`${ENFORCE}-version`]: 'v1.24' });
    assert.deepEqual(r.warnings, [
      'existing pods in namespace "shop" violate the new PodSecurity enforce level "baseline:v1.24"',
      'net: host namespaces',
    ]);
  });

  it('no dry run when the enforce level is unchanged, privileged, or relaxed at the same version; CREATE never lists pods', async () => {
    for (const [from, to] of [
      [{ [ENFORCE]: 'restricted' }, { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' }],
      [{ [ENFORCE]: 'restricted' }, { [ENFORCE]: 'privileged' }],
      [{ [ENFORCE]: 'restricted' }, { [ENFORCE]: 'baseline' }],
    ] as const) {
      const r = await update('shop', from, to);
      assert.equal(r.allowed, true);
      assert.equal(r.warnings, undefined, `${JSON.stringify(from)} → ${JSON.stringify(to)}: ${JSON.stringify(r.warnings)}`);
    }
    // A version change with a lower level is still evaluated (upstream only skips relaxations at the same version).
    assert.ok((await update('shop', { [ENFORCE]: 'restricted', [`${ENFORCE}-version`]: 'v1.24' }, { [ENFORCE]: 'baseline' })).warnings.length);
    const created = (await hook.post('/validate', review(nsObj('shop', { [ENFORCE]: 'restricted' }), { namespace: 'shop' }))).json.response;
    assert.equal(created.warnings, undefined);
  });

  it('an exempt namespace is told its policy is ignored, and its pods are not evaluated', async () => {
    const r = await update('kube-system', {}, { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/warn': 'baseline' });
    assert.deepEqual(r.warnings, ['namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest, warn=baseline:latest) will be ignored']);
    const created = (await hook.post('/validate', review(nsObj('kube-system', { [ENFORCE]: 'baseline' }), { namespace: 'kube-system' }))).json.response;
    assert.deepEqual(created.warnings, ['namespace "kube-system" is exempt from Pod Security, and the policy (enforce=baseline:latest) will be ignored']);
  });
});

test('EvaluatePodsInNamespace bounds: pod count (one pod per controller first), time budget, list failure', async () => {
  const config = parsePsaConfig('apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n', 'c');
  const restricted = { level: 'restricted' as const, version: 'latest' as const };
  const pods = [rootPod('rs-1', 'n', {}, 'rs'), rootPod('rs-2', 'n', {}, 'rs'), rootPod('rs-3', 'n', {}, 'rs'), rootPod('solo', 'n', { hostPID: true })];
  const capped = new PodSecurity(config, () => ({ labels: {} }), async () => pods.map((p) => structuredClone(p)), { maxPods: 2, timeoutMs: 1000 });
  assert.deepEqual(await capped.evaluatePodsInNamespace('n', restricted), [
    'new PodSecurity enforce level only checked against the first 2 of 4 existing pods',
    'existing pods in namespace "n" violate the new PodSecurity enforce level "restricted:latest"',
    `rs-1: ${RESTRICTED_REASONS}`,
    `solo: host namespaces, ${RESTRICTED_REASONS}`,
  ], 'the first replica and the uncontrolled pod are checked before the other replicas');

  // The time budget covers the list and is checked after each pod: a list that spent it (busy, so it still
  // answers before the timer) leaves room for one pod.
  const slow = new PodSecurity(config, () => ({ labels: {} }), async () => {
    for (const end = performance.now() + 30; performance.now() < end;) { /* busy */ }
    return pods.map((p) => structuredClone(p));
  }, { maxPods: 3000, timeoutMs: 25 });
  const partial = await slow.evaluatePodsInNamespace('n', restricted);
  assert.match(partial[0]!, /^new PodSecurity enforce level only checked against the first 1 of 4 existing pods$/);

  const failing = new PodSecurity(config, () => ({ labels: {} }), () => Promise.reject(new Error('forbidden')));
  assert.deepEqual(await failing.evaluatePodsInNamespace('n', restricted), ['failed to list pods while checking new PodSecurity enforce level']);
  const hanging = new PodSecurity(config, () => ({ labels: {} }), (_ns, signal) => new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), { maxPods: 3000, timeoutMs: 20 });
  assert.deepEqual(await hanging.evaluatePodsInNamespace('n', restricted), ['failed to list pods while checking new PodSecurity enforce level']);
  assert.ok(defaultPsaConfig());
});
