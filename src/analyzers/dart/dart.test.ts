import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { pubspecLockAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('dart-pubspec-lock: hosted packages, SDK and path packages skipped, direct dev marked', async () => {
  const run = await runAnalyzer(pubspecLockAnalyzer, td + 'app', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['async@2.11.0', 'crypto@3.0.3', 'http@0.13.6', 'lints@2.1.1', 'typed_data@1.3.2']);
  assert.deepEqual(run.packages.filter((p) => p.dev).map((p) => p.name), ['lints']);
  const crypto = run.packages.find((p) => p.name === 'crypto');
  assert.deepEqual([crypto?.purl, crypto?.ecosystem], ['pkg:pub/crypto@3.0.3', 'Pub']);
});

test('dart-pubspec-lock: corrupt file warns; paths; fs only', async () => {
  const run = await runAnalyzer(pubspecLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.equal(run.warnings.length, 1);
  assert.match(run.warnings[0]!, /^pubspec\.lock: /);
  assert.ok(matchesFile(pubspecLockAnalyzer, 'app/pubspec.lock') && !matchesFile(pubspecLockAnalyzer, 'app/pubspec.yaml'));
  assert.deepEqual(pubspecLockAnalyzer.modes, ['fs']);
});
