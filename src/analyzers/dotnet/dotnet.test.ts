import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { idsOf, matchesFile, packagesIn, runAnalyzer } from '../shared/testing.js';
import { depsJsonAnalyzer, packagesLockAnalyzer } from './dotnet.js';
import { nugetDeclaredAnalyzer } from './nuget-xml.js';

const td = new URL('./testdata/', import.meta.url).pathname;
const ids = (ps: Array<{ name: string; version: string }>) => ps.map((p) => `${p.name}@${p.version}`).sort();

const registry = (ps: Array<{ name: string; version: string; nonRegistry?: unknown }>) => ids(ps.filter((p) => !p.nonRegistry));

test('dotnet-deps: packages, the app project as application root, project references local; edges from targets', async () => {
  const run = await runAnalyzer(depsJsonAnalyzer, td + 'app');
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(registry(run.packages), ['Newtonsoft.Json@13.0.1', 'Serilog.Sinks.Console@4.1.0', 'Serilog@2.10.0']);
  const app = run.packages.find((p) => p.type === 'application');
  assert.equal(`${app?.name}@${app?.version}`, 'MyApp@1.0.0');
  assert.deepEqual(app?.nonRegistry, { kind: 'workspace', ref: '.' });
  assert.deepEqual(app?.dependsOn, ['pkg:nuget/MyLib@1.0.0', 'pkg:nuget/Newtonsoft.Json@13.0.1', 'pkg:nuget/Serilog.Sinks.Console@4.1.0']);
  assert.deepEqual(run.packages.find((p) => p.name === 'MyLib')?.nonRegistry, { kind: 'local' });
  const sink = run.packages.find((p) => p.name === 'Serilog.Sinks.Console');
  assert.deepEqual(sink?.dependsOn, ['pkg:nuget/Serilog@2.10.0']);
  assert.equal(sink?.purl, 'pkg:nuget/Serilog.Sinks.Console@4.1.0');
  assert.equal(sink?.ecosystem, 'NuGet');
});

test('dotnet-packages-lock: frameworks merged, Project entries local, the .csproj as application root, edges', async () => {
  const run = await runAnalyzer(packagesLockAnalyzer, td + 'src', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(registry(run.packages), ['Newtonsoft.Json@13.0.1', 'Serilog.Sinks.Console@4.1.0', 'Serilog@2.10.0']);
  const app = run.packages.find((p) => p.type === 'application');
  assert.equal(`${app?.name}@${app?.version}`, 'MyApp@1.0.0');
  assert.deepEqual(app?.dependsOn, ['pkg:nuget/Newtonsoft.Json@13.0.1', 'pkg:nuget/Serilog.Sinks.Console@4.1.0', 'pkg:nuget/mylib']);
  assert.deepEqual(run.packages.find((p) => p.name === 'mylib')?.nonRegistry, { kind: 'local' });
  assert.deepEqual(run.packages.find((p) => p.name === 'Serilog.Sinks.Console')?.dependsOn, ['pkg:nuget/Serilog@2.10.0']);
});

test('dotnet: corrupt files warn; matched paths and modes', async () => {
  const a = await runAnalyzer(depsJsonAnalyzer, td + 'corrupt');
  assert.deepEqual(a.warnings, ['Bad.deps.json: deps.json without libraries']);
  const b = await runAnalyzer(packagesLockAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.equal(b.warnings.length, 1);
  assert.match(b.warnings[0], /^packages\.lock\.json: /);
  const deps: Analyzer = depsJsonAnalyzer;
  const lock: Analyzer = packagesLockAnalyzer;
  const f = { size: 1, mode: 0o644, type: 'file' as const };
  assert.ok(deps.matches('app/MyApp.deps.json', f) && !deps.matches('app/MyApp.runtimeconfig.json', f));
  assert.ok(lock.matches('src/packages.lock.json', f) && !lock.matches('src/my-packages.lock.json', f) && lock.matches('src/MyApp.csproj', f));
  assert.deepEqual(lock.modes, ['fs']);
  assert.equal(deps.modes, undefined);
});

test('dotnet-nuget-declared: packages.config (developmentDependency is dev) and Directory.Packages.props ($(Property) versions skipped)', async () => {
  const run = await runAnalyzer(nugetDeclaredAnalyzer, td + 'declared', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(packagesIn(run, 'legacy/packages.config')), ['Microsoft.Net.Compilers@1.0.0', 'Newtonsoft.Json@8.0.3', 'log4net@2.0.8']);
  assert.deepEqual(packagesIn(run, 'legacy/packages.config').filter((p) => p.dev).map((p) => p.purl), ['pkg:nuget/Microsoft.Net.Compilers@1.0.0']);
  assert.deepEqual(idsOf(packagesIn(run, 'central/Directory.Packages.props')), [
    'Microsoft.Bcl.AsyncInterfaces@8.0.0', 'Nerdbank.GitVersioning@3.6.133', 'Newtonsoft.Json@13.0.3', 'System.Text.Json@8.0.4',
  ]);
  const bad = await runAnalyzer(nugetDeclaredAnalyzer, td + 'corrupt', { mode: 'fs' });
  assert.deepEqual(bad.warnings, ['packages.config: XML: unterminated tag at offset 52']);
  assert.ok(matchesFile(nugetDeclaredAnalyzer, 'src/Directory.Packages.props') && matchesFile(nugetDeclaredAnalyzer, 'a/packages.config') && !matchesFile(nugetDeclaredAnalyzer, 'a/my.packages.config'));
  assert.deepEqual(nugetDeclaredAnalyzer.modes, ['fs']);
});
