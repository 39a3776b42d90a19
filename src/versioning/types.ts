/** One ordering per version scheme. Every comparator is pure and total: it never throws. */
export type Cmp = -1 | 0 | 1;

export interface VersionScheme {
  /** Scheme id: 'dpkg', 'rpm', 'apk', 'semver', 'pep440', 'maven', 'go', 'gem', 'nuget', 'composer', 'cargo', 'generic'. */
  readonly id: string;
  /** The ecosystem's own precedence. Invalid input falls back to `compareGeneric` (see docs/matching.md). */
  compare(a: string, b: string): Cmp;
  /** True when the ecosystem's own parser would accept `v`. */
  valid(v: string): boolean;
}

export const sign = (n: number): Cmp => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Compares two runs of ASCII digits numerically, at any length (leading zeros ignored). */
export function compareDigits(a: string, b: string): Cmp {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit string order (C strcmp / Java compareTo / Ruby <=> on ASCII). */
export function compareStrings(a: string, b: string): Cmp {
  return a < b ? -1 : a > b ? 1 : 0;
}
