import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../core/index.js';
import type { LayerAnalysis } from '../analyzers/contract.js';
import { defineAnalyzer } from '../analyzers/contract.js';
import { buildInventory } from './merge.js';
import { applyLayers } from './layers.js';
import { resolveInRoot } from './symlinks.js';

const pkg = (name: string, version: string): Package => ({
  name, version, ecosystem: 'debian', type: 'os', purl: `pkg:deb/${name}@${version}`, licenses: [], locations: [], foundBy: [],
});
const layer = (index: number, part: Partial<LayerAnalysis>): LayerAnalysis => ({
  layer: { index, digest: `sha256:${String(index).repeat(64)}`, diffId: `sha256:d${index}` },
  results: [], whiteouts: [], opaqueDirs: [], paths: [], symlinks: {}, warnings: [], bytes: 0, ...part,
});
const status = (pkgs: Package[]) => ({ analyzer: 'dpkg', path: 'var/lib/dpkg/status', result: { packages: pkgs } });

test('whiteouts and opaque dirs hide lower files; results stay with deleted + deletedIn', () => {
  const layers = [
    layer(0, { paths: ['app/a', 'app/sub/b', 'opt/x', 'keep'], results: [{ analyzer: 's', path: 'app/sub/b', result: {} }, { analyzer: 's', path: 'opt/x', result: {} }] }),
    layer(1, { whiteouts: ['app/sub'], opaqueDirs: ['opt'], paths: ['opt/y'], results: [{ analyzer: 's', path: 'opt/y', result: {} }] }),
    layer(2, { paths: ['keep'] }),
  ];
  const { placed, visible } = applyLayers(layers);
  assert.deepEqual([...visible.entries()].sort(), [['app/a', 0], ['keep', 2], ['opt/y', 1]]);
  assert.deepEqual(placed.map((p) => [p.path, p.deleted, p.deletedIn?.slice(7, 9)]), [
    ['app/sub/b', true, '11'], ['opt/x', true, '11'], ['opt/y', false, undefined],
  ]);
});

test('packages: attributed to the layer that introduced them, deduped, finalized, OS picked by priority', () => {
  const finalize = defineAnalyzer({
    id: 'dpkg', version: 1, group: 'os-packages', matches: () => false,
    finalizePackages: (pkgs, os) => pkgs.map((p) => ({ ...p, purl: `${p.purl}?distro=${os?.family}-${os?.version}` })),
  });
  const layers = [
    layer(0, { paths: ['var/lib/dpkg/status', 'etc/os-release'], results: [
      status([pkg('libc6', '2.36'), pkg('bash', '5.2')]),
      { analyzer: 'os-release', path: 'etc/os-release', result: { os: { family: 'debian', version: '12', codename: 'bookworm' }, facts: { osPriority: 0 } } },
    ] }),
    layer(1, { paths: ['var/lib/dpkg/status', 'etc/debian_version'], results: [
      status([pkg('libc6', '2.36'), pkg('bash', '5.2.1'), pkg('curl', '7.88')]),
      { analyzer: 'os-release', path: 'etc/debian_version', result: { os: { family: 'debian', version: '12.5' }, facts: { osPriority: 4 } } },
    ] }),
  ];
  const inv = buildInventory(layers, { analyzers: [finalize] });
  assert.deepEqual(inv.os, { family: 'debian', version: '12', codename: 'bookworm' });
  const byName = Object.fromEntries(inv.packages.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(byName).sort(), ['bash', 'curl', 'libc6']);
  assert.equal(byName.libc6.locations[0].layerIndex, 0, 'unchanged package keeps its base layer');
  assert.equal(byName.bash.locations[0].layerIndex, 1, 'upgraded package belongs to the upgrading layer');
  assert.equal(byName.curl.locations[0].layerIndex, 1);
  assert.equal(byName.bash.version, '5.2.1');
  assert.equal(byName.libc6.purl, 'pkg:deb/libc6@2.36?distro=debian-12');
  assert.deepEqual(byName.libc6.foundBy, ['dpkg']);
});

test('same purl from two files merges locations', () => {
  const a = { ...pkg('lodash', '4.17.21'), ecosystem: 'npm' as const, type: 'library' as const };
  const inv = buildInventory([layer(0, { results: [
    { analyzer: 'npm', path: 'app/package-lock.json', result: { packages: [a] } },
    { analyzer: 'npm', path: 'srv/package-lock.json', result: { packages: [a] } },
  ] })], { analyzers: [] });
  assert.equal(inv.packages.length, 1);
  assert.deepEqual(inv.packages[0].locations.map((l) => l.path), ['app/package-lock.json', 'srv/package-lock.json']);
});

