/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are free-form YAML read by path */
/**
 * The CLI forms scripts drive: `admission certs` (CA + serving cert with the SANs, verified with openssl),
 * `admission manifests --ca DIR` accepted by `kubectl apply --dry-run=client` (offline: a discovery-only fake API
 * server, so --validate=false; structure checked here), and `admission serve` answering over HTTPS, then
 * draining and exiting 0 on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fakeDiscovery } from './fake-discovery.js';
import { goodPod, review } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli/main.ts');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const bulwark = (args: string[]) => spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { encoding: 'utf8' });
const hasTool = (t: string) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;

test('admission certs writes ca.crt, tls.crt, tls.key with the SANs the API server dials; openssl verifies the chain', (t) => {
  if (!hasTool('openssl')) return t.skip('openssl not installed');
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-certs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = bulwark(['admission', 'certs', '--service', 'hook', '--namespace', 'sec', '--out', dir]);
  assert.equal(r.status, 0, r.stderr);
  const verify = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stderr);
  const text = spawnSync('openssl', ['x509', '-in', join(dir, 'tls.crt'), '-noout', '-ext', 'subjectAltName,extendedKeyUsage'], { encoding: 'utf8' }).stdout;
  for (const san of ['DNS:hook', 'DNS:hook.sec', 'DNS:hook.sec.svc', 'DNS:hook.sec.svc.cluster.local', 'DNS:localhost', 'IP Address:127.0.0.1']) assert.ok(text.includes(san), `${san} in ${text}`);
  assert.match(text, /TLS Web Server Authentication/);
  assert.equal(statSync(join(dir, 'tls.key')).mode & 0o777, 0o600);
  const bad = bulwark(['admission', 'certs', '--service', 'Bad_Name', '--namespace', 'sec', '--out', dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--service must be a DNS label/);
});

test('admission manifests: kubectl apply --dry-run=client accepts every object; webhooks carry caBundle, v1, None, timeout, selector', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-man-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(bulwark(['admission', 'certs', '--service', 'bulwark-admission', '--namespace', 'guard', '--out', dir]).status, 0);
  const r = bulwark(['admission', 'manifests', '--namespace', 'guard', '--ca', dir]);
  assert.equal(r.status, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJSON() as any);
  const kinds = docs.map((d) => d.kind);
  for (const k of ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PodDisruptionBudget', 'Service', 'Secret', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) assert.ok(kinds.includes(k), k);
  const dep = docs.find((d) => d.kind === 'Deployment');
  assert.equal(dep.spec.replicas, 2);
  const c = dep.spec.template.spec.containers[0];
  assert.deepEqual([c.securityContext.allowPrivilegeEscalation, c.securityContext.capabilities.drop, dep.spec.template.spec.securityContext.runAsNonRoot], [false, ['ALL'], true]);
  assert.ok(c.readinessProbe.httpGet.path === '/readyz' && c.livenessProbe.httpGet.path === '/healthz');
  const ca = Buffer.from(readFileSync(join(dir, 'ca.crt'))).toString('base64');
  for (const cfg of docs.filter((d) => d.kind.endsWith('WebhookConfiguration'))) {
    for (const h of cfg.webhooks) {
      assert.equal(h.clientConfig.caBundle, ca);
      assert.deepEqual(h.admissionReviewVersions, ['v1']);
      assert.equal(h.sideEffects, 'None');
      assert.ok(h.timeoutSeconds >= 1 && h.timeoutSeconds <= 30);
      assert.equal(h.failurePolicy, 'Fail');
      assert.deepEqual(h.namespaceSelector.matchExpressions[0], { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['guard', 'kube-system'] });
    }
  }
  // Our own Deployment passes the restricted Pod Security Standard (the engine the webhook serves).
  writeFileSync(join(dir, 'm.yaml'), r.stdout);
  const posture = bulwark(['k8s', join(dir, 'm.yaml'), '--pss', 'restricted', '-f', 'json', '-q']);
  assert.equal(posture.status, 0, posture.stderr);
  assert.deepEqual(JSON.parse(posture.stdout).misconfigurations.filter((m: any) => m.pss), []);
  if (!hasTool('kubectl')) return t.skip('kubectl not installed');
  const api = await fakeDiscovery();
  t.after(() => api.close());
  const kc = join(dir, 'kubeconfig');
  writeFileSync(kc, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${api.url}"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {}}]\ncurrent-context: c\n`);
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('kubectl', ['--kubeconfig', kc, 'apply', '--dry-run=client', '--validate=false', '-f', join(dir, 'm.yaml')], { encoding: 'utf8', timeout: 120_000 },
      (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }));
  });
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout.trim().split('\n').filter((l) => l.endsWith('created (dry run)')).length, docs.length, out.stdout);
});

test('admission serve: answers over HTTPS through the generated CA, logs each decision, drains and exits 0 on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-adm-serve-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(bulwark(['admission', 'certs', '--service', 's', '--namespace', 'n', '--out', dir]).status, 0);
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'admission', 'serve', '--port', '0', '--host', '127.0.0.1', '--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key')], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  const body = JSON.stringify(review(goodPod('p'), { namespace: 'default' }));
  const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca: readFileSync(join(dir, 'ca.crt')), servername: 'localhost' }, (r) => {
      let text = '';
      r.on('data', (c: Buffer) => { text += c.toString(); });
      r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(res.status, 200);
  assert.equal(JSON.parse(res.text).response.allowed, true);
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, err);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
  assert.deepEqual(lines.map((l) => l.msg), ['listening', 'decision', 'stopped']);
});

test('admission serve: bad inputs are one-line errors with exit code 2', () => {
  const r = bulwark(['admission', 'serve', '--tls-cert', '/nonexistent.crt', '--tls-key', '/nonexistent.key']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bulwark: --tls-cert \/nonexistent\.crt: ENOENT \[INPUT_NOT_FOUND\]\n$/);
  const p = bulwark(['admission', 'serve', '--port', '99999', '--tls-cert', 'x', '--tls-key', 'y']);
  assert.equal(p.status, 2);
  assert.match(p.stderr, /--port must be an integer/);
});
