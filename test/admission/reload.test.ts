/**
 * Files are re-read when they change: the policy (a broken version keeps the previous one), the namespaces file,
 * and the serving certificate (new connections see the new one). Close drains a request that is in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { goodPod, makeTls, nsYaml, review, startWebhook, until } from './helpers.js';

const policy = (action: string) => `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: r}\nspec:\n  checks: {default: 'off', rules: [{match: BW-K8S-0101, action: ${action}}]}\n`;

test('policy and namespaces files reload on change; a broken policy keeps the previous one', async (t) => {
  const hook = await startWebhook({ files: { policy: policy('off'), namespaces: nsYaml({ app: {} }) } });
  t.after(() => hook.close());
  const allowed = async (ns = 'app') => (await hook.post('/validate', review(goodPod('p'), { namespace: ns }))).json.response.allowed as boolean;
  assert.equal(await allowed(), true);
  writeFileSync(join(hook.work, 'policy.yaml'), policy('enforce'));
  await until(async () => !(await allowed()), 'the enforce policy');
  writeFileSync(join(hook.work, 'policy.yaml'), policy('block-it'));
  await until(async () => hook.logs.some((l) => l.msg === 'reload failed; keeping the previous version'), 'the reload error');
  assert.equal(await allowed(), false, 'still the previous (enforcing) policy');
  assert.match(String(hook.logs.find((l) => l.msg === 'reload failed; keeping the previous version')!.error), /action must be one of/);
  writeFileSync(join(hook.work, 'policy.yaml'), policy('off'));
  await until(allowed, 'the relaxed policy');
  const privileged = async () => (await hook.post('/validate', review(goodPod('p', {}, { privileged: true }), { namespace: 'app' }))).json.response.allowed as boolean;
  assert.equal(await privileged(), true);
  writeFileSync(join(hook.work, 'namespaces.yaml'), nsYaml({ app: { 'pod-security.kubernetes.io/enforce': 'baseline' } }));
  await until(async () => !(await privileged()), 'the namespace label');
  assert.match((await hook.get('/metrics')).text, /bulwark_admission_reloads_total\{file="policy",result="error"\} 1/);
});

test('certificate rotation: new connections are served with the new certificate', async (t) => {
  const first = await makeTls();
  const hook = await startWebhook({ tls: first });
  t.after(() => hook.close());
  const second = await makeTls();
  const handshake = (ca: string) => new Promise<string>((resolve) => {
    const req = request({ host: '127.0.0.1', port: hook.port, path: '/healthz', ca, servername: 'localhost', agent: false }, (res) => { res.resume(); resolve(String(res.statusCode)); });
    req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    req.end();
  });
  assert.equal(await handshake(first.ca), '200');
  assert.notEqual(await handshake(second.ca), '200');
  copyFileSync(join(second.dir, 'tls.key'), first.key);
  copyFileSync(join(second.dir, 'tls.crt'), first.cert);
  await until(async () => (await handshake(second.ca)) === '200', 'the new certificate');
  assert.notEqual(await handshake(first.ca), '200', 'the old CA no longer matches');
});

test('close() drains: a request in flight is answered, then the server stops', async (t) => {
  const hook = await startWebhook({
    files: { policy: 'apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: d}\nspec:\n  images:\n    vulnerabilities: {requireScan: true, scanTimeoutSeconds: 5}\n' },
    scan: async () => { await new Promise((r) => setTimeout(r, 800)); scanned = true; return { counts: {}, top: [], kev: [] }; },
  });
  t.after(() => hook.close().catch(() => undefined));
  let scanned = false;
  const pinned = goodPod('p');
  (pinned.spec as { containers: Array<{ image: string }> }).containers[0]!.image = `registry.example/app@sha256:${'1'.repeat(64)}`;
  const inflight = hook.post('/validate', review(pinned, { namespace: 'x' }));
  await new Promise((r) => setTimeout(r, 200));
  const closed = hook.server.close();
  const res = await inflight;
  await closed;
  assert.equal(res.status, 200);
  assert.ok(scanned, 'the request was still waiting on its scan when close() began');
  assert.equal(res.json.response.allowed, true, 'answered with the scan result, not cut off');
  assert.ok(hook.logs.some((l) => l.msg === 'stopped' && l.inflightAtExit === 0));
});
