/**
 * RubyGems Gem::Version#<=>: segments are digit runs (integers) or letter runs (strings, pre-release);
 * `-` means `.pre.`; trailing zero segments before the first string segment and at the end are
 * dropped (canonical_segments); a string segment is lower than a number.
 */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';
import { compareGeneric } from './generic.js';

const PATTERN = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function validGem(v: string): boolean {
  const s = v.trim();
  return s === '' || PATTERN.test(s);
}

type Seg = string | { n: string };

function dropTrailingZeros(segs: Seg[]): Seg[] {
  let end = segs.length;
  while (end > 0) {
    const s = segs[end - 1]!;
    if (typeof s === 'string' || compareDigits(s.n, '0') !== 0) break;
    end--;
  }
  return segs.slice(0, end);
}

export function canonicalGemSegments(v: string): Seg[] {
  const s = v.trim() === '' ? '0' : v.trim().replace(/-/g, '.pre.');
  const segs: Seg[] = (s.match(/[0-9]+|[a-z]+/gi) ?? []).map((x) => (/^\d/.test(x) ? { n: x } : x));
  const firstString = segs.findIndex((x) => typeof x === 'string');
  const numeric = firstString < 0 ? segs : segs.slice(0, firstString);
  const rest = firstString < 0 ? [] : segs.slice(firstString);
  return [...dropTrailingZeros(numeric), ...dropTrailingZeros(rest)];
}

export function compareGem(a: string, b: string): Cmp {
  if (a === b) return 0;
  if (!validGem(a) || !validGem(b)) {
    return validGem(a) ? 1 : validGem(b) ? -1 : compareGeneric(a, b);
  }
  const x = canonicalGemSegments(a);
  const y = canonicalGemSegments(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = x[i] ?? { n: '0' };
    const r = y[i] ?? { n: '0' };
    const ls = typeof l === 'string';
    const rs = typeof r === 'string';
    if (ls && rs) {
      const c = compareStrings(l, r);
      if (c !== 0) return c;
    } else if (ls !== rs) {
      return ls ? -1 : 1;
    } else {
      const c = compareDigits((l as { n: string }).n, (r as { n: string }).n);
      if (c !== 0) return c;
    }
  }
  return 0;
}

export const gemScheme: VersionScheme = { id: 'gem', compare: compareGem, valid: validGem };
