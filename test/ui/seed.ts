/**
 * Seed data for the UI tests, all of it real: the demo image (test/fixtures image builder over demo/) scanned by
 * `scanImage` against the committed demo advisory feeds, the vulnerable-cluster fixture scanned by `scanK8s`,
 * uploaded through the API as `bulwark image|k8s --server` would; admission decisions and Falco-format alerts
 * posted as JSON lines.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { silentLogger, type Report } from '../../src/core/index.js';
import { parseManifests } from '../../src/k8s/index.js';
import { scanImage, scanK8s, scanRootfs } from '../../src/scan/index.js';
import { strippedObjects } from '../../src/scan/attack-graph.js';
import { buildDemoImage } from '../../scripts/demo-image.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLUSTER_YAML = join(ROOT, 'src', 'graph', 'testdata', 'vulnerable-cluster', 'cluster.yaml');
/** The image the cluster's internet-facing web pod runs: the demo image is uploaded under this name. */
export const WEB_IMAGE = 'registry.example/shop/web:1.2';

/** Builds the web UI into `out` exactly as `npm run build` does. */
export function buildUi(out: string): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-ui.mjs'), out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`UI build failed: ${r.stdout}${r.stderr}`);
}

async function post(app: FastifyInstance, token: string, url: string, payload: unknown, method: 'POST' | 'PUT' = 'POST', type = 'application/json') {
  const res = await app.inject({ method, url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { authorization: `Bearer ${token}`, 'content-type': type } });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}

export interface Seeded { demo: Report; demoId: string; base: Report }

export async function seed(app: FastifyInstance, token: string, dir: string, dbDir: string): Promise<Seeded> {
  const tar = await buildDemoImage(join(dir, 'image'));
  const demo = await scanImage(tar, { dbDir, noCache: true, scanners: ['vuln', 'secret', 'license', 'misconfig'], logger: silentLogger });
  const up = await post(app, token, `/api/reports?reference=${encodeURIComponent(WEB_IMAGE)}`, demo);
  const base = await scanRootfs(join(ROOT, 'demo', 'base'), { dbDir, noCache: true, scanners: ['vuln'], logger: silentLogger });
  await post(app, token, `/api/reports?reference=${encodeURIComponent('demo/base:11')}`, base);
  const posture = await scanK8s({ paths: [CLUSTER_YAML], logger: silentLogger });
  await post(app, token, '/api/clusters/prod/snapshots', posture);
  const objects = parseManifests(readFileSync(CLUSTER_YAML, 'utf8'), CLUSTER_YAML).objects;
  await post(app, token, '/api/clusters/prod/objects', { items: strippedObjects(objects) }, 'PUT');
  const now = Date.now();
  const at = (min: number) => new Date(now - min * 60_000).toISOString();
  const decisions = [
    { at: at(30), cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'web', operation: 'CREATE', allowed: true, images: [WEB_IMAGE] },
    { at: at(20), cluster: 'prod', namespace: 'payments', kind: 'Pod', name: 'api-debug', operation: 'CREATE', allowed: false, reason: 'PSS restricted: privileged (container "api" must not set securityContext.privileged=true)', images: ['registry.example/payments/api:3.1'] },
    { at: at(10), cluster: 'prod', namespace: 'ci', kind: 'Job', name: 'deploy', operation: 'CREATE', allowed: false, reason: 'image registry.example/ci/kubectl:1.30 has 2 critical vulnerabilities (policy max 0)', images: ['registry.example/ci/kubectl:1.30'] },
  ];
  await post(app, token, '/api/decisions', decisions.map((d) => JSON.stringify(d)).join('\n'), 'POST', 'application/x-ndjson');
  const alerts = [
    { time: at(15), rule: 'Terminal shell in container', priority: 'Notice', output: 'A shell was spawned in a container with an attached terminal (user=root shell=bash container=app)', output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': 'web-7d9c', 'container.name': 'app', 'container.image.repository': 'registry.example/shop/web' } },
    { time: at(5), rule: 'Drift: executable not in the image', priority: 'Critical', output: 'Executed /tmp/xmrig, not in any image layer (container=app)', output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': 'web-7d9c', 'container.name': 'app' } },
  ];
  await post(app, token, '/api/alerts?cluster=prod', alerts);
  return { demo, demoId: String(up.imageId), base };
}
