/**
 * `registry scan` against a real docker-registry: catalog pages forced small (`catalog.maxentries: 2`),
 * digests shared across repositories scanned once, shared base layers walked once, --since, resume after
 * an interruption, and the same scan through htpasswd and token auth.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, type BuiltImage, type FixtureLayer } from '../fixtures/image-builder.js';
import { startRegistry, type RegistryServer } from '../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../helpers/token-server.js';
import { pushClient, pushImage } from '../helpers/registry-populate.js';
import { RegistryStore, defaultStatePath, scanRegistry, type RegistryScanOptions } from '../../src/registry/index.js';

const BASE: FixtureLayer = { entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n' }] };
const MIDDLE: FixtureLayer = { entries: [{ path: 'usr/share/app/readme', content: 'shared\n' }] };
// A real-looking AWS key id + secret pair: the secret scanner must find it in one image only.
const LEAK = 'aws_access_key_id = AKIAQYLPMN5HHHFPZAM2\naws_secret_access_key = 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\n';

async function appImage(i: number, extra: Partial<{ created: string; leak: boolean }> = {}): Promise<BuiltImage> {
  return buildImage({
    layers: [BASE, MIDDLE, { entries: [{ path: `app/${i}.txt`, content: extra.leak ? LEAK : `app ${i}\n` }] }],
    ...(extra.created ? { created: extra.created } : {}),
  });
}

function opts(work: string, store: RegistryStore, extra: Partial<RegistryScanOptions> = {}): RegistryScanOptions {
  return { scan: { scanners: ['secret'], cacheDir: join(work, 'cache') }, store, concurrency: 3, pageSize: 2, ...extra };
}

describe('registry scan (anonymous registry, small catalog pages)', () => {
  let reg: RegistryServer;
  let work: string;
  const images: BuiltImage[] = [];
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bw-regscan-'));
    reg = await startRegistry({ kind: 'none' }, { catalogMaxEntries: 2 });
    const c = pushClient(reg.host);
    for (let i = 0; i < 5; i++) images.push(await appImage(i, { leak: i === 3, created: i === 4 ? '2026-06-01T00:00:00Z' : '2024-01-01T00:00:00Z' }));
    for (let i = 0; i < 5; i++) {
      await pushImage(c, `team/app${i}`, 'v1', images[i]);
      await pushImage(c, `team/app${i}`, 'latest', images[i]);
    }
    // The same digest in another repository (a promotion): one more tag, no more images.
    await pushImage(c, 'prod/app0', 'v1', images[0]);
    // A cosign-style signature tag is no image to scan.
    await pushImage(c, 'team/app0', `sha256-${images[0].manifest.digest.slice(7)}.sig`, images[1]);
    c.close();
  });
  after(async () => { await reg?.stop(); rmSync(work, { recursive: true, force: true }); });

  it('lists every repository over paginated catalog pages, scans each unique image once, walks each layer once', async () => {
    const store = new RegistryStore(defaultStatePath(join(work, 'cache')));
    try {
      const r = await scanRegistry(reg.host, opts(work, store));
      assert.deepEqual(r.repositories.map((x) => x.repository), ['prod/app0', 'team/app0', 'team/app1', 'team/app2', 'team/app3', 'team/app4']);
      assert.equal(r.tags.total, 11);
      assert.equal(r.images.unique, 5);
      assert.equal(r.images.scanned, 5);
      assert.equal(r.images.failed.length, 0);
      // BASE + MIDDLE shared by all five, plus one app layer each.
      assert.equal(r.layers.unique, 7);
      assert.equal(r.layers.walked, 7);
      const leaky = r.repositories.find((x) => x.repository === 'team/app3');
      assert.ok(leaky && leaky.secrets > 0, 'the leaked key is found');
      assert.equal(r.repositories.find((x) => x.repository === 'team/app2')?.secrets, 0);
      assert.equal(store.image(reg.host, images[3].manifest.digest)?.os, 'alpine 3.19.1');
      // A second run reuses the layer cache: nothing is walked again.
      const again = await scanRegistry(reg.host, opts(work, store));
      assert.equal(again.resumed, false);
      assert.equal(again.images.scanned, 5);
      assert.equal(again.layers.walked, 0);
    } finally {
      store.close();
    }
  });

  it('--since keeps images created at or after the date; a prefix limits the repositories', async () => {
    const store = new RegistryStore(join(work, 'since.db'));
    try {
      const r = await scanRegistry(`${reg.host}/team`, opts(work, store, { since: new Date('2026-01-01T00:00:00Z') }));
      assert.equal(r.repositories.length, 5);
      assert.equal(r.images.scanned, 1);
      assert.equal(r.images.skippedSince, 4);
      assert.equal(r.repositories.find((x) => x.repository === 'team/app4')?.scanned, 1);
    } finally {
      store.close();
    }
  });

  it('resumes an interrupted run: images finished before the interruption are not scanned again', async () => {
    const store = new RegistryStore(join(work, 'resume.db'));
    const cacheDir = join(work, 'cache-resume');
    try {
      const ac = new AbortController();
      let seen = 0;
      await assert.rejects(scanRegistry(reg.host, {
        ...opts(work, store), scan: { scanners: ['secret'], cacheDir }, concurrency: 1, signal: ac.signal,
        onReport: async () => { if (++seen === 2) ac.abort(new Error('interrupted by the test')); },
      }));
      const resumed = await scanRegistry(reg.host, { ...opts(work, store), scan: { scanners: ['secret'], cacheDir } });
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.images.fromEarlierRun, 2);
      assert.equal(resumed.images.scanned, 3);
      assert.equal(resumed.repositories.reduce((s, x) => s + x.scanned, 0), 6, 'the summary still covers every repository');
      // Finished: the next run starts over.
      const next = await scanRegistry(reg.host, { ...opts(work, store), scan: { scanners: ['secret'], cacheDir } });
      assert.equal(next.resumed, false);
      assert.equal(next.images.scanned, 5);
    } finally {
      store.close();
    }
  });
});

describe('registry scan with authentication', () => {
  let work: string;
  let basic: RegistryServer;
  let tokenReg: RegistryServer;
  let tokens: TokenServer;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bw-regscan-auth-'));
    const img = await appImage(7);
    basic = await startRegistry({ kind: 'htpasswd', users: { alice: 's3cret' } });
    const c = pushClient(basic.host, { username: 'alice', password: 's3cret' });
    await pushImage(c, 'priv/a', '1', img);
    c.close();
    tokens = await startTokenServer({ dir: work, users: { bob: 'hunter2' } });
    tokenReg = await startRegistry({ kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: tokens.certPath });
    const t = pushClient(tokenReg.host, { username: 'bob', password: 'hunter2' });
    await pushImage(t, 'priv/b', '1', img);
    t.close();
  });
  after(async () => {
    await basic?.stop();
    await tokenReg?.stop();
    await tokens?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('htpasswd: scans with credentials, fails AUTH_FAILED without them (password never echoed)', async () => {
    const store = new RegistryStore(join(work, 'basic.db'));
    try {
      const r = await scanRegistry(basic.host, { ...opts(work, store), username: 'alice', password: 's3cret' });
      assert.equal(r.images.scanned, 1);
      await assert.rejects(scanRegistry(basic.host, { ...opts(work, store), username: 'alice', password: 'wrong-s3cret' }),
        (e: Error & { code?: string }) => e.code === 'AUTH_FAILED' && !e.message.includes('s3cret'));
    } finally {
      store.close();
    }
  });

  it('token auth: the catalog scope (registry:catalog:*) and per-repository pull tokens', async () => {
    const store = new RegistryStore(join(work, 'token.db'));
    try {
      const r = await scanRegistry(tokenReg.host, { ...opts(work, store), username: 'bob', password: 'hunter2' });
      assert.equal(r.images.scanned, 1);
      assert.ok(tokens.requests.some((q) => q.scopes.includes('registry:catalog:*')));
      assert.ok(tokens.requests.some((q) => q.scopes.includes('repository:priv/b:pull')));
    } finally {
      store.close();
    }
  });
});

/** A proxy before the real registry: each distinct request is first throttled (429), then its connection dropped, then served. */
async function hostileProxy(target: RegistryServer): Promise<{ host: string; throttled: number; dropped: number; stop: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const state = { throttled: 0, dropped: 0 };
  const server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    const hit = hits.get(key) ?? 0;
    hits.set(key, hit + 1);
    if (req.url !== '/v2/' && hit === 0) {
      state.throttled++;
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
      return;
    }
    if (req.url !== '/v2/' && hit === 1) { state.dropped++; req.socket.destroy(); return; }
    const up = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    get throttled() { return state.throttled; },
    get dropped() { return state.dropped; },
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('registry scan through a proxy that throttles (429 + Retry-After) and drops connections', () => {
  it('every image is still scanned once', async (t) => {
    const work = mkdtempSync(join(tmpdir(), 'bw-regscan-hostile-'));
    const reg = await startRegistry({ kind: 'none' }, { catalogMaxEntries: 2 });
    const proxy = await hostileProxy(reg);
    t.after(async () => { await proxy.stop(); await reg.stop(); rmSync(work, { recursive: true, force: true }); });
    const c = pushClient(reg.host);
    for (let i = 0; i < 3; i++) await pushImage(c, `svc/s${i}`, 'v1', await appImage(10 + i));
    c.close();
    const store = new RegistryStore(join(work, 'state.db'));
    try {
      const r = await scanRegistry(proxy.host, { ...opts(work, store), client: { retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
      assert.equal(r.images.failed.length, 0, JSON.stringify(r.images.failed));
      assert.equal(r.images.scanned, 3);
      assert.equal(r.repositories.length, 3);
      assert.ok(proxy.throttled > 10 && proxy.dropped > 10, `throttled ${proxy.throttled}, dropped ${proxy.dropped}`);
    } finally {
      store.close();
    }
  });
});
