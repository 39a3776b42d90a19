/**
 * `bulwark graph --cluster` against a fake API server (node:http on 127.0.0.1, a kubeconfig the test writes):
 * live Pods carry their node, so escapes and token theft stay on that node; controllers of listed Pods
 * (Deployment → ReplicaSet → Pod) are not counted twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildAttackGraph } from '../../src/scan/attack-graph.js';

const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: name, controller: true }];
const pod = (name: string, node: string, sa: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
  metadata: { name, namespace: 'shop', labels, ownerReferences: owner('ReplicaSet', `${name}-rs`) },
  spec: { nodeName: node, serviceAccountName: sa, containers: [{ name: 'c', image: 'registry.example/app:1', ...extra }] },
});

const LISTS: Record<string, unknown[]> = {
  '/api/v1/pods': [
    pod('web', 'node-a', 'web', { securityContext: { privileged: true } }, { app: 'web' }),
    pod('ops', 'node-a', 'ops'),
    pod('admin-b', 'node-b', 'admin-b'),
  ],
  '/apis/apps/v1/replicasets': ['web', 'ops', 'admin-b'].map((n) => ({ metadata: { name: `${n}-rs`, namespace: 'shop', ownerReferences: owner('Deployment', n) }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } })),
  '/apis/apps/v1/deployments': ['web', 'ops', 'admin-b'].map((n) => ({ metadata: { name: n, namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } })),
  '/api/v1/services': [{ metadata: { name: 'web', namespace: 'shop' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } }],
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings': ['ops', 'admin-b'].map((sa) => ({
    metadata: { name: `${sa}-admin` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'shop' }],
  })),
};

const KINDS: Record<string, string> = { '/api/v1/pods': 'PodList', '/api/v1/services': 'ServiceList' };

async function fakeApi(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: KINDS[path] ?? 'List', apiVersion: 'v1', metadata: {}, items: LISTS[path] ?? [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('graph --cluster: pods keep their node; controllers of listed pods are not counted twice', async () => {
  const api = await fakeApi();
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-graph-cluster-'));
  try {
    const kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: "${api.url}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t0ken } }]
contexts: [{ name: fake, context: { cluster: fake, user: u } }]
current-context: fake
`);
    const { graph, result } = await buildAttackGraph({ cluster: { kubeconfig }, to: ['cluster-admin'] });
    const pods = [...graph.nodes.values()].filter((n) => n.kind === 'pod').map((n) => n.id).sort();
    assert.deepEqual(pods, ['pod:shop/admin-b', 'pod:shop/ops', 'pod:shop/web']);
    // web (privileged, exposed) escapes to node-a, where ops' cluster-admin token lives; admin-b runs on node-b.
    const top = result.paths[0];
    assert.deepEqual(top.edges.map((e) => e.to), [
      'service:shop/web', 'container:shop/web/c', 'node:node-a', 'volume:shop/ops/sa-token', 'identity:ServiceAccount/shop/ops',
      'perm:ClusterRole/cluster-admin@cluster', 'jewel:cluster-admin',
    ]);
    assert.ok(!graph.edges.some((e) => e.from === 'node:node-a' && e.to === 'volume:shop/admin-b/sa-token'), 'node-a cannot read node-b\'s volumes');
    assert.ok(graph.edges.some((e) => e.from === 'node:node-b' && e.to === 'volume:shop/admin-b/sa-token'));
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
