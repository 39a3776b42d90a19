/** Unit tests: policy-file and PodSecurityConfiguration parsing, label resolution, globs, untagged references, manifests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { onDemandScanner, parsePolicyFile, parsePsaConfig, renderManifests } from './index.js';
import { globToRegExp, isUntagged } from './images.js';
import { defaultPsaConfig, levelVersionString, policyToEvaluate } from './psa-policy.js';

test('policyToEvaluate: labels over defaults, fail closed for enforce, open for audit/warn, warn follows a stricter enforce', () => {
  const d = defaultPsaConfig().defaults;
  const p = (labels: Record<string, string>) => policyToEvaluate(labels, d);
  const s = (labels: Record<string, string>) => {
    const { policy } = p(labels);
    return [policyVersion(policy.enforce), policyVersion(policy.audit), policyVersion(policy.warn)];
  };
  const policyVersion = levelVersionString;
  assert.deepEqual(s({}), ['privileged:latest', 'privileged:latest', 'privileged:latest']);
  assert.deepEqual(s({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.29' }), ['baseline:v1.29', 'privileged:latest', 'baseline:v1.29']);
  assert.deepEqual(s({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'privileged' }), ['baseline:latest', 'privileged:latest', 'privileged:latest']);
  const bad = p({ 'pod-security.kubernetes.io/enforce': 'nope', 'pod-security.kubernetes.io/audit': 'nope', 'pod-security.kubernetes.io/warn-version': '1.30' });
  assert.deepEqual([levelVersionString(bad.policy.enforce), levelVersionString(bad.policy.audit), levelVersionString(bad.policy.warn)], ['restricted:latest', 'privileged:latest', 'privileged:latest']);
  assert.equal(bad.errors.length, 3);
  assert.equal(p({ 'pod-security.kubernetes.io/enforce-version': 'v1.030' }).errors.length, 1, 'no leading zeros, as upstream');
});

test('parsePsaConfig: bare and inside AdmissionConfiguration; unset defaults are privileged/latest; bad values are CONFIG_INVALID', () => {
  const bare = parsePsaConfig('apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults: {enforce: baseline}\nexemptions: {namespaces: [kube-system]}\n', 'f');
  assert.equal(levelVersionString(bare.defaults.enforce), 'baseline:latest');
  assert.equal(levelVersionString(bare.defaults.warn), 'privileged:latest');
  assert.ok(bare.exemptions.namespaces.has('kube-system'));
  const wrapped = parsePsaConfig(`apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1beta1
    kind: PodSecurityConfiguration
    defaults: {audit: restricted, audit-version: v1.25}
    exemptions: {usernames: [admin]}
`, 'f');
  assert.equal(levelVersionString(wrapped.defaults.audit), 'restricted:v1.25');
  assert.ok(wrapped.exemptions.usernames.has('admin'));
  assert.throws(() => parsePsaConfig('kind: PodSecurityConfiguration\napiVersion: pod-security.admission.config.k8s.io/v1\ndefaults: {enforce: strict}\n', 'f.yaml'), /f\.yaml: defaults\.enforce: must be one of/);
  assert.throws(() => parsePsaConfig('kind: Other\n', 'f.yaml'), /expected kind PodSecurityConfiguration/);
});

test('parsePolicyFile: actions, image rules and embedded VAPs; mistakes name the file and field', () => {
  const p = parsePolicyFile(`apiVersion: bulwark.dev/v1alpha1
kind: AdmissionPolicy
metadata: {name: p}
spec:
  checks: {default: audit, rules: [{match: workload, action: warn}]}
  images:
    allowedRepositories: ["ghcr.io/acme/**"]
    digest: mutate
    vulnerabilities: {severity: high, kev: true, scanTimeoutSeconds: 2}
    cache: {ttlSeconds: 60, negativeTtlSeconds: 5}
`, 'p.yaml');
  assert.equal(p.checks.default, 'audit');
  assert.equal(p.images?.digest, 'mutate');
  assert.deepEqual([p.images?.cacheTtlMs, p.images?.negativeCacheTtlMs, p.images?.vulnerabilities?.scanTimeoutMs], [60_000, 5_000, 2_000]);
  assert.throws(() => parsePolicyFile('apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: p}\nspec: {checks: {default: block}}\n', 'p.yaml'), /p\.yaml: spec\.checks\.default: action must be one of enforce, warn, audit, dry-run, off/);
  assert.throws(() => parsePolicyFile('apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: p}\nspec: {imgs: {}}\n', 'p.yaml'), /unknown field imgs/);
  assert.throws(() => parsePolicyFile('apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: p}\nspec: {celPolicies: [{name: ghost}]}\n', 'p.yaml'), /names ghost, which is no ValidatingAdmissionPolicy/);
  const doc = (d: string) => `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: p}\nspec: {checks: {default: ${d}}}\n`;
  const sig = (rs: string) => `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: p}\nspec: {images: {requireSignature: ${rs}}}\n`;
  assert.throws(() => parsePolicyFile(sig('{keys: [cosign.pub]}'), 'p.yaml'), /requireSignature: keys need trustedRoot \(to check the Rekor entry\) or ignoreTlog: true/);
  assert.notEqual(parsePolicyFile(doc('warn'), 'x').hash, parsePolicyFile(doc('audit'), 'x').hash, 'policy hash changes with the text (cache key)');
});

test('repository globs: * stays in one path segment, ** crosses; untagged references are told from :latest', () => {
  assert.ok(globToRegExp('ghcr.io/acme/*').test('ghcr.io/acme/app'));
  assert.ok(!globToRegExp('ghcr.io/acme/*').test('ghcr.io/acme/team/app'));
  assert.ok(globToRegExp('ghcr.io/acme/**').test('ghcr.io/acme/team/app'));
  assert.ok(globToRegExp('127.0.0.1:*/**').test('127.0.0.1:5000/a/b'));
  assert.ok(!globToRegExp('docker.io/library/*').test('docker.io/evil/nginx'));
  assert.deepEqual(['nginx', 'localhost:5000/app', 'nginx:latest', 'nginx@sha256:' + 'a'.repeat(64), 'ghcr.io/a/b:1'].map(isUntagged), [true, true, false, false, false]);
});

test('renderManifests: timeout bounds and namespace names are checked', () => {
  const docs = renderManifests({ namespace: 'sec' }).split('---\n').map((d) => parse(d) as { kind: string; webhooks?: Array<{ clientConfig: Record<string, unknown> }> });
  assert.ok(docs.some((d) => d.kind === 'MutatingWebhookConfiguration'));
  assert.ok(docs.filter((d) => d.webhooks).every((d) => d.webhooks!.every((h) => !('caBundle' in h.clientConfig))), 'no --ca, no caBundle');
  assert.throws(() => renderManifests({ namespace: 'sec', timeoutSeconds: 31 }), /1 to 30/);
  assert.throws(() => renderManifests({ namespace: 'Sec!' }), /DNS label/);
});

test('onDemandScanner runs the real scan use-case: without a vulnerability database it fails (the gate then applies failureAction)', async () => {
  const scan = onDemandScanner({ dbDir: '/nonexistent-bulwark-db', cacheDir: '/tmp/bw-none' });
  await assert.rejects(scan('127.0.0.1:1/none@sha256:' + '0'.repeat(64), 'sha256:' + '0'.repeat(64)), /database|DB|bulwark\.db/i);
});
