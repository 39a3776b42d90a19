/**
 * `registry listen` with a real docker-registry whose `notifications.endpoints` point at it: `skopeo copy`
 * of a fixture image → the push notification → a scan result in the state store within seconds; a pull
 * records its time; a wrong secret is refused; a Harbor webhook payload is accepted too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeOciLayout, type BuiltImage } from '../fixtures/image-builder.js';
import { skopeo, skopeoPush, startRegistry, type RegistryServer } from '../helpers/registry.js';
import { pushClient, pushImage } from '../helpers/registry-populate.js';
import { RegistryStore, listen, type Listener } from '../../src/registry/index.js';
import type { Report } from '../../src/core/index.js';

const SECRET = 'a-shared-secret-0123456789';

function post(port: number, body: object, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, path: '/events', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(data.length), ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Polls until `cond` holds (notifications are delivered asynchronously by the registry). */
async function eventually(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('registry listen', () => {
  let work: string;
  let reg: RegistryServer;
  let listener: Listener;
  let store: RegistryStore;
  let img: BuiltImage;
  const reports: Report[] = [];
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bw-listen-'));
    store = new RegistryStore(join(work, 'state.db'));
    listener = await listen({
      port: 0, bind: '127.0.0.1', secret: SECRET, store, concurrency: 2,
      scan: { scanners: ['secret'], cacheDir: join(work, 'cache') },
      onReport: async (r) => { reports.push(r); },
    });
    reg = await startRegistry({ kind: 'none' }, { notify: { url: `http://127.0.0.1:${listener.port}/events`, headers: { Authorization: `Bearer ${SECRET}` } } });
    img = await buildImage({ repoTags: ['app:1'], layers: [{ entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.0\n' }] }, { entries: [{ path: 'app/run', content: 'run\n' }] }] });
    writeOciLayout(join(work, 'layout'), [img]);
  });
  after(async () => {
    await reg?.stop();
    await listener?.close();
    store?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('skopeo copy → push notification → scan result in the store within seconds', async () => {
    const t0 = Date.now();
    await skopeoPush(join(work, 'layout'), '1', `${reg.host}/team/web:1.0`);
    await eventually(() => store.image(reg.host, img.manifest.digest) !== undefined, 'the scan of the pushed image');
    const s = store.image(reg.host, img.manifest.digest);
    assert.equal(s?.os, 'alpine 3.20.0');
    assert.ok(Date.now() - t0 < 30_000);
    assert.equal(reports.at(-1)?.target.image?.manifestDigest, img.manifest.digest);
    assert.ok(store.tagHistory(reg.host).some((h) => h.repository === 'team/web' && h.tag === '1.0' && h.digest === img.manifest.digest && h.pushedAt));
  });

  it('a pull updates the last-pull time and queues no scan', async () => {
    const scanned = listener.stats.scanned;
    await skopeo(['inspect', '--tls-verify=false', `docker://${reg.host}/team/web:1.0`]);
    await eventually(() => store.pulls(reg.host).some((p) => p.repository === 'team/web' && p.digest === img.manifest.digest), 'the pull record');
    await listener.idle();
    assert.equal(listener.stats.scanned, scanned);
  });

  it('refuses a wrong or missing secret (401) and a body that is no notification (400)', async () => {
    const envelope = { events: [] };
    assert.equal(await post(listener.port, envelope, {}), 401);
    assert.equal(await post(listener.port, envelope, { authorization: 'Bearer wrong' }), 401);
    assert.equal(await post(listener.port, { hello: 'world' }, { authorization: SECRET }), 400);
    assert.equal(await post(listener.port, envelope, { authorization: SECRET }), 200);
  });

  it('accepts a Harbor PUSH_ARTIFACT webhook and scans the artifact it names', async (t) => {
    // A registry that sends no notifications of its own: only the Harbor payload can trigger this scan.
    const quiet = await startRegistry();
    t.after(() => quiet.stop());
    const other = await buildImage({ layers: [{ entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.18.4\n' }] }] });
    const c = pushClient(quiet.host);
    await pushImage(c, 'library/api', 'v2', other);
    c.close();
    const harbor = {
      type: 'PUSH_ARTIFACT', occur_at: Math.floor(Date.now() / 1000), operator: 'admin',
      event_data: {
        resources: [{ digest: other.manifest.digest, tag: 'v2', resource_url: `${quiet.host}/library/api:v2` }],
        repository: { name: 'api', namespace: 'library', repo_full_name: 'library/api', repo_type: 'private' },
      },
    };
    assert.equal(await post(listener.port, harbor, { authorization: SECRET }), 200);
    await eventually(() => store.image(quiet.host, other.manifest.digest) !== undefined, 'the Harbor-triggered scan');
    assert.equal(store.image(quiet.host, other.manifest.digest)?.os, 'alpine 3.18.4');
    assert.ok(store.tagHistory(quiet.host).some((h) => h.repository === 'library/api' && h.tag === 'v2' && h.pushedAt));
  });
});

describe('registry listen with an external queue (--server)', () => {
  it('hands each pushed manifest to the queue instead of scanning, and skips blobs and signature tags', async (t) => {
    const work = mkdtempSync(join(tmpdir(), 'bw-listen-q-'));
    const store = new RegistryStore(join(work, 'state.db'));
    const queued: string[] = [];
    const l = await listen({ port: 0, bind: '127.0.0.1', secret: SECRET, store, scan: {}, enqueue: async (ref) => { queued.push(ref); } });
    t.after(async () => { await l.close(); store.close(); rmSync(work, { recursive: true, force: true }); });
    const d = `sha256:${'a'.repeat(64)}`;
    const ev = (mediaType: string, tag?: string) => ({ action: 'push', timestamp: '2026-12-01T10:00:00Z', target: { mediaType, digest: d, repository: 'team/x', url: `http://reg.example:5000/v2/team/x/manifests/${d}`, ...(tag ? { tag } : {}) }, request: { host: 'reg.example:5000' } });
    const envelope = { events: [ev('application/vnd.oci.image.manifest.v1+json', 'v1'), ev('application/vnd.oci.image.layer.v1.tar+gzip'), ev('application/vnd.oci.image.manifest.v1+json', `sha256-${'b'.repeat(64)}.sig`)] };
    assert.equal(await post(l.port, envelope, { authorization: `Bearer ${SECRET}` }), 200);
    await eventually(() => queued.length > 0, 'the queued request');
    assert.deepEqual(queued, [`reg.example:5000/team/x@${d}`]);
    assert.equal(l.stats.pushes, 2, 'the blob event is not a push of a manifest');
    assert.equal(store.image('reg.example:5000', d), undefined, 'nothing scanned locally');
  });
});
