/**
 * `registry scan --server` and `registry listen --server` against the real Bulwark server (SQLite, in-process
 * job queue) and a real docker-registry: every scanned image reaches the server's store, and a push notified to
 * `listen` becomes a scan job the server runs itself (it pulls the image by reference).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage, writeOciLayout } from '../fixtures/image-builder.js';
import { freePort, skopeoPush, startRegistry } from '../helpers/registry.js';
import { pushClient, pushImage } from '../helpers/registry-populate.js';
import { bearer, startServer } from '../server/helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');
const SECRET = 'a-shared-secret-0123456789';

const image = (n: number) => buildImage({
  repoTags: [`app:${n}`],
  layers: [{ entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.0\n' }] }, { entries: [{ path: `app/${n}`, content: `app ${n}\n` }] }],
});

async function eventually(cond: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('registry scan --server and registry listen --server store their results in the real server', { timeout: 300_000 }, async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  const server = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
  const digests = async () => {
    const r = await s.app.inject({ method: 'GET', url: '/api/images?limit=100', headers: bearer(s.tokens.read) });
    assert.equal(r.statusCode, 200, r.body);
    // Images are stored under their manifest digest.
    return r.body;
  };
  const env = { ...process.env, BULWARK_SERVER_TOKEN: s.tokens.scan, BULWARK_CACHE_DIR: join(s.dir, 'cache') };

  // scan --server: each scanned image is uploaded as a report.
  const scanned = await startRegistry({ kind: 'none' });
  t.after(() => scanned.stop());
  const one = await image(1);
  const c = pushClient(scanned.host);
  await pushImage(c, 'team/one', 'v1', one);
  c.close();
  await run(process.execPath, ['--import', TSX, CLI, 'registry', 'scan', scanned.host, '--insecure', '--scanners', 'vuln', '--db-dir', s.dbDir, '--server', server], { env, cwd: s.dir });
  assert.ok((await digests()).includes(one.manifest.digest), 'the scanned image is in the server');

  // listen --server: the push notification becomes a scan job on the server, which pulls and scans the image.
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'registry', 'listen', '--port', String(port), '--bind', '127.0.0.1', '--secret', SECRET, '--insecure', '--db-dir', s.dbDir, '--server', server], { env, cwd: s.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  t.after(() => { child.kill('SIGTERM'); });
  await eventually(async () => fetch(`http://127.0.0.1:${port}/events`, { method: 'POST' }).then((r) => r.status > 0, () => false), 'listen to accept connections');
  const notified = await startRegistry({ kind: 'none' }, { notify: { url: `http://127.0.0.1:${port}/events`, headers: { Authorization: `Bearer ${SECRET}` } } });
  t.after(() => notified.stop());
  const two = await image(2);
  writeOciLayout(join(s.dir, 'layout'), [two]);
  await skopeoPush(join(s.dir, 'layout'), '2', `${notified.host}/team/two:1.0`);
  await eventually(async () => (await digests()).includes(two.manifest.digest), `the server's scan of the pushed image (listen stderr: ${stderr.slice(-500)})`);
  const scans = await s.app.inject({ method: 'GET', url: '/api/scans', headers: bearer(s.tokens.read) });
  assert.match(scans.body, /team\/two/, 'the scan request names the pushed repository');
});
