/** `bulwark image <registry ref>` through the openImage dispatcher: a real docker-registry, pushed with skopeo. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeDockerArchive, writeOciLayout } from '../fixtures/image-builder.js';
import { startRegistry, skopeoPush } from '../helpers/registry.js';
import { bulwark, demoImage, tempDir } from './helpers.js';

test('registry reference and docker-archive of the same image give the same report body', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  writeOciLayout(join(dir, 'layout'), [img]);
  await writeDockerArchive(join(dir, 'd.tar'), [img]);
  const reg = await startRegistry();
  t.after(() => reg.stop());
  const ref = `${reg.host}/demo/app:1`;
  await skopeoPush(join(dir, 'layout'), '1', ref);
  const common = ['--format', 'json', '--no-cache', '--scanners', 'secret'];
  const fromRegistry = bulwark(['image', ref, '--insecure', ...common]);
  assert.equal(fromRegistry.status, 0, fromRegistry.stderr);
  const fromArchive = bulwark(['image', join(dir, 'd.tar'), ...common]);
  assert.equal(fromArchive.status, 0, fromArchive.stderr);
  const r = JSON.parse(fromRegistry.stdout);
  const a = JSON.parse(fromArchive.stdout);
  assert.equal(r.target.image.inputType, 'registry');
  assert.equal(r.target.image.manifestDigest, img.manifest.digest);
  assert.deepEqual(r.layers.map((l: { digest: string }) => l.digest), img.layers.map((l) => l.digest));
  assert.deepEqual(r.packages, a.packages);
  assert.deepEqual(r.os, a.os);
  assert.deepEqual(r.config, a.config);
});
