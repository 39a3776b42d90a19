import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { composerInstalledAnalyzer, composerLockAnalyzer } from './composer.js';

const td = new URL('./testdata/', import.meta.url).pathname;
const ids = (ps: Array<{ name: string; version: string; dev?: boolean }>) => ps.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`).sort();

test('php-composer-lock: packages and packages-dev, edges, purls', async () => {
  const run = await runAnalyzer(composerLockAnalyzer, td + 'app', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(ids(run.packages), ['monolog/monolog@3.4.0', 'phpunit/phpunit@10.3.2 dev', 'psr/log@3.0.0', 'symfony/polyfill-ctype@v1.28.0']);
  const monolog = run.packages.find((p) => p.name === 'monolog/monolog');
  assert.equal(monolog?.purl, 'pkg:composer/monolog/monolog@3.4.0');
  assert.deepEqual(monolog?.dependsOn, ['pkg:composer/psr/log@3.0.0']);
  assert.deepEqual(monolog?.licenses, ['MIT']);
});

test('php-composer-installed: Composer 2 (dev names) and Composer 1 (array) formats', async () => {
  const run = await runAnalyzer(composerInstalledAnalyzer, td, { mode: 'image' });
  const at = (f: string) => run.packages.filter((p) => p.locations[0].path === f);
  assert.deepEqual(ids(at('app/vendor/composer/installed.json')), ['monolog/monolog@3.4.0', 'phpunit/phpunit@10.3.2 dev', 'psr/log@3.0.0']);
  assert.deepEqual(ids(at('legacy/vendor/composer/installed.json')), ['guzzlehttp/guzzle@6.5.8', 'guzzlehttp/psr7@1.9.1']);
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0], /^corrupt\/vendor\/composer\/installed\.json: /);
});

test('php: a lock without packages warns; matched paths and modes', async () => {
  const run = await runAnalyzer(composerLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(run.warnings, ['composer.lock: composer.lock without a packages list']);
  const lock: Analyzer = composerLockAnalyzer;
  const inst: Analyzer = composerInstalledAnalyzer;
  const f = { size: 1, mode: 0o644, type: 'file' as const };
  assert.ok(lock.matches('srv/app/composer.lock', f) && !lock.matches('app/vendor/x/y/composer.lock', f));
  assert.ok(inst.matches('var/www/vendor/composer/installed.json', f) && !inst.matches('vendor/composer/installed.php', f));
  assert.deepEqual(lock.modes, ['fs']);
  assert.equal(inst.modes, undefined);
});
