/**
 * #17 with the server's store as the vulnerability source: `bulwark graph --server URL` takes the images'
 * findings from the store (no --scan file), `--upload` stores the objects without Secret/ConfigMap payloads,
 * and the server's own graph of that cluster (the UI's attack-path view) has the same paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/core/index.js';
import { scanRootfs } from '../../src/scan/index.js';
import { bearer, startServer } from '../server/helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');
const CLUSTER = join(ROOT, 'src', 'graph', 'testdata', 'vulnerable-cluster', 'cluster.yaml');
const WEB = 'registry.example/shop/web:1.2';
const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXBhc3N3b3Jk';

interface GraphJson { paths: Array<{ from: string; to: string; score: number; hops: Array<{ type: string; reason: string }> }>; nodes: Array<{ id: string; findings?: string[] }>; warnings: string[] }

test('bulwark graph --server: vulnerabilities from the store, objects uploaded, same paths from the server', { timeout: 300_000 }, async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  const report = await scanRootfs(join(ROOT, 'demo', 'base'), { dbDir: s.dbDir, noCache: true, scanners: ['vuln'], logger: silentLogger });
  assert.ok(report.vulnerabilities.some((v) => v.id === 'CVE-2023-0286'));
  const up = await s.app.inject({ method: 'POST', url: `/api/reports?reference=${encodeURIComponent(WEB)}`, headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: JSON.stringify(report) });
  assert.equal(up.statusCode, 201, up.body);
  // The cluster plus a Secret with a payload that must never reach the server.
  const manifests = join(s.dir, 'cluster.yaml');
  writeFileSync(manifests, `${readFileSync(CLUSTER, 'utf8')}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ndata: {password: ${SECRET_VALUE}}\n`);

  const env = { ...process.env, BULWARK_SERVER_TOKEN: s.tokens.scan };
  const withServer = await run(process.execPath, ['--import', TSX, CLI, 'graph', manifests, '--server', base, '--upload', 'prod', '-f', 'json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const local: GraphJson = JSON.parse(withServer.stdout);
  const web = local.nodes.find((n) => n.id === 'container:shop/web/app');
  assert.ok(web?.findings?.includes('CVE-2023-0286'), `stored findings reach the graph: ${JSON.stringify(web)}`);
  assert.match(withServer.stderr, /uploaded \d+ objects \(\d+ images\) as cluster prod/);
  assert.match(withServer.stderr, /no result for 3 image\(s\)/, 'the images the server does not know are named');
  // Without the server the same manifests have no vulnerability on that container.
  const alone: GraphJson = JSON.parse((await run(process.execPath, ['--import', TSX, CLI, 'graph', manifests, '-f', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 })).stdout);
  assert.ok(!alone.nodes.find((n) => n.id === 'container:shop/web/app')?.findings?.includes('CVE-2023-0286'));

  const stored = await s.db.kysely.selectFrom('meta').select('value').where('key', '=', 'graph_objects:prod').executeTakeFirstOrThrow();
  assert.ok(!stored.value.includes(SECRET_VALUE), 'no Secret payload stored');
  assert.ok(stored.value.includes('"kind":"Secret"'), 'the Secret object itself is kept (the graph needs it)');

  const served = await s.app.inject({ method: 'GET', url: '/api/clusters/prod/graph?format=json', headers: bearer(s.tokens.read) });
  assert.equal(served.statusCode, 200, served.body);
  const remote: GraphJson = served.json();
  assert.deepEqual(remote.paths.map((p) => [p.from, p.to, p.score, p.hops.map((h) => h.type)]), local.paths.map((p) => [p.from, p.to, p.score, p.hops.map((h) => h.type)]));
  const html = await s.app.inject({ method: 'GET', url: '/api/clusters/prod/graph?format=html', headers: bearer(s.tokens.read) });
  assert.equal(html.statusCode, 200);
  assert.match(String(html.headers['content-security-policy']), /^sandbox allow-scripts;.*frame-ancestors 'self'/);
  assert.equal(html.headers['x-frame-options'], 'SAMEORIGIN');
  for (const f of ['dot', 'mermaid', 'table']) assert.equal((await s.app.inject({ method: 'GET', url: `/api/clusters/prod/graph?format=${f}`, headers: bearer(s.tokens.read) })).statusCode, 200, f);
  // Other routes keep DENY; unknown clusters are 404; uploads need the scan scope.
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/clusters/prod/graph?format=json', headers: bearer(s.tokens.read) })).headers['x-frame-options'], 'DENY');
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/clusters/nope/graph', headers: bearer(s.tokens.read) })).statusCode, 404);
  const asRead = await s.app.inject({ method: 'PUT', url: '/api/clusters/prod/objects', headers: { ...bearer(s.tokens.read), 'content-type': 'application/json' }, payload: '{"items":[]}' });
  assert.equal(asRead.statusCode, 403);
  // The CLI refuses --upload without --server, and --server without a token, before any work.
  const bad = await run(process.execPath, ['--import', TSX, CLI, 'graph', manifests, '--upload', 'prod'], { encoding: 'utf8' }).catch((e: { code: number; stderr: string }) => e);
  assert.equal((bad as { code: number }).code, 2);
  assert.match((bad as { stderr: string }).stderr, /--upload needs --server/);
});
