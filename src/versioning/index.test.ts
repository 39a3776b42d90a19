import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, schemeFor } from './index.js';
import { ECOSYSTEMS, isBulwarkError } from '../core/index.js';

test('compareVersions dispatches by ecosystem, OSV key and OS family', () => {
  assert.equal(compareVersions('debian', '1.0~rc1-1', '1.0-1'), -1);
  assert.equal(compareVersions('Debian:12', '2:1.0', '1:9.9'), 1);
  assert.equal(compareVersions('Alpine:v3.19', '1.2.3_rc1-r0', '1.2.3-r0'), -1);
  assert.equal(compareVersions('rocky', '1.0^git1', '1.0'), 1);
  assert.equal(compareVersions('npm', '1.0.0-beta.11', '1.0.0-beta.2'), 1);
  assert.equal(compareVersions('PyPI', '1.0.post1', '1.0'), 1);
  assert.equal(compareVersions('PyPI', '1!0.1', '2.0'), 1);
  assert.equal(compareVersions('Maven', '1.0-SNAPSHOT', '1.0'), -1);
  assert.equal(compareVersions('Maven', '1.0.sp1', '1.0'), 1);
  assert.equal(compareVersions('RubyGems', '1.0.0.pre', '1.0.0'), -1);
  assert.equal(compareVersions('NuGet', '1.0.0.0', '1.0'), 0);
  assert.equal(compareVersions('Packagist', '1.0.0-RC1', '1.0.0'), -1);
  assert.equal(compareVersions('crates.io', '1.0.0-alpha', '1.0.0'), -1);
});

test('Go: v prefix, +incompatible, pseudo-versions and toolchain names', () => {
  assert.equal(compareVersions('Go', 'v2.0.0+incompatible', '2.0.0'), 0);
  assert.equal(compareVersions('Go', 'v0.0.0-20200101000000-abcdefabcdef', 'v0.0.1'), -1);
  assert.equal(compareVersions('Go', 'v1.2.4-0.20200101000000-abcdefabcdef', '1.2.3'), 1);
  assert.equal(compareVersions('Go', 'go1.21rc2', '1.21.0'), -1);
  assert.equal(compareVersions('Go', 'go1.21.3', '1.21.4'), -1);
  assert.equal(compareVersions('Go', 'go1.9', '1.9.0'), 0);
});

test('invalid versions: a valid version sorts above an invalid one; invalid pairs use the generic order', () => {
  assert.equal(compareVersions('npm', 'not-a-version', '0.0.1'), -1);
  assert.equal(compareVersions('npm', 'x10', 'x9'), 1);
  assert.equal(compareVersions('PyPI', 'junk', '0'), -1);
});

test('unknown ecosystem raises USAGE', () => {
  assert.equal(schemeFor('nope'), undefined);
  assert.throws(() => compareVersions('nope', '1', '2'), (e) => isBulwarkError(e) && e.code === 'USAGE');
});

test('compareVersions accepts purl types and scheme names', () => {
  assert.equal(compareVersions('deb', '1.0~rc1-1', '1.0-1'), -1);
  assert.equal(compareVersions('dpkg', '2:1.0', '1:9.9'), 1);
  assert.equal(compareVersions('rpm', '1.0^git1', '1.0'), 1);
  assert.equal(compareVersions('apk', '1.2.3_rc1-r0', '1.2.3-r0'), -1);
  assert.equal(compareVersions('pypi', '1.0.post1', '1.0'), 1);
  assert.equal(compareVersions('pep440', '1!0.1', '2.0'), 1);
  assert.equal(compareVersions('golang', 'v2.0.0+incompatible', '2.0.0'), 0);
  assert.equal(compareVersions('go', 'go1.21rc2', '1.21.0'), -1);
  assert.equal(compareVersions('maven', '1.0-SNAPSHOT', '1.0'), -1);
  assert.equal(compareVersions('gem', '1.0.0.pre', '1.0.0'), -1);
  assert.equal(compareVersions('cargo', '1.0.0-alpha', '1.0.0'), -1);
  assert.equal(compareVersions('nuget', '1.0.0.0', '1.0'), 0);
  assert.equal(compareVersions('composer', '1.0.0-RC1', '1.0.0'), -1);
  assert.equal(compareVersions('semver', '1.0.0-beta.11', '1.0.0-beta.2'), 1);
  assert.equal(compareVersions('generic', 'x10', 'x9'), 1);
  assert.equal(schemeFor('deb')?.id, 'dpkg');
  assert.equal(schemeFor('golang')?.id, 'go');
  assert.equal(schemeFor('gem')?.id, 'gem');
});

test('every row of the ecosystem table has its comparator under every spelling', () => {
  for (const e of ECOSYSTEMS) {
    for (const name of [e.id, e.advisoryKey, e.purlType, ...(e.osFamilies ?? []), ...(e.aliases ?? [])]) {
      if (!name) continue;
      assert.equal(schemeFor(name)?.id, e.scheme, `${e.id}: "${name}" has no ${e.scheme} comparator`);
    }
  }
});
