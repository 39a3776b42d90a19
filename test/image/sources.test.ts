/** Image sources: the three on-disk forms, multi-image selection, legacy vs Docker 25+ archives, bad archives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { openImage, detectInput } from '../../src/sources/index.js';
import { writeDockerArchive, writeOciArchive, writeOciLayout, buildImage } from '../fixtures/image-builder.js';
import { demoImage, tempDir } from './helpers.js';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

test('all three forms give the same identity, layers and diffIDs', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  writeOciLayout(join(dir, 'layout'), [img]);
  await writeOciArchive(join(dir, 'oci.tar'), [img]);
  await writeDockerArchive(join(dir, 'legacy.tar'), [img], 'legacy');
  await writeDockerArchive(join(dir, 'd25.tar'), [img], 'oci');
  const expectTypes: Record<string, string> = { layout: 'oci-layout', 'oci.tar': 'oci-archive', 'legacy.tar': 'docker-archive', 'd25.tar': 'docker-archive' };
  for (const [name, type] of Object.entries(expectTypes)) {
    const src = await openImage(join(dir, name));
    try {
      assert.equal(src.identity.inputType, type, name);
      assert.equal(src.identity.configDigest, img.config.digest, name);
      assert.deepEqual(src.layers.map((l) => l.diffId), img.layers.map((l) => l.diffId), name);
      assert.deepEqual(src.layers.map((l) => l.compression), ['gzip', 'zstd', 'none'], name);
      // History zipped with layers without the two empty_layer entries.
      assert.deepEqual(src.layers.map((l) => l.createdBy), ['ADD rootfs.tar.gz /', 'COPY app /app', 'RUN touch /app/README'], name);
      assert.deepEqual(src.identity.platform, { os: 'linux', architecture: 'amd64' });
      if (name !== 'legacy.tar') assert.deepEqual(src.layers.map((l) => l.digest), img.layers.map((l) => l.digest), name);
      else assert.deepEqual(src.layers.map((l) => l.digest), ['', '', img.layers[2].digest], 'legacy: compressed layer.tar digests come from the walk');
      if (type !== 'docker-archive') assert.equal(src.identity.manifestDigest, img.manifest.digest);
      else assert.deepEqual(src.identity.repoTags, ['demo/app:1']);
    } finally {
      await src.close();
    }
  }
});

test('multi-image archives: select by tag, ambiguous without one lists the tags', async (t) => {
  const dir = tempDir(t);
  const a = await demoImage({ repoTags: ['shop/web:1'] });
  const b = await buildImage({ layers: [{ entries: [{ path: 'etc/alpine-release', content: '3.19.1\n' }] }], repoTags: ['shop/db:2'] });
  await writeDockerArchive(join(dir, 'two.tar'), [a, b]);
  writeOciLayout(join(dir, 'layout'), [a, b]);
  await assert.rejects(openImage(join(dir, 'two.tar')), (e: Error & { code: string }) => e.code === 'USAGE' && /shop\/web:1, shop\/db:2/.test(e.message));
  const db = await openImage(`${join(dir, 'two.tar')}:shop/db:2`);
  assert.equal(db.identity.configDigest, b.config.digest);
  await db.close();
  const dockerHubStyle = await openImage(`${join(dir, 'two.tar')}:docker.io/shop/web:1`);
  assert.equal(dockerHubStyle.identity.configDigest, a.config.digest);
  await dockerHubStyle.close();
  assert.equal(await code(openImage(`${join(dir, 'two.tar')}:nope:1`)), 'IMAGE_NOT_FOUND');
  await assert.rejects(openImage(join(dir, 'layout')), /2 images/);
  const web = await openImage(`${join(dir, 'layout')}:1`);
  assert.equal(web.identity.configDigest, a.config.digest);
  await web.close();
});

test('nested index in a layout: platform selection, PLATFORM_NOT_FOUND lists what exists', async (t) => {
  const dir = tempDir(t);
  const amd = await demoImage();
  const arm = await buildImage({ layers: [{ entries: [{ path: 'a', content: 'x' }] }], architecture: 'arm64', variant: 'v8' });
  const layout = join(dir, 'layout');
  writeOciLayout(layout, [amd, arm]);
  const index = {
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: amd.manifest.mediaType, digest: amd.manifest.digest, size: amd.manifest.size, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: arm.manifest.mediaType, digest: arm.manifest.digest, size: arm.manifest.size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ],
  };
  const body = Buffer.from(JSON.stringify(index));
  const { createHash } = await import('node:crypto');
  const hex = createHash('sha256').update(body).digest('hex');
  writeFileSync(join(layout, 'blobs/sha256', hex), body);
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: index.mediaType, digest: `sha256:${hex}`, size: body.length, annotations: { 'org.opencontainers.image.ref.name': 'multi' } }] }));
  const def = await openImage(layout);
  assert.equal(def.identity.configDigest, amd.config.digest);
  assert.equal(def.identity.indexDigest, `sha256:${hex}`);
  await def.close();
  const a64 = await openImage(layout, { platform: 'linux/arm64' });
  assert.equal(a64.identity.configDigest, arm.config.digest);
  await a64.close();
  await assert.rejects(openImage(layout, { platform: 'linux/s390x' }), (e: Error & { code: string }) => e.code === 'PLATFORM_NOT_FOUND' && /linux\/arm64\/v8/.test(e.message));
});

test('detection: not-an-image tar, plain directory, missing path, registry reference', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'plain.tar'), Buffer.alloc(0));
  // A real tar of ordinary files: the uncompressed layer of another image.
  const { buildLayerTar } = await import('../fixtures/image-builder.js');
  writeFileSync(join(dir, 'files.tar'), await buildLayerTar({ entries: [{ path: 'hello.txt', content: 'hi' }] }));
  writeFileSync(join(dir, 'notatar.bin'), Buffer.from('definitely not a tar archive'.repeat(40)));
  mkdirSync(join(dir, 'plain-dir'));
  assert.equal(await code(openImage(join(dir, 'files.tar'))), 'INPUT_UNRECOGNIZED');
  assert.equal(await code(openImage(join(dir, 'notatar.bin'))), 'INPUT_UNRECOGNIZED');
  assert.equal(await code(openImage(join(dir, 'plain.tar'))), 'INPUT_UNRECOGNIZED');
  assert.equal(await code(openImage(join(dir, 'plain-dir'))), 'INPUT_UNRECOGNIZED');
  assert.equal(await code(openImage(join(dir, 'missing.tar'))), 'INPUT_NOT_FOUND');
  assert.deepEqual(await detectInput('nginx:1.25'), { type: 'registry', path: 'nginx:1.25' });
  assert.deepEqual(await detectInput('127.0.0.1:5000/app@sha256:' + 'a'.repeat(64)), { type: 'registry', path: '127.0.0.1:5000/app@sha256:' + 'a'.repeat(64) });
});

test('bad archives: missing config, config digest mismatch, truncated archive, missing layer blob', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  // Config blob swapped for other bytes under the same name → DIGEST_MISMATCH.
  const layout = join(dir, 'layout');
  writeOciLayout(layout, [img]);
  const cfgPath = join(layout, 'blobs/sha256', img.config.digest.split(':')[1]);
  const bad = join(dir, 'bad-config');
  cpSync(layout, bad, { recursive: true });
  writeFileSync(join(bad, 'blobs/sha256', img.config.digest.split(':')[1]), Buffer.concat([readFileSync(cfgPath), Buffer.from(' ')]));
  assert.equal(await code(openImage(bad)), 'DIGEST_MISMATCH');
  // Missing config in a docker archive.
  const noCfg = await buildImage({ layers: [{ entries: [{ path: 'a', content: 'b' }] }] });
  noCfg.config = { ...noCfg.config, digest: `sha256:${'0'.repeat(64)}` };
  await writeDockerArchive(join(dir, 'nocfg.tar'), [noCfg]);
  const { rmSync } = await import('node:fs');
  assert.ok(['DIGEST_MISMATCH', 'CORRUPT_ARCHIVE'].includes(await code(openImage(join(dir, 'nocfg.tar')))));
  // Truncated archive: cut in the middle of a layer entry.
  await writeDockerArchive(join(dir, 'full.tar'), [img]);
  const full = readFileSync(join(dir, 'full.tar'));
  writeFileSync(join(dir, 'cut.tar'), full.subarray(0, Math.floor(full.length * 0.6)));
  assert.equal(await code(openImage(join(dir, 'cut.tar'))), 'CORRUPT_ARCHIVE');
  // Layout with a layer blob removed: opening works (lazy), reading the layer fails clearly.
  rmSync(join(layout, 'blobs/sha256', img.layers[1].digest.split(':')[1]));
  const src = await openImage(layout);
  assert.equal(await code(src.openLayer(1)), 'CORRUPT_ARCHIVE');
  await src.close();
});
