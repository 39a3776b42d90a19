/**
 * Live-cluster path against a fake API server (node:https on 127.0.0.1 with a throw-away CA): paginated LISTs with limit/continue,
 * a 403 on NetworkPolicies that must surface as "not evaluated" (never a pass), a 401, and the bearer token sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { scanK8s } from '../../src/scan/scan-k8s.js';

const pods = Array.from({ length: 5 }, (_, i) => ({
  metadata: { name: `p${i}`, namespace: 'shop', labels: { app: 'shop' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: i === 3 ? { privileged: true } : {} }] },
}));

/** A self-signed certificate for 127.0.0.1, generated per run with openssl. */
function tlsMaterial(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

const TLS = tlsMaterial();

interface Fake { url: string; seen: string[]; auth: Set<string>; close: () => Promise<void> }

/** `forbid`: plurals answered 403 (default networkpolicies); `lists`: plural → items served for that LIST. */
async function fakeApiServer(opts: { denyAll?: boolean; forbid?: string[]; lists?: Record<string, unknown[]> } = {}): Promise<Fake> {
  const forbid = opts.forbid ?? ['networkpolicies'];
  const seen: string[] = [];
  const auth = new Set<string>();
  const server = createServer({ key: TLS.key, cert: TLS.cert } as ServerOptions, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url.pathname + url.search);
    auth.add(String(req.headers.authorization));
    const send = (code: number, body: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (opts.denyAll) return send(401, { kind: 'Status', message: 'Unauthorized' });
    const plural = url.pathname.split('/').pop() ?? '';
    if (forbid.includes(plural)) {
      return send(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403,
        message: `${plural} is forbidden: User "scanner" cannot list resource "${plural}"` });
    }
    if (opts.lists?.[plural]) return send(200, { kind: 'List', apiVersion: 'v1', metadata: {}, items: opts.lists[plural] });
    if (url.pathname === '/api/v1/pods') {
      const limit = Number(url.searchParams.get('limit'));
      const start = Number(url.searchParams.get('continue') || 0);
      const items = pods.slice(start, start + limit);
      const next = start + limit < pods.length ? String(start + limit) : undefined;
      return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: next ? { continue: next } : {}, items });
    }
    if (url.pathname === '/api/v1/namespaces/shop') {
      return send(200, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    }
    if (url.pathname === '/api/v1/namespaces') {
      return send(200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }] });
    }
    return send(200, { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, seen, auth, close: () => new Promise((r) => server.close(() => r())) };
}

function kubeconfig(server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-kubeconfig-'));
  const file = join(dir, 'config');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: fake',
    'clusters:', `- name: fake`, `  cluster: {server: "${server}", certificate-authority-data: ${Buffer.from(TLS.cert).toString('base64')}}`,
    'users:', '- name: scanner', '  user: {token: test-token-123}',
    'contexts:', '- name: fake', '  context: {cluster: fake, user: scanner}',
    '- name: other', '  context: {cluster: fake, user: scanner, namespace: x}', '',
  ].join('\n'));
  return file;
}

test('cluster scan: pagination, namespace labels, and a 403 reported as not evaluated', async () => {
  const fake = await fakeApiServer();
  try {
    const report = await scanK8s({ cluster: { kubeconfig: kubeconfig(fake.url), pageSize: 2 } });
    const podPages = fake.seen.filter((s) => s.startsWith('/api/v1/pods'));
    assert.deepEqual(podPages, ['/api/v1/pods?limit=2', '/api/v1/pods?limit=2&continue=2', '/api/v1/pods?limit=2&continue=4']);
    assert.deepEqual([...fake.auth], ['Bearer test-token-123']);
    assert.ok(fake.seen.every((s) => !/\b(watch|POST)\b/.test(s)), 'read-only LISTs');
    assert.equal(report.target.type, 'kubernetes');
    assert.equal(report.kubernetes?.resources, 6);
    // namespace enforce=baseline: only the privileged pod fails PSS, nothing restricted-only.
    const pss = report.misconfigurations.filter((m) => m.pss);
    assert.deepEqual(pss.map((m) => `${m.resource?.name} ${m.pss?.control}`), ['p3 Privileged Containers']);
    const net = report.kubernetes!.checks.filter((c) => ['BW-K8S-0201', 'BW-K8S-0202', 'BW-K8S-0203'].includes(c.id));
    assert.deepEqual(net.map((c) => c.status), ['not-evaluated', 'not-evaluated', 'not-evaluated']);
    assert.match(net[0].reason ?? '', /cannot list networkpolicies: forbidden by RBAC/);
    assert.equal(report.misconfigurations.filter((m) => /^BW-K8S-020[123]$/.test(m.id)).length, 0, 'no coverage findings and no pass');
    assert.ok(report.warnings.some((w) => /networkpolicies/.test(w)));
  } finally {
    await fake.close();
  }
});

