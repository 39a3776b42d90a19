/**
 * A misbehaving registry (test/helpers/hostile-registry.ts): every failure mode must end in the right
 * BulwarkError code with a one-line message naming the registry, and credentials must never leak —
 * neither into messages nor to another host a blob redirect points at (127.0.0.2 plays that host).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, buildIndex, type BuiltImage } from '../fixtures/image-builder.js';
import { firstThen, reset, serve, stall, startHostileServer, status, type Handler, type HostileServer } from '../helpers/hostile-registry.js';
import { freePort } from '../helpers/registry.js';
import { openRegistryImage, type RegistryImageOptions } from '../../src/sources/registry/index.js';
import { RegistryClient } from '../../src/oci/index.js';
import { isBulwarkError, type ErrorCode } from '../../src/core/index.js';

const PASSWORD = 'hunter2-s3cret';
const BASIC = `Basic ${Buffer.from(`u:${PASSWORD}`).toString('base64')}`;
const fast: RegistryImageOptions['client'] = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 }, timeoutMs: 2000 };

const fails = (code: ErrorCode, host?: string) => (e: unknown) => {
  assert.ok(isBulwarkError(e), `expected BulwarkError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.ok(!e.message.includes('\n'), 'one line');
  assert.ok(!e.message.includes(PASSWORD) && !e.message.includes(BASIC.slice(6)), 'no credentials');
  if (host) assert.ok(e.message.includes(host), `names the registry: ${e.message}`);
  return true;
};

describe('hostile registry', () => {
  let reg: HostileServer;
  let storage: HostileServer;
  let img: BuiltImage;
  const repo = 'evil/app';
  let ref: string;

  /** Serves the fixture image normally; tests override single routes. */
  function serveImage(): void {
    reg.routes.clear();
    reg.routes.set(`GET /v2/${repo}/manifests/1`, serve(img.manifest.data, img.manifest.mediaType, img.manifest.digest));
    reg.routes.set(`GET /v2/${repo}/manifests/${img.manifest.digest}`, serve(img.manifest.data, img.manifest.mediaType, img.manifest.digest));
    reg.routes.set(`GET /v2/${repo}/blobs/${img.config.digest}`, serve(img.config.data, 'application/octet-stream'));
    for (const l of img.layers) reg.routes.set(`GET /v2/${repo}/blobs/${l.digest}`, serve(l.data, 'application/octet-stream'));
  }

  before(async () => {
    img = await buildImage({ layers: [{ entries: [{ path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }] }, { entries: [{ path: 'a', content: 'b' }] }] });
    reg = await startHostileServer('127.0.0.1');
    storage = await startHostileServer('127.0.0.2');
    ref = `${reg.host}/${repo}:1`;
  });
  after(async () => { await reg?.stop(); await storage?.stop(); });
  beforeEach(() => { serveImage(); reg.requests.length = 0; storage.requests.length = 0; storage.routes.clear(); });

  it('reads a well-behaved image (control case)', async () => {
    const src = await openRegistryImage(ref, { client: fast });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
  });

  it('retries 429 (honouring Retry-After) and then succeeds', async () => {
    reg.routes.set(`GET /v2/${repo}/manifests/1`, firstThen(2, status(429, 'TOOMANYREQUESTS', { 'retry-after': '0' }), serve(img.manifest.data, img.manifest.mediaType)));
    const src = await openRegistryImage(ref, { client: fast });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    assert.equal(reg.requests.filter((r) => r.url === `/v2/${repo}/manifests/1`).length, 3);
    await src.close();
  });

  it('retries a connection reset and then succeeds', async () => {
    reg.routes.set(`GET /v2/${repo}/blobs/${img.config.digest}`, firstThen(1, reset, serve(img.config.data, 'application/octet-stream')));
    const src = await openRegistryImage(ref, { client: fast });
    assert.equal(src.identity.configDigest, img.config.digest);
    await src.close();
  });

  it('gives up on a persistent 500 after the bounded attempts with REGISTRY_ERROR', async () => {
    reg.routes.set(`GET /v2/${repo}/manifests/1`, status(500, 'INTERNAL'));
    await assert.rejects(openRegistryImage(ref, { client: fast }), fails('REGISTRY_ERROR', `${reg.host}/${repo}`));
    assert.equal(reg.requests.filter((r) => r.url === `/v2/${repo}/manifests/1`).length, 3);
  });

  it('maps 401, 403 and 404 to AUTH_FAILED, ACCESS_DENIED and IMAGE_NOT_FOUND', async () => {
    for (const [s, code] of [[401, 'AUTH_FAILED'], [403, 'ACCESS_DENIED'], [404, 'IMAGE_NOT_FOUND']] as const) {
      reg.routes.set(`GET /v2/${repo}/manifests/1`, status(s, 'X'));
      await assert.rejects(openRegistryImage(ref, { client: fast, username: 'u', password: PASSWORD }), fails(code, `${reg.host}/${repo}`));
    }
  });

  it('follows a blob redirect to another host without sending it the Authorization header', async () => {
    reg.routes.set('GET /v2/', (req, res) => {
      if (req.headers.authorization === BASIC) res.writeHead(200).end('{}');
      else res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end();
    });
    const layer = img.layers[0];
    reg.routes.set(`GET /v2/${repo}/blobs/${layer.digest}`, (req, res) => {
      if (req.headers.authorization !== BASIC) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end();
      res.writeHead(307, { location: `${storage.origin}/store/${layer.digest}?sig=abc` }).end();
    });
    storage.routes.set(`GET /store/${layer.digest}`, serve(layer.data, 'application/octet-stream'));
    const src = await openRegistryImage(ref, { client: fast, username: 'u', password: PASSWORD });
    const h = createHash('sha256');
    for await (const c of await src.openLayer(0)) h.update(c as Buffer);
    await src.close();
    assert.equal(`sha256:${h.digest('hex')}`, layer.digest);
    assert.equal(storage.requests.length, 1);
    assert.equal(storage.requests[0].authorization, undefined, 'no Authorization to the other host');
    assert.ok(reg.requests.filter((r) => r.url.includes('/blobs/')).every((r) => r.authorization === BASIC), 'registry itself got credentials');
  });

  it('rejects Docker schema 1 manifests with UNSUPPORTED_SCHEMA', async () => {
    const s1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: repo, tag: '1', architecture: 'amd64', fsLayers: [], history: [], signatures: [] }));
    reg.routes.set(`GET /v2/${repo}/manifests/1`, serve(s1, 'application/vnd.docker.distribution.manifest.v1+prettyjws'));
    await assert.rejects(openRegistryImage(ref, { client: fast }), fails('UNSUPPORTED_SCHEMA', `${reg.host}/${repo}`));
  });

  it('detects manifest digest mismatches (by digest, and a lying Docker-Content-Digest)', async () => {
    const other = Buffer.from(img.manifest.data.toString().replace('"schemaVersion":2', '"schemaVersion": 2'));
    reg.routes.set(`GET /v2/${repo}/manifests/${img.manifest.digest}`, serve(other, img.manifest.mediaType));
    await assert.rejects(openRegistryImage(`${reg.host}/${repo}@${img.manifest.digest}`, { client: fast }), fails('DIGEST_MISMATCH', `${reg.host}/${repo}`));
    reg.routes.set(`GET /v2/${repo}/manifests/1`, serve(other, img.manifest.mediaType, img.manifest.digest));
    await assert.rejects(openRegistryImage(ref, { client: fast }), fails('DIGEST_MISMATCH'));
  });

  it('detects index and manifest descriptors whose size is not the blob size (digest alone is not enough)', async () => {
    for (const delta of [-1, 7]) {
      const index = buildIndex([img]);
      const doc = JSON.parse(index.data.toString('utf8')) as { manifests: Array<{ size: number }> };
      doc.manifests[0].size += delta;
      const data = Buffer.from(JSON.stringify(doc));
      reg.routes.set(`GET /v2/${repo}/manifests/1`, serve(data, index.mediaType));
      await assert.rejects(openRegistryImage(ref, { client: fast }), fails('DIGEST_MISMATCH', `${reg.host}/${repo}`));
    }
    for (const [what, edit] of [['config', (m: { config: { size: number } }) => { m.config.size -= 1; }], ['layer', (m: { layers: Array<{ size: number }> }) => { m.layers[0].size += 3; }]] as const) {
      const m = JSON.parse(img.manifest.data.toString('utf8'));
      edit(m);
      reg.routes.set(`GET /v2/${repo}/manifests/1`, serve(Buffer.from(JSON.stringify(m)), img.manifest.mediaType));
      const open = openRegistryImage(ref, { client: fast }).then(async (src) => {
        try {
          for await (const _ of await src.openLayer(0)) { /* drain */ }
        } finally { await src.close(); }
      });
      await assert.rejects(open, fails('DIGEST_MISMATCH'), what);
    }
  });

  it('detects a config that does not match its digest', async () => {
    const forged = Buffer.from(img.config.data.toString().replace('"amd64"', '"arm64"'));
    reg.routes.set(`GET /v2/${repo}/blobs/${img.config.digest}`, serve(forged, 'application/octet-stream'));
    await assert.rejects(openRegistryImage(ref, { client: fast }), fails('DIGEST_MISMATCH'));
  });

  it('fails a layer stream that carries more bytes than declared', async () => {
    const layer = img.layers[1];
    reg.routes.set(`GET /v2/${repo}/blobs/${layer.digest}`, serve(Buffer.concat([layer.data, Buffer.from('extra')]), 'application/octet-stream'));
    const src = await openRegistryImage(ref, { client: fast });
    await assert.rejects(async () => { for await (const _ of await src.openLayer(1)) { /* drain */ } }, fails('DIGEST_MISMATCH'));
    await src.close();
  });

  it('maps a refused connection and a stalled server to REGISTRY_UNREACHABLE', async () => {
    const port = await freePort();
    await assert.rejects(openRegistryImage(`127.0.0.1:${port}/x/y:1`, { client: fast }), fails('REGISTRY_UNREACHABLE', `127.0.0.1:${port}`));
    reg.routes.set(`GET /v2/${repo}/manifests/1`, stall);
    await assert.rejects(openRegistryImage(ref, { client: { ...fast, timeoutMs: 150 } }), fails('REGISTRY_UNREACHABLE', reg.host));
  });

  it('stops on an AbortSignal', async () => {
    reg.routes.set(`GET /v2/${repo}/manifests/1`, stall);
    const ac = new AbortController();
    const p = openRegistryImage(ref, { client: fast, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: unknown) => (e as Error).name === 'AbortError');
  });

  it('follows Link pagination for tags', async () => {
    reg.routes.set(`GET /v2/${repo}/tags/list`, (req, res) => {
      const last = new URL(req.url ?? '', 'http://x').searchParams.get('last');
      const page = last === null ? ['a', 'b'] : last === 'b' ? ['c'] : [];
      const link = last === null ? { link: `</v2/${repo}/tags/list?n=2&last=b>; rel="next"` } : {};
      res.writeHead(200, { 'content-type': 'application/json', ...link }).end(JSON.stringify({ name: repo, tags: page }));
    });
    const client = new RegistryClient(reg.host, fast);
    assert.deepEqual(await client.listTags(repo, 2), ['a', 'b', 'c']);
    client.close();
  });
});

