import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { condaEnvironmentAnalyzer, condaMetaAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('conda-meta: installed records with build/channel/subdir/type qualifiers and licenses', async () => {
  const run = await runAnalyzer(condaMetaAnalyzer, td + 'rootfs');
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['_libgcc_mutex@0.1', 'openssl@3.0.13']);
  const ssl = run.packages.find((p) => p.name === 'openssl');
  assert.deepEqual([ssl?.purl, ssl?.ecosystem, ssl?.licenses], ['pkg:conda/openssl@3.0.13?build=h7f8727e_0&channel=main&subdir=linux-64&type=conda', 'conda', ['Apache-2.0']]);
  assert.equal(ssl?.locations[0]?.path, 'opt/conda/conda-meta/openssl-3.0.13-h7f8727e_0.json');
});

test('conda-environment: exact conda pins and pip == pins (as PyPI); fuzzy and range specs skipped', async () => {
  const run = await runAnalyzer(condaEnvironmentAnalyzer, td + 'env', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['Flask@3.0.2', '_libgcc_mutex@0.1', 'blas@1.0', 'bzip2@1.0.8', 'numpy@1.26.4', 'openssl@3.0.13', 'requests@2.31.0']);
  const flask = run.packages.find((p) => p.name === 'Flask');
  assert.deepEqual([flask?.purl, flask?.ecosystem], ['pkg:pypi/flask@3.0.2', 'PyPI']);
  assert.equal(run.packages.find((p) => p.name === 'openssl')?.purl, 'pkg:conda/openssl@3.0.13');
});

test('conda: corrupt files warn; paths; modes', async () => {
  const meta = await runAnalyzer(condaMetaAnalyzer, td + 'corrupt');
  assert.deepEqual(meta.warnings, ['opt/conda/conda-meta/broken-1-0.json: conda-meta record without name or version']);
  const env = await runAnalyzer(condaEnvironmentAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.equal(env.warnings.length, 1);
  assert.match(env.warnings[0]!, /^environment\.yaml: /);
  assert.ok(matchesFile(condaMetaAnalyzer, 'opt/conda/envs/x/conda-meta/a-1-0.json') && !matchesFile(condaMetaAnalyzer, 'opt/conda/conda-meta/history'));
  assert.ok(matchesFile(condaEnvironmentAnalyzer, 'environment.yaml') && matchesFile(condaEnvironmentAnalyzer, 'ci/environment.yml'));
  assert.deepEqual([condaMetaAnalyzer.modes, condaEnvironmentAnalyzer.modes], [['image', 'rootfs'], ['fs']]);
});
