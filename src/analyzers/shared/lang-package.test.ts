import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { langPackage } from './lang-package.js';

const file = { path: 'package-lock.json', layer: { digest: '', diffId: '', index: 0 } };

test('langPackage: dependsOn is the unique values in Array#sort order, short lists (insertion sort) and long ones alike', () => {
  const value = fc.oneof(fc.constantFrom('pkg:npm/a@1', 'pkg:npm/B@1', 'pkg:npm/%40s/x@2', ''), fc.string(), fc.string({ unit: 'binary', maxLength: 4 }));
  fc.assert(fc.property(fc.array(value, { maxLength: 20 }), (deps) => {
    const input = deps.slice();
    const p = langPackage({ ecosystem: 'npm', name: 'a', version: '1', purl: 'pkg:npm/a@1', file, foundBy: 'test', dependsOn: deps });
    assert.deepEqual(p.dependsOn, deps.length ? [...new Set(deps)].sort() : undefined);
    assert.deepEqual(deps, input, 'the caller\'s list is not reordered');
  }), { numRuns: 2000 });
});

test('langPackage: the packages of one file share one frozen location list (path alone outside images)', () => {
  const a = langPackage({ ecosystem: 'npm', name: 'a', version: '1', purl: 'pkg:npm/a@1', file, foundBy: 'test' });
  const b = langPackage({ ecosystem: 'npm', name: 'b', version: '1', purl: 'pkg:npm/b@1', file, foundBy: 'test' });
  assert.equal(a.locations, b.locations);
  assert.deepEqual(a.locations, [{ path: 'package-lock.json' }]);
  assert.ok(Object.isFrozen(a.locations));
  const img = langPackage({ ecosystem: 'npm', name: 'c', version: '1', purl: 'pkg:npm/c@1', file: { path: 'x/package-lock.json', layer: { digest: 'sha256:ab', diffId: 'sha256:cd', index: 2 } }, foundBy: 'test' });
  assert.deepEqual(img.locations, [{ path: 'x/package-lock.json', layer: 'sha256:ab', layerIndex: 2 }]);
});