describe('self-signed TLS registry', () => {
  let reg: HostileServer;
  let img: BuiltImage;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-tls-'));
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k.pem'),
      '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    reg = await startHostileServer('127.0.0.1', { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) });
    img = await buildImage({ layers: [{ entries: [{ path: 'x', content: 'tls' }] }] });
    reg.routes.set('GET /v2/t/app/manifests/1', serve(img.manifest.data, img.manifest.mediaType));
    reg.routes.set(`GET /v2/t/app/blobs/${img.config.digest}`, serve(img.config.data, 'application/octet-stream'));
  });
  after(async () => { await reg?.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('is refused without --insecure, naming the certificate problem', async () => {
    await assert.rejects(openRegistryImage(`${reg.host}/t/app:1`, { client: fast }), (e: unknown) =>
      fails('REGISTRY_UNREACHABLE', reg.host)(e) && /certificate not trusted/.test((e as Error).message));
  });

  it('is read over HTTPS with --insecure (verification skipped)', async () => {
    const src = await openRegistryImage(`${reg.host}/t/app:1`, { client: fast, insecure: true });
    assert.equal(src.identity.manifestDigest, img.manifest.digest);
    await src.close();
    assert.ok(reg.requests.some((r) => r.url === '/v2/t/app/manifests/1'));
  });
});

