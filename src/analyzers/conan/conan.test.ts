import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { conanLockAnalyzer } from './index.js';
import { parseConanRef } from './conan-lock.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('conan-lock v1: graph nodes with refs (consumer skipped), edges by node id, user/channel qualifiers, build context is dev', async () => {
  const run = await runAnalyzer(conanLockAnalyzer, td + 'v1', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['openssl@3.0.13', 'pkgc@0.1.1', 'zlib@1.2.13']);
  const openssl = run.packages.find((p) => p.name === 'openssl');
  assert.deepEqual([openssl?.purl, openssl?.ecosystem, openssl?.dependsOn], ['pkg:conan/openssl@3.0.13', 'ConanCenter', ['pkg:conan/zlib@1.2.13']]);
  const pkgc = run.packages.find((p) => p.name === 'pkgc');
  assert.deepEqual([pkgc?.purl, pkgc?.dev], ['pkg:conan/pkgc@0.1.1?channel=testing&user=user', true], 'a build-context node is a build tool');
  assert.deepEqual(run.packages.filter((p) => p.dev).map((p) => p.name), ['pkgc']);
});

test('conan-lock v2: requires, build_requires as dev', async () => {
  const run = await runAnalyzer(conanLockAnalyzer, td + 'v2', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['boost@1.84.0', 'cmake@3.28.1', 'openssl@3.2.1', 'zlib@1.3.1']);
  assert.deepEqual(run.packages.filter((p) => p.dev).map((p) => p.name), ['cmake']);
  assert.deepEqual(parseConanRef('zlib/1.3.1@_/_#abc%1.0'), { name: 'zlib', version: '1.3.1' });
});

test('conan-lock: corrupt file warns; paths; fs only', async () => {
  const run = await runAnalyzer(conanLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(run.warnings, ['conan.lock: conan.lock version "0.5" has neither graph_lock nodes (Conan 1) nor requires (Conan 2)']);
  assert.ok(matchesFile(conanLockAnalyzer, 'build/conan.lock') && !matchesFile(conanLockAnalyzer, 'conanfile.txt'));
  assert.deepEqual(conanLockAnalyzer.modes, ['fs']);
});
