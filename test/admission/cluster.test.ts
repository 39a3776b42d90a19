/**
 * `--cluster`: namespace labels from a namespace informer (@kubernetes/client-node list + watch) against a fake
 * API server: the LIST seeds the cache, a watch MODIFIED event changes the enforced level without a restart, and a
 * namespace missing from the cache is read once (GET); tightening a namespace's enforce level LISTs its pods and
 * warns about the ones that violate it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goodPod, review, startWebhook } from './helpers.js';

const ns = (name: string, labels: Record<string, string>, rv: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, resourceVersion: rv } });

test('--cluster: informer cache from LIST, updates from WATCH, a cache miss read once', async (t) => {
  const watchers: ServerResponse[] = [];
  const seen: string[] = [];
  const api = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''}`);
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/namespaces' && url.searchParams.get('watch')) {
      res.writeHead(200);
      res.write('');
      watchers.push(res);
      return;
    }
    if (url.pathname === '/api/v1/namespaces') {
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'NamespaceList', metadata: { resourceVersion: '10' }, items: [ns('prod', { 'pod-security.kubernetes.io/enforce': 'baseline' }, '5')] }));
      return;
    }
    if (url.pathname === '/api/v1/namespaces/prod/pods') {
      // As the API serves a list: items without apiVersion/kind; one ReplicaSet's two replicas and a root pod.
      const pod = (name: string, uid?: string) => ({ metadata: { name, namespace: 'prod', ...(uid ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid, controller: true }] } : {}) },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }], securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } } });
      const root = { metadata: { name: 'debug', namespace: 'prod' }, spec: { containers: [{ name: 'sh', image: 'busybox' }] } };
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '20' }, items: [pod('web-1', 'rs-1'), pod('web-2', 'rs-1'), root] }));
      return;
    }
    if (url.pathname === '/api/v1/namespaces/fresh') {
      res.end(JSON.stringify(ns('fresh', { 'pod-security.kubernetes.io/enforce': 'restricted' }, '11')));
      return;
    }
    res.writeHead(404);
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-kc-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:${(api.address() as AddressInfo).port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: t0k3n}}]\ncurrent-context: c\n`);
  const hook = await startWebhook({ cluster: { kubeconfig } });
  t.after(async () => {
    for (const w of watchers) w.end();
    await hook.close();
    api.closeAllConnections();
    api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const decide = async (namespace: string, container: Record<string, unknown>) => (await hook.post('/validate', review(goodPod('p', {}, container), { namespace }))).json.response;
  for (let i = 0; i < 50 && (await hook.get('/readyz')).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await hook.get('/readyz')).status, 200, 'ready once the LIST arrived');
  const first = await decide("prod", { privileged: true });
  assert.equal(first.allowed, false, `baseline from the LIST: ${JSON.stringify(first)} ${seen.join(", ")}`);
  assert.equal((await decide('prod', { allowPrivilegeEscalation: true })).allowed, true, 'baseline allows what only restricted forbids');
  for (let i = 0; i < 50 && !watchers.length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(watchers.length, `the informer watches (${seen.join(', ')})`);
  watchers[0]!.write(`${JSON.stringify({ type: 'MODIFIED', object: ns('prod', { 'pod-security.kubernetes.io/enforce': 'restricted' }, '12') })}\n`);
  let denied = false;
  for (let i = 0; i < 50 && !denied; i++) {
    denied = !(await decide('prod', { allowPrivilegeEscalation: true })).allowed;
    if (!denied) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(denied, 'the watch event tightened prod to restricted');
  const fresh = await decide('fresh', { allowPrivilegeEscalation: true });
  assert.equal(fresh.allowed, false);
  assert.match(fresh.status.message, /violates PodSecurity "restricted:latest"/);
  assert.ok(seen.includes('GET /api/v1/namespaces/fresh'), 'cache miss read once from the API');
  const nsObj = (enforce: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'pod-security.kubernetes.io/enforce': enforce } } });
  const tightened = (await hook.post('/validate', review(nsObj('restricted'), { operation: 'UPDATE', oldObject: nsObj('baseline'), namespace: 'prod' }))).json.response;
  assert.equal(tightened.allowed, true);
  assert.deepEqual(tightened.warnings, [
    'existing pods in namespace "prod" violate the new PodSecurity enforce level "restricted:latest"',
    'debug: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
  ]);
  assert.ok(seen.includes('GET /api/v1/namespaces/prod/pods'), 'pods listed from the API');
});
