// No language analyzer can crash a scan: truncated and bit-flipped real files, and random bytes, give
// packages or warnings, never a throw (property-based, fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Analyzer, AnalyzerFile } from '../../src/analyzers/contract.js';
import { FIXTURE_LAYER } from '../../src/analyzers/shared/testing.js';
import { npmInstalledAnalyzer, npmLockfileAnalyzer } from '../../src/analyzers/npm/index.js';
import { pythonInstalledAnalyzer, pythonLockfileAnalyzer } from '../../src/analyzers/python/index.js';
import { goBinaryAnalyzer, goModAnalyzer } from '../../src/analyzers/go/index.js';
import { javaArchiveAnalyzer, javaLockfileAnalyzer, javaPomAnalyzer } from '../../src/analyzers/java/index.js';
import { gemfileLockAnalyzer, gemspecAnalyzer } from '../../src/analyzers/ruby/index.js';
import { cargoLockAnalyzer, rustBinaryAnalyzer } from '../../src/analyzers/rust/index.js';
import { composerInstalledAnalyzer, composerLockAnalyzer } from '../../src/analyzers/php/index.js';
import { depsJsonAnalyzer, nugetDeclaredAnalyzer, packagesLockAnalyzer } from '../../src/analyzers/dotnet/index.js';
import { pubspecLockAnalyzer } from '../../src/analyzers/dart/index.js';
import { mixLockAnalyzer } from '../../src/analyzers/elixir/index.js';
import { podfileLockAnalyzer, swiftPackageResolvedAnalyzer } from '../../src/analyzers/swift/index.js';
import { conanLockAnalyzer } from '../../src/analyzers/conan/index.js';
import { condaEnvironmentAnalyzer, condaMetaAnalyzer } from '../../src/analyzers/conda/index.js';
import { juliaManifestAnalyzer } from '../../src/analyzers/julia/index.js';
import { bottlerocketAnalyzer } from '../../src/analyzers/bottlerocket/index.js';
import { runtimeAnalyzer } from '../../src/analyzers/runtimes/index.js';

const td = (p: string) => readFileSync(new URL(`../../src/analyzers/${p}`, import.meta.url));

/** [analyzer, path it matches, a real sample of its input]. */
const CASES: Array<[Analyzer, string, Buffer]> = [
  [npmInstalledAnalyzer, 'app/node_modules/a/package.json', Buffer.from(JSON.stringify({ name: 'a', version: '1.0.0', dependencies: { b: '1' } }))],
  [npmLockfileAnalyzer, 'package-lock.json', td('npm/testdata/lockfiles/npm-v3/package-lock.json')],
  [npmLockfileAnalyzer, 'yarn.lock', td('npm/testdata/lockfiles/yarn-v1/yarn.lock')],
  [npmLockfileAnalyzer, 'yarn.lock', td('npm/testdata/lockfiles/yarn-berry/yarn.lock')],
  [npmLockfileAnalyzer, 'pnpm-lock.yaml', td('npm/testdata/lockfiles/pnpm-v9/pnpm-lock.yaml')],
  [pythonInstalledAnalyzer, 'x/click-8.4.0.dist-info/METADATA', td('python/testdata/installed/usr/lib/python3.11/site-packages/click-8.4.0.dist-info/METADATA')],
  [pythonLockfileAnalyzer, 'poetry.lock', td('python/testdata/locks/poetry.lock')],
  [pythonLockfileAnalyzer, 'uv.lock', td('python/testdata/locks/uv.lock')],
  [pythonLockfileAnalyzer, 'Pipfile.lock', td('python/testdata/locks/Pipfile.lock')],
  [pythonLockfileAnalyzer, 'requirements.txt', td('python/testdata/locks/requirements-prod.txt')],
  [goModAnalyzer, 'go.mod', td('go/testdata/gomod/app/go.mod')],
  [gemspecAnalyzer, 'specifications/rake-13.0.6.gemspec', td('ruby/testdata/gems/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec')],
  [gemfileLockAnalyzer, 'Gemfile.lock', td('ruby/testdata/lock/steep/Gemfile.lock')],
  [cargoLockAnalyzer, 'Cargo.lock', td('rust/testdata/v3/Cargo.lock')],
  [composerLockAnalyzer, 'composer.lock', td('php/testdata/app/composer.lock')],
  [composerInstalledAnalyzer, 'vendor/composer/installed.json', td('php/testdata/app/vendor/composer/installed.json')],
  [depsJsonAnalyzer, 'MyApp.deps.json', td('dotnet/testdata/app/MyApp.deps.json')],
  [packagesLockAnalyzer, 'packages.lock.json', td('dotnet/testdata/src/packages.lock.json')],
  [runtimeAnalyzer, 'usr/local/go/VERSION', td('runtimes/testdata/root/usr/lib/go-1.19/VERSION')],
  [npmLockfileAnalyzer, 'bun.lock', td('npm/testdata/lockfiles/bun/bun.lock')],
  [pythonLockfileAnalyzer, 'pylock.toml', td('python/testdata/locks/pylock.toml')],
  [goModAnalyzer, 'go.sum', td('go/testdata/gosum-only/std/go.sum')],
  [javaPomAnalyzer, 'pom.xml', td('java/testdata/pom-tree/core/pom.xml')],
  [javaLockfileAnalyzer, 'gradle.lockfile', td('java/testdata/lockfiles/gradle/gradle.lockfile')],
  [javaLockfileAnalyzer, 'build.sbt.lock', td('java/testdata/lockfiles/sbt/build.sbt.lock')],
  [nugetDeclaredAnalyzer, 'packages.config', td('dotnet/testdata/declared/legacy/packages.config')],
  [nugetDeclaredAnalyzer, 'Directory.Packages.props', td('dotnet/testdata/declared/central/Directory.Packages.props')],
  [pubspecLockAnalyzer, 'pubspec.lock', td('dart/testdata/app/pubspec.lock')],
  [mixLockAnalyzer, 'mix.lock', td('elixir/testdata/app/mix.lock')],
  [swiftPackageResolvedAnalyzer, 'Package.resolved', td('swift/testdata/spm-v2/Package.resolved')],
  [podfileLockAnalyzer, 'Podfile.lock', td('swift/testdata/pods/Podfile.lock')],
  [conanLockAnalyzer, 'conan.lock', td('conan/testdata/v1/conan.lock')],
  [condaEnvironmentAnalyzer, 'environment.yml', td('conda/testdata/env/environment.yml')],
  [condaMetaAnalyzer, 'opt/conda/conda-meta/openssl-3.0.13-h7f8727e_0.json', td('conda/testdata/rootfs/opt/conda/conda-meta/openssl-3.0.13-h7f8727e_0.json')],
  [juliaManifestAnalyzer, 'Manifest.toml', td('julia/testdata/v1/Manifest.toml')],
  [bottlerocketAnalyzer, 'usr/share/bottlerocket/application-inventory.json', td('bottlerocket/testdata/rootfs/usr/share/bottlerocket/application-inventory.json')],
];

