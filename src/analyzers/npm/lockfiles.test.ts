import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analyzer } from '../contract.js';
import { runAnalyzer } from '../shared/testing.js';
import { parseBunLock } from './bun-lock.js';
import { npmLockfileAnalyzer } from './lockfiles.js';

const dir = new URL('./testdata/lockfiles/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8')) as { packages: string[]; dev: string[] };

for (const format of ['npm-v1', 'npm-v2', 'npm-v3', 'yarn-v1', 'yarn-berry', 'pnpm-v6', 'pnpm-v9', 'bun']) {
  test(`npm lockfile ${format}: same packages as npm ls, with edges`, async () => {
    const run = await runAnalyzer(npmLockfileAnalyzer, dir + format, { mode: 'fs' });
    assert.deepEqual(run.warnings, []);
    // npm ls prints the project itself as its top line: the application root, from package.json.
    const [root, ...others] = [...run.packages].sort((a, b) => (a.type === 'application' ? -1 : b.type === 'application' ? 1 : 0));
    assert.equal(`${root.name}@${root.version} ${root.type}`, 'lockfixture@1.0.0 application');
    assert.deepEqual(root.nonRegistry, { kind: 'workspace', ref: '.' });
    assert.deepEqual(root.dependsOn, ['pkg:npm/%40isaacs/string-locale-compare@1.1.0', 'pkg:npm/debug@4.3.4', 'pkg:npm/wrap-ansi@7.0.0']);
    assert.deepEqual(others.map((p) => `${p.name}@${p.version}`).sort(), expected.packages);
    assert.ok(others.every((p) => !p.nonRegistry), 'registry packages are not marked');
    const debug = run.packages.find((p) => p.name === 'debug');
    assert.deepEqual(debug?.dependsOn, ['pkg:npm/ms@2.1.2']);
    const scoped = run.packages.find((p) => p.name === '@isaacs/string-locale-compare');
    assert.equal(scoped?.purl, 'pkg:npm/%40isaacs/string-locale-compare@1.1.0');
    assert.ok(run.packages.every((p) => p.ecosystem === 'npm' && p.foundBy[0] === 'npm-lockfile'));
    // yarn.lock records no dev flag; every other format does (pnpm v9 and bun by reachability).
    if (!format.startsWith('yarn')) assert.deepEqual(run.packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`), expected.dev);
  });
}

test('npm lockfiles: corrupt files give one warning each, naming the file', async () => {
  const run = await runAnalyzer(npmLockfileAnalyzer, dir + 'corrupt', { mode: 'fs' });
  assert.equal(run.packages.length, 0);
  assert.equal(run.warnings.length, 4);
  for (const name of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock']) assert.ok(run.warnings.some((w) => w.startsWith(name + ': ')), name);
});

test('npm lockfiles: licenses come from installed manifests beside the lockfile', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'npm-lock-lic-'));
  try {
    cpSync(dir + 'yarn-v1/yarn.lock', join(tmp, 'yarn.lock'));
    mkdirSync(join(tmp, 'node_modules/debug'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules/debug/package.json'), JSON.stringify({ name: 'debug', version: '4.3.4', license: 'MIT' }));
    mkdirSync(join(tmp, 'node_modules/ms'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules/ms/package.json'), '{ broken');
    const run = await runAnalyzer(npmLockfileAnalyzer, tmp, { mode: 'fs' });
    assert.deepEqual(run.warnings, []);
    assert.equal(run.packages.length, expected.packages.length, 'installed manifests add licenses, not packages');
    assert.deepEqual(run.packages.find((p) => p.name === 'debug')?.licenses, ['MIT']);
    assert.deepEqual(run.packages.find((p) => p.name === 'ms')?.licenses, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('npm lockfiles: which paths match, fs mode only', () => {
  const a: Analyzer = npmLockfileAnalyzer;
  const m = (p: string) => a.matches(p, { size: 1, mode: 0o644, type: 'file' });
  assert.ok(m('app/package-lock.json') && m('yarn.lock') && m('x/pnpm-lock.yaml') && m('npm-shrinkwrap.json') && m('a/bun.lock'));
  assert.ok(!m('app/node_modules/foo/package-lock.json') && !m('toString') && !m('yarn.lock.bak') && !m('bun.lockb'));
  assert.ok(m('app/node_modules/foo/package.json'), 'installed manifests are license sources');
  assert.ok(m('package.json') && m('packages/util/package.json'), 'project manifests name the root and workspace members');
  assert.deepEqual(npmLockfileAnalyzer.modes, ['fs']);
});

test('bun.lock: nested copies resolve under their parent first; workspace and git entries are not packages', () => {
  const text = `{ "lockfileVersion": 1,
    "workspaces": { "": { "name": "app", "dependencies": { "a": "^1", "lib": "workspace:*" } }, "packages/lib": { "name": "lib", "devDependencies": { "b": "2" } } },
    "packages": {
      "a": ["a@1.0.0", "", { "dependencies": { "b": "^1" } }, "sha512-x"],
      "a/b": ["b@1.5.0", "", {}, "sha512-z"],
      "b": ["b@2.0.0", "", {}, "sha512-y"],
      "g": ["g@github:o/g#abc", {}, "o-g-abc"],
      "lib": ["lib@workspace:packages/lib"],
    },
  }`;
  const entries = parseBunLock(text);
  assert.deepEqual(entries.filter((e) => !e.nonRegistry), [
    { name: 'a', version: '1.0.0', dev: false, deps: [{ name: 'b', version: '1.5.0' }] },
    { name: 'b', version: '1.5.0', dev: false, deps: [] },
    { name: 'b', version: '2.0.0', dev: true, deps: [] },
  ]);
  // The workspaces are entries named by their package.json later; the root's runtime edges only.
  assert.deepEqual(entries.filter((e) => e.nonRegistry).map((e) => [e.name, e.manifestDir, e.deps]), [['app', '.', [{ name: 'a', version: '1.0.0' }]], ['lib', 'packages/lib', []]]);
});

test('npmPurl: the no-encoding fast path gives exactly what packageurl-js gives', async () => {
  const { PackageURL } = await import('packageurl-js');
  const { npmPurl } = await import('./purl.js');
  const names = ['lodash', 'a_b.c-d', '@babel/runtime', '@isaacs/string-locale-compare', 'Foo', 'über', '@Scope/x', 'x y'];
  const versions = ['1.0.0', '0.0.0-rc.1', '1.0.0+build.5', '2.0.0-beta_1', '1.0.0 || 2', 'git+https://x/y'];
  for (const name of names) {
    for (const version of versions) {
      const slash = name.startsWith('@') ? name.indexOf('/') : -1;
      const ref = new PackageURL('npm', slash > 0 ? name.slice(0, slash) : undefined, slash > 0 ? name.slice(slash + 1) : name, version, undefined, undefined).toString();
      assert.equal(npmPurl(name, version), ref, `${name}@${version}`);
    }
  }
});

test('NodeModulesIndex resolves exactly as resolveNodeModule (Node\'s lookup) does', async () => {
  const { NodeModulesIndex, resolveNodeModule } = await import('./purl.js');
  const paths = ['node_modules/a', 'node_modules/b', 'node_modules/@s/c', 'node_modules/a/node_modules/b', 'node_modules/a/node_modules/b/node_modules/@s/c',
    'node_modules/@s/c/node_modules/a', 'packages/web/node_modules/b', 'packages/web', 'node_modules/d/node_modules/e/node_modules/a'];
  const index = new NodeModulesIndex<string>();
  for (const p of paths) index.add(p, p);
  const has = (k: string) => paths.includes(k);
  for (const from of [...paths, '', 'packages/web/src']) {
    for (const dep of ['a', 'b', '@s/c', 'd', 'e', 'missing']) assert.equal(index.resolve(from, dep), resolveNodeModule(from, dep, has), `${from} → ${dep}`);
  }
});