describe('truncated blob', () => {
  it('turns a connection dropped mid-layer into REGISTRY_UNREACHABLE', async () => {
    const reg = await startHostileServer('127.0.0.1');
    try {
      const img = await buildImage({ layers: [{ entries: [{ path: 'big', content: Buffer.alloc(200_000, 7) }], compression: 'none' }] });
      const l = img.layers[0];
      reg.routes.set('GET /v2/t/app/manifests/1', serve(img.manifest.data, img.manifest.mediaType));
      reg.routes.set(`GET /v2/t/app/blobs/${img.config.digest}`, serve(img.config.data, 'application/octet-stream'));
      reg.routes.set(`GET /v2/t/app/blobs/${l.digest}`, (_req, res) => {
        res.writeHead(200, { 'content-length': String(l.size) });
        res.write(l.data.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 20));
      });
      const src = await openRegistryImage(`${reg.host}/t/app:1`, { client: fast });
      await assert.rejects(async () => { for await (const _ of await src.openLayer(0)) { /* drain */ } }, fails('REGISTRY_UNREACHABLE', reg.host));
      await src.close();
    } finally {
      await reg.stop();
    }
  });
});

describe('bearer challenge on a repository route (anonymous /v2/)', () => {
  it('fetches a token for the requested and challenged scopes, retries once, and keeps it off other hosts', async () => {
    const reg = await startHostileServer('127.0.0.1');
    const realm = await startHostileServer('127.0.0.2');
    const storage = await startHostileServer('127.0.0.3');
    try {
      const img = await buildImage({ layers: [{ entries: [{ path: 'x', content: 'bearer' }] }] });
      const challenge = { 'www-authenticate': `Bearer realm="${realm.origin}/token",service="hostile",scope="repository:t/app:pull"` };
      const guarded = (ok: Handler): Handler => (req, res, hit) =>
          req.headers.authorization === 'Bearer tok-1' ? ok(req, res, hit) : void res.writeHead(401, challenge).end();
      reg.routes.set('GET /v2/t/app/manifests/1', guarded(serve(img.manifest.data, img.manifest.mediaType)));
      reg.routes.set(`GET /v2/t/app/blobs/${img.config.digest}`, guarded(serve(img.config.data, 'application/octet-stream')));
      reg.routes.set(`GET /v2/t/app/blobs/${img.layers[0].digest}`, guarded((_q, res) => void res.writeHead(302, { location: `${storage.origin}/b` }).end()));
      storage.routes.set('GET /b', serve(img.layers[0].data, 'application/octet-stream'));
      realm.routes.set('GET /token', (req, res) => {
        assert.equal(req.headers.authorization, `Basic ${Buffer.from(`u:${PASSWORD}`).toString('base64')}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-1', expires_in: 120 }));
      });
      const src = await openRegistryImage(`${reg.host}/t/app:1`, { client: fast, username: 'u', password: PASSWORD });
      for await (const _ of await src.openLayer(0)) { /* drain */ }
      await src.close();
      assert.equal(realm.requests.length, 1, 'one token, cached for the later requests');
      const tokenUrl = new URL(realm.requests[0].url, realm.origin);
      assert.deepEqual(tokenUrl.searchParams.getAll('scope'), ['repository:t/app:pull']);
      assert.equal(tokenUrl.searchParams.get('service'), 'hostile');
      assert.equal(storage.requests.length, 1);
      assert.equal(storage.requests[0].authorization, undefined);
    } finally {
      await Promise.all([reg.stop(), realm.stop(), storage.stop()]);
    }
  });
});

describe('interrupted blob with Range support', () => {
  it('resumes from the byte it reached (twice) and delivers the exact blob', async () => {
    const reg = await startHostileServer('127.0.0.1');
    try {
      const img = await buildImage({ layers: [{ entries: [{ path: 'big', content: Buffer.alloc(300_000, 9) }], compression: 'none' }] });
      const l = img.layers[0];
      reg.routes.set('GET /v2/t/app/manifests/1', serve(img.manifest.data, img.manifest.mediaType));
      reg.routes.set(`GET /v2/t/app/blobs/${img.config.digest}`, serve(img.config.data, 'application/octet-stream'));
      const ranges: string[] = [];
      reg.routes.set(`GET /v2/t/app/blobs/${l.digest}`, (req, res) => {
        const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
        const from = m ? Number(m[1]) : 0;
        ranges.push(req.headers.range ?? '');
        const rest = l.data.subarray(from);
        res.writeHead(m ? 206 : 200, { 'accept-ranges': 'bytes', 'content-length': String(rest.length),
          ...(m ? { 'content-range': `bytes ${from}-${l.size - 1}/${l.size}` } : {}) });
        if (ranges.length > 2) return void res.end(rest);
        // The first two answers break off after 50 000 bytes.
        res.write(rest.subarray(0, 50_000), () => setTimeout(() => res.socket?.destroy(), 20));
      });
      const src = await openRegistryImage(`${reg.host}/t/app:1`, { client: fast });
      const h = createHash('sha256');
      for await (const c of await src.openLayer(0)) h.update(c as Buffer);
      await src.close();
      assert.equal(`sha256:${h.digest('hex')}`, l.digest);
      assert.equal(ranges[0], '');
      assert.equal(ranges.length, 3);
      assert.ok(Number(/\d+/.exec(ranges[1])?.[0]) > 0 && Number(/\d+/.exec(ranges[2])?.[0]) > Number(/\d+/.exec(ranges[1])?.[0]), ranges.join(' | '));
    } finally {
      await reg.stop();
    }
  });
});
