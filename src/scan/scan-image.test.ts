import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAnalyzer } from '../analyzers/index.js';
import { defineDetector } from '../detectors/index.js';
import { osReleaseAnalyzer } from '../analyzers/os-release/index.js';
import { buildImage, writeOciLayout } from '../../test/fixtures/image-builder.js';
import { scanImage } from './scan-image.js';
import { countFindings } from './options.js';

/** Records every file it sees so the test can read the final view off the inventory. */
const files = defineAnalyzer({ id: 'test-files', version: 1, group: 'os', matches: (p, m) => m.type === 'file' && p.startsWith('app/'), analyze: (f) => ({ data: { text: f.content?.toString() } }) });
/** A tiny detector: one finding per file that a later layer deleted, severity high. */
const deletedFiles = defineDetector({
  id: 'test-deleted', scanner: 'misconfig',
  detect: (ctx) => ({
    misconfigurations: ctx.inventory.results.filter((r) => r.analyzer === 'test-files').map((r) => ({
      id: 'TEST-1', severity: r.deleted ? 'high' as const : 'low' as const, title: r.path, message: `${r.path} deleted=${r.deleted} in=${r.deletedIn ?? '-'}`, category: 'image', layer: r.layer.digest,
    })),
  }),
});

test('scanImage: whiteouts, opaque dirs, layer attribution and the detector call path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-scan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const img = await buildImage({
    layers: [
      { entries: [{ path: 'etc/os-release', hostPath: '/etc/os-release' }, { path: 'app/a', content: 'a0' }, { path: 'app/cfg/x', content: 'x0' }, { path: 'app/cfg/y', content: 'y0' }] },
      { entries: [{ path: 'app/cfg/z', content: 'z1' }], opaqueDirs: ['app/cfg'], whiteouts: ['app/a'], compression: 'zstd' },
      { entries: [{ path: 'app/cfg/z', content: 'z2' }], compression: 'none' },
    ],
  });
  writeOciLayout(join(dir, 'layout'), [img]);
  const opts = { analyzers: [osReleaseAnalyzer, files], detectors: [deletedFiles], scanners: ['misconfig' as const], cacheDir: join(dir, 'cache') };
  const report = await scanImage(join(dir, 'layout'), opts);
  assert.equal(report.os?.family, 'debian');
  assert.deepEqual(report.scanners, ['misconfig']);
  const msgs = report.misconfigurations.map((m) => m.message).sort();
  const d1 = img.layers[1].digest;
  const d2 = img.layers[2].digest;
  assert.deepEqual(msgs, [
    `app/a deleted=true in=${d1}`,
    `app/cfg/x deleted=true in=${d1}`,
    `app/cfg/y deleted=true in=${d1}`,
    `app/cfg/z deleted=false in=-`,
    `app/cfg/z deleted=true in=${d2}`,
  ]);
  assert.equal(countFindings(report), 5);
  // Severity filter applies to detector output; a second run is served from the cache with the same result.
  const high = await scanImage(join(dir, 'layout'), { ...opts, severities: ['high'] });
  assert.equal(high.misconfigurations.length, 4);
  // Requested scanners without a detector are reported, not silently "clean".
  const none = await scanImage(join(dir, 'layout'), { ...opts, detectors: [], scanners: ['secret'], noCache: true });
  assert.deepEqual(none.scanners, []);
  assert.ok(none.warnings.some((w) => /scanner "secret" requested but no detector/.test(w)));
});
