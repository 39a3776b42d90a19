import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAnalyzer } from '../analyzers/index.js';
import { parseConfig } from '../config/index.js';
import { silentLogger } from '../core/index.js';
import { defineDetector } from '../detectors/index.js';
import { osReleaseAnalyzer } from '../analyzers/os-release/index.js';
import { buildImage, writeOciLayout } from '../../test/fixtures/image-builder.js';
import { scanImage } from './scan-image.js';
import { countFindings } from './options.js';

/** Records every file it sees so the test can read the final view off the inventory. */
const files = defineAnalyzer({ id: 'test-files', version: 1, group: 'os', matches: (p, m) => m.type === 'file' && p.startsWith('app/'), analyze: (f) => ({ facts: { custom: { text: f.content?.toString() } } }) });
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

test('layer cache key: only the config sections analyzers read count; `ignore:` edits keep cached layers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-scan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const img = await buildImage({ layers: [{ entries: [{ path: 'app/settings.conf', content: 'license_id = CORP-0123456789ABCDEF\n' }] }] });
  writeOciLayout(join(dir, 'layout'), [img]);
  const scan = async (yaml: Record<string, unknown>): Promise<{ cached: boolean; secrets: string[] }> => {
    const debug: string[] = [];
    const logger = { ...silentLogger, debug: (m: string) => { debug.push(m); } };
    const report = await scanImage(join(dir, 'layout'), { scanners: ['secret'], cacheDir: join(dir, 'cache'), logger, config: parseConfig(yaml) });
    return { cached: debug.includes('layer 0: cached'), secrets: report.secrets.map((s) => s.ruleId) };
  };
  const rule = { id: 'corp-token', regex: 'CORP-[0-9A-F]{16}', keywords: ['corp-'] };
  assert.deepEqual(await scan({ secrets: { rules: [rule] }, ignore: ['CVE-2024-1'] }), { cached: false, secrets: ['corp-token'] });
  // Suppressions and license policy act after the walk: the cached layer still holds.
  assert.deepEqual(await scan({ secrets: { rules: [rule] }, ignore: ['CVE-2024-2'], licenses: { forbidden: ['MIT'] } }), { cached: true, secrets: ['corp-token'] });
  // A different secret rule changes analyzer output: the layer is walked again.
  assert.deepEqual(await scan({ secrets: { rules: [{ ...rule, id: 'corp-token-2' }] } }), { cached: false, secrets: ['corp-token-2'] });
  // A gitleaks file named by the config is part of the key by content, not just by name.
  const toml = join(dir, 'extra.toml');
  writeFileSync(toml, '[[rules]]\nid = "a"\nregex = \'\'\'AAAA[0-9]{4}\'\'\'\n');
  assert.equal((await scan({ secrets: { gitleaksConfigs: [toml] } })).cached, false);
  assert.equal((await scan({ secrets: { gitleaksConfigs: [toml] } })).cached, true);
  writeFileSync(toml, '[[rules]]\nid = "b"\nregex = \'\'\'CORP-[0-9A-F]{16}\'\'\'\n');
  assert.deepEqual(await scan({ secrets: { gitleaksConfigs: [toml] } }), { cached: false, secrets: ['b'] });
});