test('cluster scan: --namespace lists namespaced resources in that namespace; unknown context is a usage error', async () => {
  const fake = await fakeApiServer();
  try {
    const report = await scanK8s({ cluster: { kubeconfig: kubeconfig(fake.url), namespace: 'shop' } });
    assert.ok(fake.seen.includes('/api/v1/namespaces/shop/pods?limit=500'));
    assert.ok(fake.seen.includes('/api/v1/namespaces/shop'), 'the one namespace is read with GET');
    assert.ok(!fake.seen.includes('/api/v1/namespaces?limit=500'));
    assert.equal(report.kubernetes?.resources, 1);
    assert.ok(fake.seen.includes('/apis/rbac.authorization.k8s.io/v1/clusterroles?limit=500'), 'cluster-scoped still listed');
    await assert.rejects(scanK8s({ cluster: { kubeconfig: kubeconfig(fake.url), context: 'nope' } }), /no context "nope"/);
  } finally {
    await fake.close();
  }
});

test('cluster scan: rejected credentials are AUTH_FAILED; an unreachable server is a clear error', async () => {
  const fake = await fakeApiServer({ denyAll: true });
  try {
    await assert.rejects(scanK8s({ cluster: { kubeconfig: kubeconfig(fake.url) } }), (e: Error & { code?: string }) => e.code === 'AUTH_FAILED');
  } finally {
    await fake.close();
  }
  await assert.rejects(scanK8s({ cluster: { kubeconfig: kubeconfig('https://127.0.0.1:1') } }), /cannot reach the API server/);
});

test('cluster scan: a 403 on ClusterRoleBindings leaves Role findings (RoleBindings suffice) and marks only the rest not evaluated', async () => {
  const rbac = 'rbac.authorization.k8s.io';
  const fake = await fakeApiServer({
    forbid: ['clusterrolebindings'],
    lists: {
      roles: [{ metadata: { name: 'debugger', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }] }],
      rolebindings: [
        { metadata: { name: 'debuggers', namespace: 'shop' }, subjects: [{ kind: 'User', name: 'bob' }], roleRef: { apiGroup: rbac, kind: 'Role', name: 'debugger' } },
        { metadata: { name: 'admins', namespace: 'shop' }, subjects: [{ kind: 'User', name: 'alice' }], roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' } },
      ],
      clusterroles: [{ metadata: { name: 'secret-reader' }, rules: [{ apiGroups: [''], resources: ['secrets', 'pods/exec'], verbs: ['get', 'create'] }] }],
    },
  });
  try {
    const report = await scanK8s({ cluster: { kubeconfig: kubeconfig(fake.url) } });
    const rbacFindings = report.misconfigurations.filter((m) => m.id.startsWith('BW-K8S-03')).map((m) => `${m.id} ${m.resource?.kind}/${m.resource?.name}`);
    // The Role finding needs only RoleBindings (bob is bound through one); alice's cluster-admin RoleBinding is readable.
    assert.deepEqual(rbacFindings.sort(), ['BW-K8S-0302 RoleBinding/admins', 'BW-K8S-0305 Role/debugger']);
    assert.match(report.misconfigurations.find((m) => m.id === 'BW-K8S-0305')!.message, /bound to: User bob/);
    const status = new Map(report.kubernetes!.checks.map((c) => [c.id, c]));
    for (const id of ['BW-K8S-0302', 'BW-K8S-0304', 'BW-K8S-0305']) {
      assert.equal(status.get(id)?.status, 'partial', id);
      assert.match(status.get(id)?.reason ?? '', /not evaluated for ClusterRole.*clusterrolebindings/, id);
    }
    assert.equal(report.misconfigurations.filter((m) => m.resource?.kind === 'ClusterRole').length, 0, 'ClusterRole findings would name an incomplete subject list');
  } finally {
    await fake.close();
  }
});