const exe = readFileSync('/bin/true');
const BINARY_CASES: Array<[Analyzer, string, Buffer]> = [
  [goBinaryAnalyzer, 'usr/bin/x', exe],
  [rustBinaryAnalyzer, 'usr/bin/x', exe],
  [javaArchiveAnalyzer, 'app.jar', Buffer.concat([Buffer.from('PK\x03\x04'), exe.subarray(0, 4096)])],
];

async function runOnce(a: Analyzer, path: string, content: Buffer): Promise<void> {
  const file: AnalyzerFile = { path, meta: { size: content.length, mode: 0o755, type: 'file' }, layer: FIXTURE_LAYER, content };
  const opts = { mode: 'fs' as const };
  if (a.analyze) await a.analyze(file, opts);
  if (a.analyzeGroup) await a.analyzeGroup([file], opts);
}

/** A real sample, cut short and with a few bytes overwritten. */
const mutated = (sample: Buffer) => fc.record({
  cut: fc.integer({ min: 0, max: sample.length }),
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
}).map(({ cut, flips }) => {
  const b = Buffer.from(sample.subarray(0, cut));
  for (const [i, v] of flips) if (b.length) b[i % b.length] = v;
  return b;
});

test('language analyzers never throw on truncated or corrupted real inputs', async () => {
  for (const [a, path, sample] of [...CASES, ...BINARY_CASES]) {
    assert.ok(a.matches(path, { size: sample.length, mode: 0o755, type: 'file' }), `${a.id} matches ${path}`);
    await fc.assert(fc.asyncProperty(mutated(sample), async (buf) => { await runOnce(a, path, buf); }), { numRuns: 60 });
  }
});

test('language analyzers never throw on random bytes (with and without a binary magic)', async () => {
  const magic = [Buffer.alloc(0), Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.from('PK\x03\x04'), Buffer.from('MZ')];
  for (const [a, path] of [...CASES, ...BINARY_CASES]) {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...magic), fc.uint8Array({ maxLength: 2048 }), async (m, bytes) => {
      await runOnce(a, path, Buffer.concat([m, Buffer.from(bytes)]));
    }), { numRuns: 40 });
  }
});