test('distroless flag survives when os-release wins; deleted files give no OS or packages', () => {
  const inv = buildInventory([
    layer(0, { results: [
      { analyzer: 'os-release', path: 'etc/os-release', result: { os: { family: 'debian', version: '12' }, facts: { osPriority: 0 } } },
      { analyzer: 'os-release', path: 'var/lib/dpkg/status.d/base', result: { os: { family: 'debian', version: '12', distroless: true }, facts: { osPriority: 9 } } },
      { analyzer: 'apk', path: 'lib/apk/db/installed', result: { packages: [pkg('musl', '1.2')] } },
    ] }),
    layer(1, { whiteouts: ['lib/apk'] }),
  ], { analyzers: [] });
  assert.deepEqual(inv.os, { family: 'debian', version: '12', distroless: true });
  assert.equal(inv.packages.length, 0);
  assert.equal(inv.results.find((r) => r.analyzer === 'apk')?.deleted, true);
});

test('symlinks resolve inside the root only; loops are errors', () => {
  const links = { 'etc/os-release': '../usr/lib/os-release', bin: 'usr/bin', up: '../../../../etc', abs: '/usr/lib' };
  assert.equal(resolveInRoot('etc/os-release', links), 'usr/lib/os-release');
  assert.equal(resolveInRoot('bin/sh', links), 'usr/bin/sh');
  assert.equal(resolveInRoot('up/passwd', links), 'etc/passwd');
  assert.equal(resolveInRoot('abs/x', links), 'usr/lib/x');
  assert.throws(() => buildInventory([layer(0, { paths: ['a', 'b'], symlinks: { a: 'b', b: 'a' } })], { analyzers: [] }), /symlink loop: a → b/);
  // A loop that a later layer deleted no longer matters.
  assert.doesNotThrow(() => buildInventory([layer(0, { paths: ['a', 'b'], symlinks: { a: 'b', b: 'a' } }), layer(1, { whiteouts: ['a'] })], { analyzers: [] }));
});

test('a non-registry copy with the purl of a registry release is kept apart from it', () => {
  const reg = { ...pkg('left-pad', '1.3.0'), ecosystem: 'npm' as const, type: 'library' as const, purl: 'pkg:npm/left-pad@1.3.0' };
  const patched = { ...reg, nonRegistry: { kind: 'patch' as const, ref: 'left-pad@npm:1.3.0#./left-pad.patch' } };
  const inv = buildInventory([layer(0, { results: [
    { analyzer: 'npm', path: 'yarn.lock', result: { packages: [patched, reg] } },
  ] })], { analyzers: [] });
  assert.deepEqual(inv.packages.map((p) => p.nonRegistry?.kind ?? 'registry').sort(), ['patch', 'registry']);
});

/** A package list that fails on any search: merging must index it, never scan it once per package (#19). */
function unsearchable(pkgs: Package[]): Package[] {
  for (const m of ['find', 'filter', 'some', 'findIndex', 'indexOf', 'includes'] as const) {
    Object.defineProperty(pkgs, m, { value: () => { throw new Error(`${m} over a result's package list`); } });
  }
  return pkgs;
}

test('a big result is merged without searching its package list per package (linear, #19)', () => {
  const many = Array.from({ length: 5000 }, (_, i) => pkg(`p${i}`, `1.${i}`));
  const single = buildInventory([layer(0, { results: [status(unsearchable([...many]))] })], { analyzers: [] });
  assert.equal(single.packages.length, 5000);
  // Two layers: the upper one rewrites the database, facts come from the introducing layer by index.
  const lower = many.map((p) => ({ ...p, files: [`usr/share/doc/${p.name}/copyright`], licenses: ['MIT'] }));
  const two = buildInventory([
    layer(0, { results: [status(unsearchable(lower))] }),
    layer(1, { results: [status(unsearchable([...many, pkg('new', '1')]))] }),
  ], { analyzers: [] });
  assert.equal(two.packages.length, 5001);
  const p42 = two.packages.find((p) => p.name === 'p42');
  assert.deepEqual([p42?.licenses, p42?.files, p42?.locations[0]?.layerIndex], [['MIT'], ['usr/share/doc/p42/copyright'], 0]);
});

test('an ecosystem with 300k packages (two giant lockfiles) merges without overflowing the call stack', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => pkg(`p${i}`, '1.0'));
  const inv = buildInventory([layer(0, { paths: ['var/lib/dpkg/status'], results: [status(many)] })], { analyzers: [] });
  assert.equal(inv.packages.length, 300_000);
});
