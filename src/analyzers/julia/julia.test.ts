import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { juliaManifestAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('julia-manifest 2.0: registered packages (stdlibs without version skipped), uuid qualifier, edges', async () => {
  const run = await runAnalyzer(juliaManifestAnalyzer, td + 'v2', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['JSON@0.21.4', 'Parsers@2.5.10', 'PrecompileTools@1.1.1', 'Preferences@1.4.0', 'SHA@0.7.0', 'TOML@1.0.0']);
  const json = run.packages.find((p) => p.name === 'JSON');
  assert.deepEqual([json?.purl, json?.ecosystem], ['pkg:julia/JSON@0.21.4?uuid=682c06a0-de6a-54ab-a142-c8b1cf79cde6', 'Julia']);
  assert.deepEqual(json?.dependsOn, ['pkg:julia/Parsers@2.5.10?uuid=69de0a69-1ddd-5017-9359-2bf0b02dc9f0']);
});

test('julia-manifest 1.0 format: top-level arrays, path packages skipped, table deps by uuid', async () => {
  const run = await runAnalyzer(juliaManifestAnalyzer, td + 'v1', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['HTTP@0.8.19', 'IniFile@0.5.0', 'MbedTLS@1.0.3']);
  assert.equal(run.packages.find((p) => p.name === 'HTTP')?.dependsOn?.length, 2);
});

test('julia-manifest: corrupt file warns; paths; fs only', async () => {
  const run = await runAnalyzer(juliaManifestAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(run.warnings, ['Manifest.toml: Manifest.toml manifest_format 3.0 is not 2.x']);
  assert.ok(matchesFile(juliaManifestAnalyzer, 'a/Manifest.toml') && matchesFile(juliaManifestAnalyzer, 'a/Manifest-v1.11.toml') && matchesFile(juliaManifestAnalyzer, 'JuliaManifest.toml'));
  assert.ok(!matchesFile(juliaManifestAnalyzer, 'a/Project.toml'));
  assert.deepEqual(juliaManifestAnalyzer.modes, ['fs']);
});
