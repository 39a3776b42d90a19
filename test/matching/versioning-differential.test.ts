/**
 * Differential tests: our comparators against the real reference implementations on this machine,
 * over real version strings (testdata/corpus, cut from ../shared/data) and seeded generated ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import { compareDpkg, compareMaven, comparePep440, compareRpm, compareVersions } from '../../src/versioning/index.js';
import { dpkgOracle, mavenOracle, pythonOracle, rpmOracle, type Pair } from './oracles.js';
import { oracleMissing } from '../helpers/oracle.js';
import { corpus, generated, genDpkg, genMaven, genPep440, genRpm, genSemver, pairsFrom, rng, type Gen } from './generators.js';
import { valid as pep440Valid } from '@renovatebot/pep440';

type Cmp = (a: string, b: string) => number;

/** Every disagreement, as readable lines (empty when all agree). */
function disagreements(pairs: readonly Pair[], ours: Cmp, theirs: readonly number[]): string[] {
  const bad: string[] = [];
  pairs.forEach(([a, b], i) => {
    const o = ours(a, b);
    if (o !== theirs[i]) bad.push(`${a} vs ${b}: ours ${o}, reference ${theirs[i]}`);
  });
  return bad;
}

/** Generated strings plus one-character mutations of them (the near misses that find bugs). */
function withMutations(gen: Gen, seed: number, count: number): string[] {
  const r = rng(seed + 1);
  const base = generated(gen, seed, count);
  return [...base, ...base.slice(0, count / 2).map((v) => (r() < 0.5 ? `${v}${gen(r).slice(-1)}` : v.slice(0, -1) || v))];
}

function check(name: string, pairs: Pair[], ours: Cmp, oracle: (p: Pair[]) => number[] | null): void {
  test(`${name}: agrees with the reference on ${pairs.length} pairs`, (t) => {
    const theirs = oracle(pairs);
    if (!theirs) {
      oracleMissing(t, `${name} reference implementation not installed`);
      return;
    }
    const bad = disagreements(pairs, ours, theirs);
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} disagreements`);
  });
}

const r = rng(20261124);
const validDpkg = (v: string): boolean => /^(\d+:)?\d[A-Za-z0-9.+~]*(-[A-Za-z0-9.+~]+)?$/.test(v);
const dpkgVersions = [...corpus('dpkg'), ...withMutations(genDpkg, 1, 300)].filter(validDpkg);
check('dpkg', pairsFrom(dpkgVersions, r, 300), compareDpkg, dpkgOracle);

const rpmVersions = [...corpus('dpkg'), ...corpus('apk'), ...withMutations(genRpm, 2, 1500)]
  .filter((v) => !/\s|\]==\]/.test(v));
check('rpm', pairsFrom(rpmVersions, r, 4000), compareRpm, rpmOracle);

const pyVersions = [...corpus('pypi'), ...withMutations(genPep440, 3, 1500)].filter((v) => pep440Valid(v) !== null);
check('pep440', pairsFrom(pyVersions, r, 4000), comparePep440, pythonOracle);

const mvnVersions = [...withMutations(genMaven, 4, 1500), ...corpus('npm'), ...corpus('go').slice(0, 200)];
// Plus the pairs of ComparableVersion's own non-transitive cycles (pinned in src/versioning/properties.test.ts).
const mvnCycles: Pair[] = [['', '0.alpha'], ['0.alpha', ' '], [' ', ''], ['1', '1-0.alpha'], ['1-0.alpha', '1-x'], ['1-x', '1']];
check('maven', [...pairsFrom(mvnVersions, r, 4000), ...mvnCycles], compareMaven, mavenOracle);

const npmVersions = [...corpus('npm'), ...withMutations(genSemver, 5, 1500)].filter((v) => semver.valid(v) !== null);
check('npm semver', pairsFrom(npmVersions, r, 4000), (a, b) => compareVersions('npm', a, b),
  (pairs) => pairs.map(([a, b]) => semver.compare(a, b)));

// Go module versions are SemVer with a `v`; golang.org/x/mod/semver order equals SemVer 2.0 precedence.
const goVersions = corpus('go').filter((v) => semver.valid(v) !== null);
check('go (semver oracle)', pairsFrom(goVersions, r, 2000), (a, b) => compareVersions('Go', `v${a}`, b),
  (pairs) => pairs.map(([a, b]) => semver.compare(a, b)));
