import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { ImageSource } from '../core/index.js';
import { defineAnalyzer } from '../analyzers/index.js';
import { buildLayerTar } from '../../test/fixtures/image-builder.js';
import { sharedWalks, walkImage } from './walk-image.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const probe = defineAnalyzer({
  id: 'probe', version: 1, group: 'os', matches: (p) => p.startsWith('etc/'),
  analyze: (f) => ({ facts: { custom: f.content?.toString() ?? null } }),
});

/** One image over one layer; `open` decides what openLayer gives (and records that it was asked). */
function source(raw: Buffer, open: () => Promise<Readable>): ImageSource & { opened: number } {
  const blob = gzipSync(raw);
  const src = {
    opened: 0,
    identity: {} as ImageSource['identity'],
    config: {} as ImageSource['config'],
    layers: [{ index: 0, digest: sha(blob), diffId: sha(raw), size: blob.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', compression: 'gzip' as const }],
    openLayer: async () => { src.opened++; return open(); },
    close: async () => {},
  };
  return src;
}

test('shared walks: a layer two images walk side by side is walked once; a failed walk is redone by the image that waited on it', async () => {
  const raw = await buildLayerTar({ entries: [{ path: 'etc/os-release', content: 'ID=alpine\n' }] });
  const blob = gzipSync(raw);
  const later = () => new Promise<Readable>((r) => setTimeout(() => r(Readable.from([blob])), 20));

  const shared = sharedWalks();
  const a = source(raw, later);
  const b = source(raw, later);
  const [la, lb] = await Promise.all([walkImage(a, { analyzers: [probe], shared }), walkImage(b, { analyzers: [probe], shared })]);
  assert.equal(a.opened + b.opened, 1, 'the second image waited for the first one\'s walk');
  assert.equal(shared.walked, 1);
  assert.deepEqual(lb[0].results.map((r) => r.result.facts?.custom), la[0].results.map((r) => r.result.facts?.custom));
  assert.equal(shared.inflight.size, 0, 'finished walks leave the in-flight map');

  // The first image's connection drops: its scan fails, the other image walks the layer itself.
  const failing = sharedWalks();
  const broken = source(raw, () => new Promise((_r, reject) => setTimeout(() => reject(new Error('connection reset')), 20)));
  const healthy = source(raw, later);
  const [bad, good] = await Promise.allSettled([walkImage(broken, { analyzers: [probe], shared: failing }), walkImage(healthy, { analyzers: [probe], shared: failing })]);
  assert.equal(bad.status, 'rejected');
  assert.equal(good.status, 'fulfilled');
  assert.equal(healthy.opened, 1, 'the waiting image walked the layer after the other walk failed');
  assert.deepEqual(good.status === 'fulfilled' && good.value[0].results.map((r) => r.result.facts?.custom), ['ID=alpine\n']);
  assert.equal(failing.inflight.size, 0);
});
