/**
 * Fallback order for strings a scheme cannot parse: split into digit and non-digit runs, compare digit
 * runs numerically and other runs by code unit; a digit run sorts after a non-digit run; the shorter
 * sequence is lower. Total, antisymmetric and transitive on every string.
 */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';

const RUN = /\d+|\D+/g;

export function compareGeneric(a: string, b: string): Cmp {
  if (a === b) return 0;
  const ra = a.match(RUN) ?? [];
  const rb = b.match(RUN) ?? [];
  const n = Math.min(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    const dx = x.charCodeAt(0) <= 57 && x.charCodeAt(0) >= 48;
    const dy = y.charCodeAt(0) <= 57 && y.charCodeAt(0) >= 48;
    let c: Cmp;
    if (dx && dy) c = compareDigits(x, y) || compareStrings(x, y);
    else if (dx !== dy) c = dx ? 1 : -1;
    else c = compareStrings(x, y);
    if (c !== 0) return c;
  }
  return ra.length === rb.length ? 0 : ra.length < rb.length ? -1 : 1;
}

export const genericScheme: VersionScheme = { id: 'generic', compare: compareGeneric, valid: (v) => v.length > 0 };
