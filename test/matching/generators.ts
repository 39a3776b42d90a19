/** Seeded version-string generators and pair builders for the differential tests. */
import { readFileSync } from 'node:fs';
import type { Pair } from './oracles.js';

/** mulberry32: small deterministic PRNG so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Gen = (r: () => number) => string;
export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: () => number, max: number): number => Math.floor(r() * (max + 1));
const chars = (r: () => number, alphabet: string, min: number, max: number): string =>
  Array.from({ length: min + int(r, max - min) }, () => pick(r, [...alphabet])).join('');

export const genDpkg: Gen = (r) => {
  const epoch = r() < 0.15 ? `${int(r, 2)}:` : '';
  const up = `${int(r, 12)}${chars(r, '0123456789..abz+~', 0, 6)}`;
  const rev = r() < 0.7 ? `-${chars(r, '0123456789.+~ab', 1, 5)}` : '';
  return epoch + up + rev;
};

export const genRpm: Gen = (r) => {
  const epoch = r() < 0.15 ? `${int(r, 2)}:` : '';
  const v = `${int(r, 12)}${chars(r, '0123456789._~^aZb+', 0, 7)}`;
  const rel = r() < 0.6 ? `-${chars(r, '0123456789._~^aelx', 1, 5)}` : '';
  return epoch + v + rel;
};

const PRE = ['alpha', 'beta', 'rc', '0', '1', '2', '11', 'alpha-1', 'x', 'X', 'beta2', '01a', '-'];
export const genSemver: Gen = (r) => {
  const core = `${int(r, 3)}.${int(r, 11)}.${int(r, 11)}`;
  const pre = r() < 0.5 ? `-${Array.from({ length: 1 + int(r, 2) }, () => pick(r, PRE)).join('.')}` : '';
  const build = r() < 0.15 ? `+${pick(r, ['b1', 'sha.5114f85', '001'])}` : '';
  return core + pre + build;
};

export const genPep440: Gen = (r) => {
  const epoch = r() < 0.1 ? `${int(r, 2)}!` : '';
  const rel = Array.from({ length: 1 + int(r, 3) }, () => int(r, 10)).join('.');
  const pre = r() < 0.35 ? `${pick(r, ['a', 'b', 'rc', 'c', 'alpha', 'beta', 'pre', 'preview', '.a', '-rc'])}${int(r, 3)}` : '';
  const post = r() < 0.25 ? pick(r, ['.post', '-post', 'post', '-', '.rev', '.r']) + String(int(r, 3)) : '';
  const dev = r() < 0.25 ? `.dev${int(r, 3)}` : '';
  const local = r() < 0.15 ? `+${pick(r, ['ubuntu1', 'abc.5', '1', 'x.2.y'])}` : '';
  return epoch + rel + pre + post + dev + local;
};

const MVN = ['1', '2', '0', '10', '00', '1a', 'alpha', 'a1', 'b2', 'beta', 'm3', 'milestone', 'rc', 'cr', 'rc1',
  'snapshot', 'SNAPSHOT', 'ga', 'final', 'release', 'sp', 'sp1', 'foo', 'abc', 'Final', '', 'x2', 'RELEASE'];
export const genMaven: Gen = (r) => {
  let s = String(int(r, 5));
  for (let i = int(r, 4); i > 0; i--) s += pick(r, ['.', '-', '', '.', '-']) + pick(r, MVN);
  return s;
};

export function corpus(name: string): string[] {
  const file = new URL(`./testdata/corpus/${name}.txt`, import.meta.url);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Random pairs, neighbour pairs of the sorted list (near-equal), and self pairs. */
export function pairsFrom(versions: readonly string[], r: () => number, randomCount: number): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < randomCount; i++) out.push([pick(r, versions), pick(r, versions)]);
  const sorted = [...versions].sort();
  for (let i = 1; i < sorted.length; i++) out.push([sorted[i - 1]!, sorted[i]!]);
  for (let i = 0; i < Math.min(50, versions.length); i++) out.push([versions[i]!, versions[i]!]);
  return out;
}

export function generated(gen: Gen, seed: number, count: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => gen(r));
}
