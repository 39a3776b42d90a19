import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { pubspecLockAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('dart-pubspec-lock: hosted and git packages (git marked nonRegistry), SDK and path packages skipped, direct dev marked', async () => {
  const run = await runAnalyzer(pubspecLockAnalyzer, td + 'app', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['async@2.11.0', 'crypto@3.0.3', 'http@0.13.6', 'json_path@0.7.1', 'lints@2.1.1', 'typed_data@1.3.2']);
  // A git dependency is not the pub.dev release of that name: listed, marked, never matched by name.
  assert.deepEqual(run.packages.filter((p) => p.nonRegistry).map((p) => [p.name, p.nonRegistry]), [['json_path', { kind: 'git', ref: 'https://github.com/f3ath/jessie.git' }]]);
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
