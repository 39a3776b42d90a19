// Language analyzers in image mode through the real layer walk: layer attribution, a package deleted by
// a whiteout in a later layer, and source-tree lockfiles not read from images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeOciLayout } from '../fixtures/image-builder.js';
import { scanImage } from '../../src/scan/index.js';

const td = (p: string) => new URL(`../../src/analyzers/${p}`, import.meta.url).pathname;

test('image scan: installed language packages per layer, whiteouts remove them, lockfiles ignored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lang-image-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const img = await buildImage({
    layers: [
      { hostDirs: [{ hostDir: td('python/testdata/installed/usr'), path: 'usr' }], createdBy: 'RUN pip install …' },
      {
        entries: [
          { path: 'srv/app/vendor/composer/installed.json', content: readFileSync(td('php/testdata/app/vendor/composer/installed.json')) },
          { path: 'srv/app/composer.lock', content: readFileSync(td('php/testdata/app/composer.lock')) },
          { path: 'srv/app/MyApp.deps.json', content: readFileSync(td('dotnet/testdata/app/MyApp.deps.json')) },
        ],
        compression: 'zstd',
      },
      { whiteouts: ['usr/lib/python3.11/site-packages/blinker-1.9.0.dist-info'], compression: 'none' },
    ],
  });
  writeOciLayout(join(dir, 'layout'), [img]);
  const report = await scanImage(join(dir, 'layout'), { noCache: true, scanners: [], detectors: [] });
  const by = (id: string) => report.packages.filter((p) => p.foundBy.includes(id)).map((p) => `${p.name}@${p.version}`).sort();
  assert.deepEqual(by('python-installed'), ['PyJWT@2.6.0', 'certifi@2026.5.20', 'click@8.4.0', 'pycups@2.0.1']);
  assert.deepEqual(by('php-composer-installed'), ['monolog/monolog@3.4.0', 'phpunit/phpunit@10.3.2', 'psr/log@3.0.0']);
  assert.deepEqual(by('php-composer-lock'), [], 'lockfiles are fs-mode only');
  // 3 NuGet packages, the MyApp project (application root) and its MyLib project reference (local).
  assert.equal(by('dotnet-deps').length, 5);
  assert.equal(report.packages.filter((p) => p.foundBy.includes('dotnet-deps') && !p.nonRegistry).length, 3);
  const layers = img.layers.map((l) => l.digest);
  const certifi = report.packages.find((p) => p.name === 'certifi');
  assert.equal(certifi?.locations[0].layer, layers[0]);
  assert.equal(report.packages.find((p) => p.name === 'psr/log')?.locations[0].layer, layers[1]);
});
