/** Multi-platform images: an OCI index pushed with `skopeo copy --all`, resolved per --platform. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeMultiPlatformLayout, type BuiltBlob, type BuiltImage } from '../fixtures/image-builder.js';
import { startRegistry, skopeo, skopeoPush, skopeoRawManifest, type RegistryServer } from '../helpers/registry.js';
import { openRegistryImage } from '../../src/sources/registry/index.js';
import { isBulwarkError } from '../../src/core/index.js';

describe('multi-platform index from a real registry', () => {
  let reg: RegistryServer;
  let work: string;
  let amd: BuiltImage;
  let arm: BuiltImage;
  let armv7: BuiltImage;
  let index: BuiltBlob;

  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'bulwark-multi-'));
    const mk = (architecture: string, variant?: string) => buildImage({
      architecture, ...(variant ? { variant } : {}),
      layers: [{ entries: [{ path: 'etc/arch', content: `${architecture}${variant ?? ''}\n` }] }],
    });
    amd = await mk('amd64');
    arm = await mk('arm64', 'v8');
    armv7 = await mk('arm', 'v7');
    index = writeMultiPlatformLayout(join(work, 'layout'), [amd, arm, armv7], 'multi');
    await skopeoPush(join(work, 'layout'), 'multi', `${reg.host}/lib/multi:1`, { all: true });
  });
  after(async () => { await reg?.stop(); rmSync(work, { recursive: true, force: true }); });

  it('the registry serves the index skopeo pushed, byte for byte', async () => {
    const raw = await skopeoRawManifest(`${reg.host}/lib/multi:1`);
    assert.equal(`sha256:${createHash('sha256').update(raw).digest('hex')}`, index.digest);
  });

  it('defaults to linux/amd64 and records the index digest', async () => {
    const src = await openRegistryImage(`${reg.host}/lib/multi:1`);
    assert.equal(src.identity.manifestDigest, amd.manifest.digest);
    assert.equal(src.identity.indexDigest, index.digest);
    assert.deepEqual(src.identity.repoDigests, [`${reg.host}/lib/multi@${index.digest}`]);
    assert.deepEqual(src.identity.platform, { os: 'linux', architecture: 'amd64' });
    await src.close();
  });

  it('selects arm64 (with or without v8) and arm/v7, agreeing with skopeo --override-arch', async () => {
    for (const [platform, img] of [['linux/arm64', arm], ['linux/arm64/v8', arm], ['linux/arm/v7', armv7]] as const) {
      const src = await openRegistryImage(`${reg.host}/lib/multi:1`, { platform });
      assert.equal(src.identity.manifestDigest, img.manifest.digest, platform);
      assert.equal(src.identity.configDigest, img.config.digest, platform);
      assert.equal(src.layers[0].digest, img.layers[0].digest);
      await src.close();
    }
    const viaSkopeo = JSON.parse((await skopeo(['inspect', '--tls-verify=false', '--override-arch', 'arm64', '--override-variant', 'v8',
      `docker://${reg.host}/lib/multi:1`])).toString()) as { Digest: string; Layers: string[] };
    assert.equal(viaSkopeo.Digest, index.digest, "skopeo reports the digest of the reference it resolved (the index)");
    assert.deepEqual(viaSkopeo.Layers, arm.layers.map((l) => l.digest));
  });

  it('pulls the index by digest and still selects the platform', async () => {
    const src = await openRegistryImage(`${reg.host}/lib/multi@${index.digest}`, { platform: 'linux/arm64' });
    assert.equal(src.identity.manifestDigest, arm.manifest.digest);
    assert.equal(src.identity.indexDigest, index.digest);
    await src.close();
  });

  it('lists the available platforms when the requested one is absent', async () => {
    await assert.rejects(openRegistryImage(`${reg.host}/lib/multi:1`, { platform: 'linux/s390x' }), (e: unknown) =>
      isBulwarkError(e) && e.code === 'PLATFORM_NOT_FOUND' && e.message.includes('linux/amd64, linux/arm64/v8, linux/arm/v7'));
  });

  it('refuses a platform a single-platform image does not have', async () => {
    const ref = `${reg.host}/lib/multi@${amd.manifest.digest}`;
    const src = await openRegistryImage(ref);
    assert.equal(src.identity.manifestDigest, amd.manifest.digest);
    await src.close();
    await assert.rejects(openRegistryImage(ref, { platform: 'linux/arm64' }), (e: unknown) => isBulwarkError(e) && e.code === 'PLATFORM_NOT_FOUND');
  });
});
