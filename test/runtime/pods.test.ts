/**
 * Pod attribution: a recorded v1 PodList served over real HTTPS (our own self-signed certificate, bearer
 * token checked) as the API server answers `pods?fieldSelector=spec.nodeName=…`; a real shell in a
 * Docker-style cgroup whose id the PodList names; the alert carries pod, namespace, labels and image.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { podIndex, PodDirectory } from '../../src/runtime/index.js';
import { startRuntimeWatch } from '../../src/scan/runtime.js';
import { silentLogger } from '../../src/core/index.js';
import { containerCgroup } from './container.js';

const run = promisify(execFile);
const FIX = join(import.meta.dirname, 'fixtures/pods/node-pods.json');
const podList = (id: string): string => readFileSync(FIX, 'utf8').replace('@CONTAINER@', id);

test('podIndex: containerd, CRI-O and init containers by full and short id; containers without an id are skipped', () => {
  const idx = podIndex(JSON.parse(podList('f'.repeat(64))));
  assert.equal(idx.get('f'.repeat(64))?.podName, 'web-7d9f8b6c5d-x2k4p');
  assert.equal(idx.get('aaaaaaaaaaaa')?.name, 'migrate');
  const crio = idx.get('9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d');
  assert.deepEqual(crio && { ns: crio.namespace, pod: crio.podName, labels: crio.labels }, { ns: 'finance', pod: 'payments-0', labels: { app: 'payments' } });
  assert.equal(idx.size, 6, 'three containers with ids, each by full and short id');
  const c = { id: '9e8d7c6b5a4f', fullId: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d' };
  const dir = new PodDirectory({ url: 'https://127.0.0.1:1/' });
  assert.equal(dir.enrich(c), false, 'empty until the first refresh');
});

function tlsPair(dir: string): { key: string; cert: string } {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

test('watch --attribution api: a shell in a pod\'s container alerts with pod, namespace, label and image; lookups are cached', { timeout: 120_000 }, async (t) => {
  if (process.getuid?.() !== 0) { t.skip('needs root (cgroups)'); return; }
  const cg = containerCgroup();
  if (typeof cg === 'string') { t.skip(cg); return; }
  const procs = cg.procs;
  const dir = mkdtempSync(join(tmpdir(), 'bw-pods-'));
  const { key, cert } = tlsPair(dir);
  const requests: string[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    requests.push(`${req.url} ${req.headers.authorization}`);
    if (req.headers.authorization !== 'Bearer sa-token') { res.writeHead(401).end(); return; }
    if (req.url !== '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(podList(cg.id));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  writeFileSync(join(dir, 'token'), 'sa-token\n');
  const rules = join(dir, 'k8s.yaml');
  writeFileSync(rules, [
    '- rule: Shell in shop web pod',
    '  desc: attribution reaches conditions',
    '  condition: evt.type = execve and proc.name = sh and k8s.ns.name = shop and k8s.pod.label[app] = web and container.image.repository = registry.example/shop/web',
    '  output: shell in pod (pod=%k8s.pod.name ns=%k8s.ns.name container=%container.name image=%container.image.repository tag=%container.image.tag)',
    '  priority: WARNING',
  ].join('\n'));
  const out = join(dir, 'alerts.jsonl');
  const running = await startRuntimeWatch({
    rules: [rules], sources: ['proc'], outputs: [`file:${out}`], engine: {}, dedupWindowMs: 0, ratePerSec: 0, procIntervalMs: 20, logger: silentLogger, stdout: process.stdout,
    attribution: { mode: 'api', nodeName: 'node-1', apiUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, tokenFile: join(dir, 'token'), caFile: join(dir, 'cert.pem') },
  });
  try {
    assert.ok(running.notes.some((n) => /pod attribution: Kubernetes API https:\/\/127\.0\.0\.1:\d+\/api\/v1\/pods \(node node-1\)/.test(n)), running.notes.join('\n'));
    for (let i = 0; i < 3; i++) {
      // asynchronously: the poller runs in this process and must keep polling while the shell lives
      await run('sh', ['-c', `echo $$ > ${procs}; exec unshare --mount --fork sh -c 'sleep 0.5; true'`]);
    }
    let alerts: Array<{ rule: string; output_fields: Record<string, unknown> }> = [];
    const end = Date.now() + 20_000;
    while (Date.now() < end && !alerts.length) {
      await new Promise<void>((resolve) => setTimeout(resolve, 200));
      try { alerts = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)); } catch { /* not yet written */ }
    }
    const a = alerts.find((x) => x.rule === 'Shell in shop web pod');
    assert.ok(a, `no alert; pods lookup error: ${running.pods?.lastError}; requests: ${requests.join(', ')}`);
    assert.deepEqual([a.output_fields['k8s.pod.name'], a.output_fields['k8s.ns.name'], a.output_fields['container.name'], a.output_fields['container.image.tag']], ['web-7d9f8b6c5d-x2k4p', 'shop', 'nginx', '1.25.3']);
    assert.equal(running.pods?.refreshes, 1, 'three shells in one container: one lookup, then the cache');
    assert.deepEqual(requests, ['/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1 Bearer sa-token']);
  } finally {
    await running.stop();
    server.close();
    cg.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
