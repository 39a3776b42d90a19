/** `db export` artifact and `db push`/`db pull` through a real docker-registry on 127.0.0.1. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { isBulwarkError } from '../../src/core/index.js';
import {
  DB_ARTIFACT_TYPE, DB_LAYER_MEDIA_TYPE, dbStatus, exportArchive, importPaths, installArchive, openAdvisoryStore,
  pullDatabase, pushDatabase,
} from '../../src/vulndb/index.js';
import { skopeoRawManifest, startRegistry, type RegistryServer } from '../helpers/registry.js';

const demo = fileURLToPath(new URL('../../data/demo-feeds/', import.meta.url));
const tmp = () => join(mkdtempSync(join(tmpdir(), 'bulwark-dbdist-')), 'bulwark.db');
let registry: RegistryServer;
const built = tmp();

before(async () => {
  importPaths({ dbPath: built, paths: [demo] });
  registry = await startRegistry();
});
after(() => registry.stop());

test('export: one tar.gz with bulwark.db and metadata.json; install verifies and swaps', async () => {
  const { archive, metadata } = await exportArchive(built);
  const tar = gunzipSync(archive).toString('latin1');
  assert.ok(tar.includes('metadata.json') && tar.includes('bulwark.db'));
  assert.ok(metadata.feeds.length >= 5);
  const target = tmp();
  const meta = await installArchive(archive, target, 'test');
  assert.equal(meta.builtAt, dbStatus(built).builtAt);
  const store = openAdvisoryStore(target);
  assert.ok(store.lookup('Debian:11', 'openssl').length > 0);
  store.close();
  await assert.rejects(installArchive(archive.subarray(0, 200), tmp(), 'truncated'), (e) => isBulwarkError(e) && e.code === 'CORRUPT_ARCHIVE');
});

test('push as an OCI artifact, inspect with skopeo, pull into another location', async () => {
  const ref = `${registry.host}/bulwark/db:1`;
  const pushed = await pushDatabase(built, ref, { insecure: true });
  assert.match(pushed.digest, /^sha256:[0-9a-f]{64}$/);
  const manifest = JSON.parse((await skopeoRawManifest(ref)).toString('utf8')) as { artifactType: string; layers: Array<{ mediaType: string }> };
  assert.equal(manifest.artifactType, DB_ARTIFACT_TYPE);
  assert.equal(manifest.layers[0].mediaType, DB_LAYER_MEDIA_TYPE);
  const target = tmp();
  const meta = await pullDatabase(ref, target, { insecure: true });
  assert.equal(meta.builtAt, dbStatus(built).builtAt);
  const store = openAdvisoryStore(target);
  assert.ok(store.lookup('PyPI', 'requests').length > 0);
  store.close();
  await assert.rejects(pullDatabase(`${registry.host}/bulwark/none:1`, tmp(), { insecure: true }), (e) => isBulwarkError(e));
});
