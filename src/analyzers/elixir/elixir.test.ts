import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { mixLockAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('elixir-mix-lock: hex entries with edges; git entries and deps/ locks skipped', async () => {
  const run = await runAnalyzer(mixLockAnalyzer, td + 'app', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['bunt@0.2.0', 'credo@1.6.6', 'file_system@0.2.10', 'jason@1.3.0']);
  const credo = run.packages.find((p) => p.name === 'credo');
  assert.deepEqual([credo?.purl, credo?.ecosystem], ['pkg:hex/credo@1.6.6', 'Hex']);
  assert.deepEqual(credo?.dependsOn, ['pkg:hex/bunt@0.2.0', 'pkg:hex/file_system@0.2.10', 'pkg:hex/jason@1.3.0']);
  assert.equal(run.packages.find((p) => p.name === 'jason')?.dependsOn, undefined, 'optional decimal is not locked');
});

test('elixir-mix-lock: corrupt file warns; paths; fs only', async () => {
  const run = await runAnalyzer(mixLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(run.warnings, ['mix.lock: mix.lock is not an Elixir map (%{…})']);
  assert.ok(matchesFile(mixLockAnalyzer, 'mix.lock') && !matchesFile(mixLockAnalyzer, 'app/deps/x/mix.lock'));
  assert.deepEqual(mixLockAnalyzer.modes, ['fs']);
});
