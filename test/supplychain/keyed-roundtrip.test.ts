/**
 * Key-based round trips against the real docker-registry: Bulwark signs (cosign `.sig` tag, or a
 * Sigstore bundle attached as referrer through the tag-schema fallback, since distribution 2.8 has no
 * referrers API), skopeo sees the artifacts, Bulwark verifies; tampering is rejected with its own reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry, skopeo, skopeoRawManifest, type RegistryServer } from '../helpers/registry.js';
import { pushImage, pushIndex } from './helpers.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey, cosignTag } from '../../src/supplychain/index.js';
import { verifyImage, verifyImageAttestations, signImageReference, attestImageReference, preparePolicy, VerificationCache } from '../../src/scan/verify-image.js';
import { RegistryClient, RegistryClientPool } from '../../src/oci/index.js';
import type { BuiltImage } from '../fixtures/image-builder.js';

describe('key-based signatures in a real registry', () => {
  let reg: RegistryServer;
  let a: BuiltImage;
  let b: BuiltImage;
  let other: BuiltImage;
  const pair = generateKeyPair('ecdsa-p256');
  const id = { kind: 'key' as const, privateKey: parsePrivateKey(pair.privateKeyPem, 'key'), publicKey: parsePublicKey(pair.publicKeyPem, 'pub') };
  const policy = preparePolicy({ keys: [id.publicKey], ignoreTlog: true });

  before(async () => {
    reg = await startRegistry();
    a = await pushImage(reg.host, 'team/app', 'a', 'image-a');
    b = await pushImage(reg.host, 'team/app', 'b', 'image-b');
    other = await pushImage(reg.host, 'other/app', 'c', 'image-c');
  });
  after(async () => { await reg?.stop(); });

  it('signs the .sig tag; skopeo sees it; Bulwark verifies; the payload names the digest', async () => {
    const out = await signImageReference(`${reg.host}/team/app:a`, id);
    assert.equal(out.subject, a.manifest.digest);
    const raw = JSON.parse((await skopeoRawManifest(`${reg.host}/team/app:${cosignTag(a.manifest.digest, '.sig')}`)).toString()) as { layers: Array<{ mediaType: string; annotations: Record<string, string> }> };
    assert.equal(raw.layers[0]!.mediaType, 'application/vnd.dev.cosign.simplesigning.v1+json');
    assert.ok(raw.layers[0]!.annotations['dev.cosignproject.cosign/signature']);
    // skopeo can also parse the whole artifact (config included).
    const inspected = JSON.parse((await skopeo(['inspect', '--tls-verify=false', `docker://${reg.host}/team/app:${cosignTag(a.manifest.digest, '.sig')}`])).toString()) as { Digest: string };
    assert.match(inspected.Digest, /^sha256:/);
    const r = await verifyImage(`${reg.host}/team/app:a`, policy);
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    assert.equal(r.digest, a.manifest.digest);
    assert.equal(r.signatures[0]!.kind, 'cosign');
    assert.ok(r.signatures[0]!.checks.some((c) => c.name === 'digest-binding' && c.ok));
    assert.match(r.signatures[0]!.identity!, /^key:sha256:/);
  });

  it('a second signature is appended, not replacing the first', async () => {
    const second = generateKeyPair('ed25519');
    const id2 = { kind: 'key' as const, privateKey: parsePrivateKey(second.privateKeyPem, 'k'), publicKey: parsePublicKey(second.publicKeyPem, 'p') };
    await signImageReference(`${reg.host}/team/app:a`, id2);
    const r1 = await verifyImage(`${reg.host}/team/app:a`, policy);
    const r2 = await verifyImage(`${reg.host}/team/app:a`, preparePolicy({ keys: [id2.publicKey], ignoreTlog: true }));
    assert.equal(r1.signatures.length, 2);
    assert.equal(r1.verified, true);
    assert.equal(r2.verified, true);
  });

  it('unsigned image: not verified, the failure says where it looked', async () => {
    const r = await verifyImage(`${reg.host}/team/app:b`, policy);
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'discovery');
    assert.match(r.failure!.reason, /sha256-[0-9a-f]{64}\.sig/);
  });

  it('wrong key: signature check fails', async () => {
    const stranger = generateKeyPair('ecdsa-p256');
    const r = await verifyImage(`${reg.host}/team/app:a`, preparePolicy({ keys: [parsePublicKey(stranger.publicKeyPem, 'p')], ignoreTlog: true }));
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'signature');
  });

  it('without --insecure-ignore-tlog a key signature with no Rekor entry fails tlog-inclusion', async () => {
    const r = await verifyImage(`${reg.host}/team/app:a`, preparePolicy({ keys: [id.publicKey] }));
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'tlog-inclusion');
  });

  it('tamper: the signature manifest of another image copied onto this digest → digest-binding (another image)', async () => {
    const c = new RegistryClient(reg.host);
    try {
      const sig = await c.getManifest('team/app', cosignTag(a.manifest.digest, '.sig'));
      await c.putManifest('team/app', cosignTag(b.manifest.digest, '.sig'), sig.bytes, sig.mediaType);
    } finally { c.close(); }
    const r = await verifyImage(`${reg.host}/team/app:b`, policy);
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'digest-binding');
    assert.match(r.failure!.reason, /another image/);
  });

  it('tamper: a signature replayed from another repository → digest-binding naming the repository', async () => {
    const c = new RegistryClient(reg.host);
    try {
      const sig = await c.getManifest('team/app', cosignTag(a.manifest.digest, '.sig'));
      for (const l of sig.document.kind === 'manifest' ? [sig.document.manifest.config, ...sig.document.manifest.layers] : []) {
        await c.putBlob('other/app', await c.getBlobBytes('team/app', l, 1 << 20));
      }
      await c.putManifest('other/app', cosignTag(other.manifest.digest, '.sig'), sig.bytes, sig.mediaType);
    } finally { c.close(); }
    const r = await verifyImage(`${reg.host}/other/app:c`, policy);
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'digest-binding');
    assert.match(r.failure!.reason, /replayed from repository .*team\/app/);
  });

  it('tamper: signature annotation swapped with another image\'s → signature', async () => {
    const x = await pushImage(reg.host, 'team/app', 'swap-x', 'swap-x');
    const y = await pushImage(reg.host, 'team/app', 'swap-y', 'swap-y');
    await signImageReference(`${reg.host}/team/app:swap-x`, id);
    await signImageReference(`${reg.host}/team/app:swap-y`, id);
    const c = new RegistryClient(reg.host);
    try {
      const sx = await c.getManifest('team/app', cosignTag(x.manifest.digest, '.sig'));
      const sy = await c.getManifest('team/app', cosignTag(y.manifest.digest, '.sig'));
      const k = 'dev.cosignproject.cosign/signature';
      const doc = JSON.parse(sx.bytes.toString()) as { layers: Array<{ annotations: Record<string, string> }> };
      const ydoc = JSON.parse(sy.bytes.toString()) as typeof doc;
      doc.layers[0]!.annotations[k] = ydoc.layers[0]!.annotations[k]!;
      await c.putManifest('team/app', cosignTag(x.manifest.digest, '.sig'), Buffer.from(JSON.stringify(doc)), sx.mediaType);
    } finally { c.close(); }
    const r = await verifyImage(`${reg.host}/team/app:swap-x`, policy);
    assert.equal(r.verified, false);
    assert.equal(r.failure?.check, 'signature');
  });

  it('bundle signature as OCI referrer (tag-schema fallback); skopeo sees the referrers index', async () => {
    const img = await pushImage(reg.host, 'team/app', 'bundled', 'image-bundled');
    const out = await signImageReference(`${reg.host}/team/app:bundled`, id, { bundle: true });
    assert.match(out.location, /^referrer sha256:/);
    const idx = JSON.parse((await skopeoRawManifest(`${reg.host}/team/app:${cosignTag(img.manifest.digest, '')}`)).toString()) as { manifests: Array<{ artifactType: string }> };
    assert.equal(idx.manifests[0]!.artifactType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    const r = await verifyImage(`${reg.host}/team/app:bundled`, policy);
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    assert.equal(r.signatures[0]!.kind, 'sigstore-bundle');
  });

  it('index: a signature on the platform manifest counts; the index digest is what is reported', async () => {
    const { index, amd64 } = await pushIndex(reg.host, 'team/multi', 'v1', 'multi');
    await signImageReference(`${reg.host}/team/multi@${amd64.manifest.digest}`, id);
    const r = await verifyImage(`${reg.host}/team/multi:v1`, policy, { platform: 'linux/amd64' });
    assert.equal(r.digest, index);
    assert.equal(r.verified, true, JSON.stringify(r.failure));
    assert.equal(r.signatures[0]!.subject, amd64.manifest.digest);
    const arm = await verifyImage(`${reg.host}/team/multi:v1`, policy, { platform: 'linux/arm64' });
    assert.equal(arm.verified, false);
  });

  it('attestations: .att and bundle referrer, predicate type and CEL policy', async () => {
    await pushImage(reg.host, 'team/app', 'attested', 'image-attested');
    const predicate = { buildDefinition: { buildType: 'https://example.com/build/v1' }, runDetails: { builder: { id: 'https://ci.example.com/builder' } } };
    await attestImageReference(`${reg.host}/team/app:attested`, id, 'https://slsa.dev/provenance/v1', predicate);
    await attestImageReference(`${reg.host}/team/app:attested`, id, 'https://cyclonedx.org/bom', { bomFormat: 'CycloneDX', components: [{ name: 'zlib' }] }, { bundle: true });
    const ok = await verifyImageAttestations(`${reg.host}/team/app:attested`, preparePolicy({ keys: [id.publicKey], ignoreTlog: true, attestation: { type: 'slsaprovenance1', policy: 'predicate.runDetails.builder.id == "https://ci.example.com/builder"' } }));
    assert.equal(ok.verified, true, JSON.stringify(ok.failure));
    assert.equal(ok.signatures.length, 1);
    const sbom = await verifyImageAttestations(`${reg.host}/team/app:attested`, preparePolicy({ keys: [id.publicKey], ignoreTlog: true, attestation: { type: 'cyclonedx', policy: 'predicate.components.exists(c, c.name == "zlib")' } }));
    assert.equal(sbom.verified, true, JSON.stringify(sbom.failure));
    const badBuilder = await verifyImageAttestations(`${reg.host}/team/app:attested`, preparePolicy({ keys: [id.publicKey], ignoreTlog: true, attestation: { type: 'slsaprovenance1', policy: 'predicate.runDetails.builder.id == "https://evil.example.com"' } }));
    assert.equal(badBuilder.failure?.check, 'policy');
    const missing = await verifyImageAttestations(`${reg.host}/team/app:attested`, preparePolicy({ keys: [id.publicKey], ignoreTlog: true, attestation: { type: 'vuln' } }));
    assert.equal(missing.failure?.check, 'predicate-type');
  });

  it('pooled clients: after the first call a verification is 4 requests (manifest, .sig, its blob, referrers tag), no HEAD, ping or referrers API', async () => {
    // A recording proxy in front of the real registry sees what the client asks.
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const [hostname, port] = reg.host.split(':');
      const up = http.request({ hostname, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((res) => proxy.listen(0, '127.0.0.1', res));
    const host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const clients = new RegistryClientPool();
    try {
      const p1 = await pushImage(reg.host, 'team/app', 'pooled-1', 'image-pooled-1');
      const p2 = await pushImage(reg.host, 'team/app', 'pooled-2', 'image-pooled-2');
      for (const img of [p1, p2]) await signImageReference(`${reg.host}/team/app@${img.manifest.digest}`, id);
      const first = await verifyImage(`${host}/team/app@${p1.manifest.digest}`, policy, { clients });
      assert.equal(first.verified, true, JSON.stringify(first.failure));
      assert.ok(seen.includes('GET /v2/'), 'the first call pings');
      assert.ok(seen.some((l) => l.startsWith('GET /v2/team/app/referrers/')), 'the first call asks the referrers API (404 here)');
      seen.length = 0;
      const second = await verifyImage(`${host}/team/app@${p2.manifest.digest}`, policy, { clients });
      assert.equal(second.verified, true, JSON.stringify(second.failure));
      const hex = p2.manifest.digest.slice('sha256:'.length);
      assert.deepEqual(seen.map((l) => l.replace(/sha256:[0-9a-f]{64}$/, 'sha256:…')), [
        'GET /v2/team/app/manifests/sha256:…',
        `GET /v2/team/app/manifests/sha256-${hex}.sig`,
        'GET /v2/team/app/blobs/sha256:…',
        `GET /v2/team/app/manifests/sha256-${hex}`,
      ]);
      // A client per call (no pool) still pings and asks the API each time.
      seen.length = 0;
      assert.equal((await verifyImage(`${host}/team/app@${p2.manifest.digest}`, policy)).verified, true);
      assert.ok(seen.includes('GET /v2/') && seen.some((l) => l.includes('/referrers/')));
    } finally {
      clients.close();
      proxy.closeAllConnections();
      await new Promise<void>((res) => proxy.close(() => res()));
    }
  });

  it('cache: a digest reference is answered from the cache without the registry', async () => {
    const cache = new VerificationCache();
    const ref = `${reg.host}/team/app@${a.manifest.digest}`;
    const first = await verifyImage(ref, policy, { cache });
    assert.equal(first.cached, false);
    const second = await verifyImage(ref, policy, { cache });
    assert.equal(second.cached, true);
    assert.equal(second.verified, first.verified);
    const other = await verifyImage(ref, preparePolicy({ keys: [id.publicKey] }), { cache });
    assert.equal(other.cached, false, 'another policy is another cache key');
  });
});
