import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { pythonInstalledAnalyzer } from './installed.js';
import { pythonLockfileAnalyzer } from './lockfiles.js';

const td = new URL('./testdata/', import.meta.url).pathname;
const ids = (pkgs: Array<{ name: string; version: string; dev?: boolean }>) => pkgs.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`).sort();

test('python-installed: dist-info, egg-info dir and single-file egg-info, licenses, purls', async () => {
  const run = await runAnalyzer(pythonInstalledAnalyzer, td + 'installed');
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(ids(run.packages), ['PyJWT@2.6.0', 'blinker@1.9.0', 'certifi@2026.5.20', 'click@8.4.0', 'pycups@2.0.1']);
  const by = new Map(run.packages.map((p) => [p.name, p]));
  assert.equal(by.get('PyJWT')?.purl, 'pkg:pypi/pyjwt@2.6.0');
  assert.deepEqual(by.get('click')?.licenses, ['BSD-3-Clause']);
  assert.deepEqual(by.get('certifi')?.licenses, ['MPL-2.0']);
  assert.deepEqual(by.get('blinker')?.licenses, ['MIT License']);
  assert.equal(by.get('pycups')?.locations[0].path, 'usr/lib/python3/dist-packages/pycups-2.0.1.egg-info');
});

test('python-installed: metadata without Name/Version is a warning naming the file', async () => {
  const run = await runAnalyzer(pythonInstalledAnalyzer, td + 'corrupt/site-packages');
  assert.equal(run.packages.length, 0);
  assert.deepEqual(run.warnings, ['broken-1.0.dist-info/METADATA: metadata without Name or Version']);
});

test('python-lockfile: poetry, uv, Pipfile.lock, pylock.toml and pinned requirements', async () => {
  const run = await runAnalyzer(pythonLockfileAnalyzer, td + 'locks', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  const from = (f: string) => run.packages.filter((p) => p.locations[0].path === f);
  assert.deepEqual(ids(from('poetry.lock')), ['certifi@2023.7.22', 'iniconfig@2.0.0 dev', 'pytest@7.4.0 dev', 'requests@2.31.0', 'urllib3@2.0.4']);
  assert.deepEqual(ids(from('uv.lock')), ['certifi@2024.8.30', 'iniconfig@2.0.0 dev', 'pytest@8.3.3 dev', 'requests@2.32.3', 'urllib3@2.2.3']);
  assert.deepEqual(ids(from('Pipfile.lock')), ['certifi@2023.7.22', 'pytest@7.4.0 dev', 'requests@2.31.0']);
  assert.deepEqual(ids(from('requirements-prod.txt')), ['Django_REST.framework@3.14.0', 'certifi@2023.7.22', 'requests@', 'urllib3@', 'zope.interface@6.0']);
  const constraints = from('requirements-prod.txt').filter((p) => !p.version).map((p) => `${p.name} ${p.properties?.constraint} ${p.nonRegistry?.kind}`);
  assert.deepEqual(constraints.sort(), ['requests >=2.31 unversioned', 'urllib3 ==2.* unversioned']);
  // PEP 751: the editable project (a directory, no version) is not a package; dev by dependency-group marker.
  assert.deepEqual(ids(from('pylock.toml')), ['certifi@2024.8.30', 'iniconfig@2.0.0 dev', 'pytest@8.3.3 dev', 'requests@2.32.3', 'urllib3@2.2.3']);
  assert.equal(from('requirements-prod.txt').find((p) => p.name.startsWith('Django'))?.purl, 'pkg:pypi/django-rest-framework@3.14.0');
  assert.deepEqual(from('uv.lock').find((p) => p.name === 'requests')?.dependsOn, ['pkg:pypi/certifi@2024.8.30', 'pkg:pypi/urllib3@2.2.3']);
  assert.deepEqual(from('poetry.lock').find((p) => p.name === 'pytest')?.dependsOn, ['pkg:pypi/iniconfig@2.0.0']);
});

test('python-lockfile: corrupt lockfiles warn, one per file', async () => {
  const run = await runAnalyzer(pythonLockfileAnalyzer, td + 'corrupt/locks', { mode: 'fs' });
  assert.equal(run.packages.length, 0);
  assert.deepEqual(run.warnings.map((w) => w.split(':')[0]).sort(), ['Pipfile.lock', 'poetry.lock', 'pylock.toml', 'uv.lock']);
});

test('python analyzers: matched paths and modes', () => {
  const inst: Analyzer = pythonInstalledAnalyzer;
  const lock: Analyzer = pythonLockfileAnalyzer;
  const file = { size: 1, mode: 0o644, type: 'file' as const };
  assert.ok(inst.matches('usr/lib/python3/dist-packages/a-1.dist-info/METADATA', file));
  assert.ok(inst.matches('x/a.egg-info/PKG-INFO', file) && inst.matches('x/a-1.egg-info', file));
  assert.ok(!inst.matches('x/a-1.egg-info', { ...file, type: 'directory' }) && !inst.matches('x/a-1.dist-info/RECORD', file));
  assert.ok(lock.matches('app/requirements.txt', file) && lock.matches('requirements-dev.txt', file) && lock.matches('a/uv.lock', file));
  assert.ok(lock.matches('pylock.toml', file) && lock.matches('a/pylock.web.toml', file) && !lock.matches('a/pylock.a.b.toml', file));
  assert.ok(!lock.matches('app/constraints.txt', file) && !lock.matches('pyproject.toml', file));
  assert.deepEqual(lock.modes, ['fs']);
  assert.equal(inst.modes, undefined);
});

test('python metadata: Requires-Dist edges skip extras and other-OS markers', async () => {
  const { parseCoreMetadata } = await import('./metadata.js');
  const md = parseCoreMetadata([
    'Metadata-Version: 2.1', 'Name: demo', 'Version: 1.0',
    'Requires-Dist: requests>=2', "Requires-Dist: colorama; platform_system == 'Windows'",
    'Requires-Dist: pywin32; sys_platform == "win32" or python_version < "3"', 'Requires-Dist: pytest; extra == "test"',
    'Requires-Dist: uvloop; sys_platform != "win32"', '', 'body',
  ].join('\n'));
  assert.deepEqual(md.requires, ['requests', 'pywin32', 'uvloop']);
});

test('python-lockfile: requirements.txt in UTF-16 LE/BE and UTF-8 with BOM, `==x#comment`, constraint lines', async () => {
  const run = await runAnalyzer(pythonLockfileAnalyzer, td + 'encodings', { mode: 'fs' });
  assert.deepEqual(run.warnings, []);
  for (const f of ['requirements-utf16le.txt', 'requirements-utf16be.txt', 'requirements-utf8bom.txt']) {
    const got = run.packages.filter((p) => p.locations[0].path === f).map((p) => `${p.name}@${p.version}${p.properties?.constraint ? ' ' + p.properties.constraint : ''}`);
    // pip's own reader (auto_decode + packaging) gives these names and specifiers; the `#pinned…` comment is cut as Trivy does.
    assert.deepEqual(got, ['flask@2.2.5', 'Jinja2@3.1.2', 'itsdangerous@ ~=2.1.2', 'werkzeug@ >=2.2.2,<3', 'click@'], f);
  }
  const jinja = run.packages.find((p) => p.name === 'Jinja2');
  assert.equal(jinja?.purl, 'pkg:pypi/jinja2@3.1.2');
  assert.equal(jinja?.nonRegistry, undefined);
});

test('python-installed: a zipped .egg (setuptools bdist_egg) in rootfs/image mode, requires.txt edges; not in fs mode', async () => {
  const run = await runAnalyzer(pythonInstalledAnalyzer, td + 'egg');
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(ids(run.packages), ['demo-egg@0.4.2', 'six@1.17.0']);
  const egg = run.packages.find((p) => p.name === 'demo-egg');
  assert.equal(egg?.purl, 'pkg:pypi/demo-egg@0.4.2');
  assert.deepEqual(egg?.licenses, ['MIT']);
  assert.deepEqual(egg?.dependsOn, ['pkg:pypi/six@1.17.0']);
  assert.equal(egg?.locations[0].path, 'usr/local/lib/python3.11/site-packages/demo_egg-0.4.2-py3.11.egg');
  const fs = await runAnalyzer(pythonInstalledAnalyzer, td + 'egg', { mode: 'fs' });
  assert.deepEqual(ids(fs.packages), ['six@1.17.0']);
});
