import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ECOSYSTEMS, ecosystemFeeds, normalizePackageName, osEcosystemFor } from './ecosystems.js';

test('ecosystem table: unique ids, OS rows complete, family spellings unambiguous per purl type', () => {
  assert.equal(new Set(ECOSYSTEMS.map((e) => e.id)).size, ECOSYSTEMS.length);
  for (const e of ECOSYSTEMS) {
    if (e.lookup !== 'none') assert.ok(e.advisoryKey, `${e.id}: has advisories but no advisory key`);
    if (e.kind !== 'os') continue;
    assert.ok(e.purlNamespace && e.osFamilies?.length, `${e.id}: OS rows need a purl vendor and OS families`);
    for (const f of [e.id, e.purlNamespace, ...e.osFamilies!]) assert.equal(osEcosystemFor(e.purlType, f)?.id, e.id, `${f} is claimed by two rows`);
  }
  const names = ecosystemFeeds().map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('debian-tracker') && names.includes('osv-pypi'));
});

test('package names follow the row\'s rule, by id or by advisory key', () => {
  assert.equal(normalizePackageName('PyPI', 'Zope.Interface_x'), 'zope-interface-x');
  assert.equal(normalizePackageName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
  assert.equal(normalizePackageName('Debian:12', 'Foo'), 'Foo');
  assert.equal(normalizePackageName('npm', 'JSONStream'), 'JSONStream');
  assert.equal(normalizePackageName('unknown', 'X'), 'X');
});
