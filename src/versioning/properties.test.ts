/** fast-check properties for every comparator: reflexivity, antisymmetry, transitivity. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SCHEMES } from './index.js';

const digits = fc.integer({ min: 0, max: 30 }).map(String);
const word = fc.constantFrom('alpha', 'beta', 'rc', 'pre', 'p', 'dev', 'post', 'a', 'b', 'sp', 'ga', 'snapshot', 'x', 'git');
const sep = fc.constantFrom('.', '-', '_', '~', '+', '^', '');
/** Version-shaped strings (so most comparisons go deep) plus arbitrary ones. */
const versionish = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(digits, fc.array(fc.tuple(sep, fc.oneof(digits, word)), { maxLength: 5 }))
    .map(([h, rest]) => h + rest.map(([s, p]) => s + p).join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

for (const [id, scheme] of Object.entries(SCHEMES)) {
  test(`${id}: reflexive and antisymmetric`, () => {
    fc.assert(fc.property(versionish, versionish, (a, b) => {
      assert.equal(scheme.compare(a, a), 0);
      assert.equal(scheme.compare(a, b), -scheme.compare(b, a) || 0);
    }), { numRuns: 1500 });
  });

  // Maven's ComparableVersion itself is not transitive (see the pinned cycles below), so a comparator
  // that agrees with it cannot be; its order is checked against the jar in test/matching instead.
  if (id === 'maven') continue;
  test(`${id}: transitive`, () => {
    fc.assert(fc.property(versionish, versionish, versionish, (a, b, c) => {
      const [x, y, z] = [a, b, c].sort((p, q) => scheme.compare(p, q));
      assert.ok(scheme.compare(x!, y!) <= 0 && scheme.compare(y!, z!) <= 0);
      assert.ok(scheme.compare(x!, z!) <= 0, `${x} ≤ ${y} ≤ ${z} but ${x} > ${z}`);
    }), { numRuns: 1500 });
  });
}

// Cycles that maven-artifact 3.x's ComparableVersion really produces (checked with its jar; the
// differential test in test/matching re-checks these pairs against the jar when it is installed).
const MAVEN_CYCLES: readonly (readonly [string, string, string])[] = [
  ['', '0.alpha', ' '],
  ['1', '1-0.alpha', '1-x'],
];

test('maven: reproduces ComparableVersion\'s non-transitive cycles (a > b > c > a)', () => {
  const m = SCHEMES.maven!;
  for (const [a, b, c] of MAVEN_CYCLES) {
    assert.deepEqual([m.compare(a, b), m.compare(b, c), m.compare(c, a)], [1, 1, 1], `${a} | ${b} | ${c}`);
  }
});
