/**
 * End to end against a real docker-registry: fixture images pushed with skopeo, read back with our
 * client, and compared with what skopeo itself reports.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeOciLayout, type BuiltImage } from '../fixtures/image-builder.js';
import { startRegistry, skopeoPush, skopeoRawManifest, type RegistryServer } from '../helpers/registry.js';
import { openRegistryImage } from '../../src/sources/registry/index.js';
import { isBulwarkError } from '../../src/core/index.js';

async function sha256OfStream(s: NodeJS.ReadableStream): Promise<string> {
  const h = createHash('sha256');
  for await (const c of s) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}

describe('registry source against docker-registry (anonymous)', () => {
  let reg: RegistryServer;
  let work: string;
  let img: BuiltImage;

  before(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'bulwark-reg-test-'));
    img = await buildImage({
      repoTags: ['demo:1.0'],
      layers: [
        { entries: [{ path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }], createdBy: 'ADD rootfs /' },
        { entries: [{ path: 'app/hello.txt', content: 'hello' }], compression: 'zstd', createdBy: 'COPY hello /app' },
        { entries: [{ path: 'app/raw.txt', content: 'raw' }], compression: 'none' },
      ],
    });
    writeOciLayout(join(work, 'layout'), [img]);
    await skopeoPush(join(work, 'layout'), '1.0', `${reg.host}/team/demo:1.0`);
  });

  after(async () => {
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads identity, config and layers as pushed', async () => {
    const src = await openRegistryImage(`${reg.host}/team/demo:1.0`);
    try {
      const raw = await skopeoRawManifest(`${reg.host}/team/demo:1.0`);
      const skopeoDigest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
      assert.equal(src.identity.manifestDigest, skopeoDigest);
      assert.equal(src.identity.manifestDigest, img.manifest.digest);
      assert.equal(src.identity.configDigest, img.config.digest);
      assert.equal(src.identity.inputType, 'registry');
      assert.equal(src.identity.reference, `${reg.host}/team/demo:1.0`);
      assert.deepEqual(src.identity.repoTags, [`${reg.host}/team/demo:1.0`]);
      assert.deepEqual(src.identity.repoDigests, [`${reg.host}/team/demo@${img.manifest.digest}`]);
      assert.deepEqual(src.identity.platform, { os: 'linux', architecture: 'amd64' });
      assert.equal(src.identity.indexDigest, undefined);
      assert.deepEqual(src.layers.map((l) => [l.digest, l.diffId, l.size, l.compression]),
        img.layers.map((l) => [l.digest, l.diffId, l.size, l.compression]));
      assert.equal(src.layers[0].createdBy, 'ADD rootfs /');
      assert.deepEqual(src.config.rootfs?.diff_ids, img.layers.map((l) => l.diffId));
      for (const l of src.layers) assert.equal(await sha256OfStream(await src.openLayer(l.index)), l.digest);
    } finally {
      await src.close();
    }
  });

  it('streams all layers concurrently and releases connections when a stream is abandoned', async () => {
    const src = await openRegistryImage(`${reg.host}/team/demo:1.0`);
    try {
      const digests = await Promise.all(src.layers.map(async (l) => sha256OfStream(await src.openLayer(l.index))));
      assert.deepEqual(digests, img.layers.map((l) => l.digest));
      const abandoned = await src.openLayer(0);
      abandoned.destroy();
      assert.equal(await sha256OfStream(await src.openLayer(0)), img.layers[0].digest);
    } finally {
      await src.close();
    }
  });

  it('pulls by digest and by tag@digest', async () => {
    for (const ref of [`${reg.host}/team/demo@${img.manifest.digest}`, `${reg.host}/team/demo:1.0@${img.manifest.digest}`]) {
      const src = await openRegistryImage(ref);
      assert.equal(src.identity.manifestDigest, img.manifest.digest);
      assert.equal(src.identity.reference, ref);
      await src.close();
    }
  });

  it('maps a missing tag and a missing repository to IMAGE_NOT_FOUND', async () => {
    for (const ref of [`${reg.host}/team/demo:nope`, `${reg.host}/team/absent:1.0`]) {
      await assert.rejects(openRegistryImage(ref), (e: unknown) => isBulwarkError(e) && e.code === 'IMAGE_NOT_FOUND' && e.message.includes(`${reg.host}/team/`));
    }
  });
});
