// The npm analyzer over the repository's own installed tree agrees with `npm ls --all --json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Analyzer } from '../../src/analyzers/contract.js';
import { runAnalyzer } from '../../src/analyzers/shared/testing.js';
import { npmInstalledAnalyzer } from '../../src/analyzers/npm/index.js';

const root = new URL('../../', import.meta.url).pathname;

interface LsNode { version?: string; dependencies?: Record<string, LsNode> }

function npmLs(): Set<string> {
  const r = spawnSync('npm', ['ls', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const tree = JSON.parse(r.stdout) as LsNode;
  const out = new Set<string>();
  const walk = (n: LsNode) => {
    for (const [name, d] of Object.entries(n.dependencies ?? {})) {
      if (d.version) out.add(`${name}@${d.version}`); // entries without a version are missing optional peers
      walk(d);
    }
  };
  walk(tree);
  return out;
}

test('npm-installed over this repo agrees with npm ls --all (names and versions, nothing missing or extra)', { skip: !existsSync(join(root, 'node_modules')) }, async () => {
  const expected = npmLs();
  assert.ok(expected.size > 50, 'npm ls found the installed tree');
  // A git worktree may link node_modules from another checkout: walk the tree it really lives in.
  const installedIn = dirname(realpathSync(join(root, 'node_modules')));
  const run = await runAnalyzer(npmInstalledAnalyzer, installedIn, { mode: 'rootfs' });
  // npm ls names an alias install by its alias (`string-width-cjs@4.2.3`); the analyzer names the real
  // package and keeps the alias as a property.
  const found = new Set(run.packages.filter((p) => p.locations[0].path.startsWith('node_modules/'))
    .flatMap((p) => [`${p.name}@${p.version}`, ...(p.properties?.alias ? [`${p.properties.alias}@${p.version}`] : [])]));
  const aliased = new Set(run.packages.filter((p) => p.properties?.alias).map((p) => `${p.name}@${p.version}`));
  assert.deepEqual([...found].filter((x) => !expected.has(x) && !aliased.has(x)).sort(), [], 'extra');
  assert.deepEqual([...expected].filter((x) => !found.has(x)).sort(), [], 'missing');
  const cmd = run.packages.find((p) => p.name === 'commander' && p.locations[0].path === 'node_modules/commander/package.json');
  assert.equal(cmd?.licenses[0], 'MIT');
});

test('npm-installed: nested resolution, scoped names, bad manifests warn, stubs without version are skipped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'npm-installed-'));
  try {
    const put = (p: string, body: string) => { mkdirSync(join(dir, p, '..'), { recursive: true }); writeFileSync(join(dir, p), body); };
    put('app/node_modules/a/package.json', JSON.stringify({ name: 'a', version: '1.0.0', dependencies: { b: '^2', '@s/c': '1' }, license: { type: 'ISC' } }));
    put('app/node_modules/a/node_modules/b/package.json', JSON.stringify({ name: 'b', version: '2.0.0' }));
    put('app/node_modules/b/package.json', JSON.stringify({ name: 'b', version: '1.0.0' }));
    put('app/node_modules/@s/c/package.json', JSON.stringify({ name: '@s/c', version: '1.0.0', dependencies: { b: '1' } }));
    put('app/node_modules/a/esm/package.json', JSON.stringify({ type: 'module' }));
    put('app/node_modules/stub/package.json', JSON.stringify({ name: 'stub' }));
    put('app/node_modules/bad/package.json', '{"name": "bad", ');
    const run = await runAnalyzer(npmInstalledAnalyzer, dir, { mode: 'image' });
    const by = new Map(run.packages.map((p) => [p.locations[0].path, p]));
    assert.equal(run.packages.length, 4);
    assert.deepEqual(by.get('app/node_modules/a/package.json')?.dependsOn, ['pkg:npm/%40s/c@1.0.0', 'pkg:npm/b@2.0.0']);
    assert.deepEqual(by.get('app/node_modules/@s/c/package.json')?.dependsOn, ['pkg:npm/b@1.0.0']);
    assert.deepEqual(by.get('app/node_modules/a/package.json')?.licenses, ['ISC']);
    assert.equal(run.warnings.length, 1);
    assert.match(run.warnings[0], /^app\/node_modules\/bad\/package\.json: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm-installed: matched paths', () => {
  const a: Analyzer = npmInstalledAnalyzer;
  const m = (p: string) => a.matches(p, { size: 1, mode: 0o644, type: 'file' });
  assert.ok(m('usr/lib/node_modules/npm/package.json') && m('app/node_modules/@types/node/package.json'));
  assert.ok(m('app/node_modules/.pnpm/a@1.0.0/node_modules/a/package.json'));
  assert.ok(!m('app/package.json') && !m('app/node_modules/a/lib/package.json') && !m('app/node_modules/.bin/package.json'));
  assert.deepEqual(npmInstalledAnalyzer.modes, ['image', 'rootfs']);
});
