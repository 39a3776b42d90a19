/**
 * SemVer 2.0.0 precedence (npm, crates.io) and Go module versions (`v` prefix, `+incompatible`,
 * pseudo-versions are ordinary pre-releases; `go1.21rc2` toolchain names for the stdlib).
 */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';

export interface SemVer {
  core: [string, string, string];
  pre: string[];
}

const NUM = '0|[1-9]\\d*';
const IDENT = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

/** Strict SemVer 2.0.0 (after dropping one leading `v` or `=` as npm does). Null when invalid. */
export function parseSemver(v: string): SemVer | null {
  const s = v.trim().replace(/^[v=]/, '');
  const m = SEMVER.exec(s);
  if (!m) return null;
  return { core: [m[1]!, m[2]!, m[3]!], pre: m[4] ? m[4].split('.') : [] };
}

const isNumeric = (s: string): boolean => /^\d+$/.test(s);

function compareIdent(a: string, b: string): Cmp {
  const na = isNumeric(a);
  const nb = isNumeric(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? -1 : 1;
  return compareStrings(a, b);
}

export function compareParsedSemver(x: SemVer, y: SemVer): Cmp {
  for (let i = 0; i < 3; i++) {
    const c = compareDigits(x.core[i]!, y.core[i]!);
    if (c !== 0) return c;
  }
  if (x.pre.length === 0 || y.pre.length === 0) {
    return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  }
  const n = Math.min(x.pre.length, y.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdent(x.pre[i]!, y.pre[i]!);
    if (c !== 0) return c;
  }
  return x.pre.length === y.pre.length ? 0 : x.pre.length < y.pre.length ? -1 : 1;
}

/** Builds a comparator from a parser; unparsable input uses the generic fallback (both sides). */
export function schemeFromParser(
  id: string, parse: (v: string) => SemVer | null, fallback: (a: string, b: string) => Cmp,
): VersionScheme {
  return {
    id,
    valid: (v) => parse(v) !== null,
    compare(a, b) {
      if (a === b) return 0;
      const x = parse(a);
      const y = parse(b);
      if (x && y) return compareParsedSemver(x, y);
      if (x || y) return x ? 1 : -1; // any valid version sorts above any invalid one
      return fallback(a, b);
    },
  };
}

/**
 * Go: golang.org/x/mod/semver accepts `vMAJOR[.MINOR[.PATCH]]`; OSV Go data omits the `v`.
 * Toolchain names (`go1.21`, `go1.21.3`, `go1.21rc2`, `go1.9beta1`) map to 1.21.0 / 1.21.0-rc.2 / ….
 */
export function parseGo(v: string): SemVer | null {
  let s = v.trim();
  const tool = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(s);
  if (tool) {
    const pre = tool[4] ? [tool[4], tool[5]!] : [];
    return { core: [tool[1]!, tool[2] ?? '0', tool[3] ?? '0'], pre };
  }
  s = s.replace(/^v/, '');
  const short = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (short && !/^0\d/.test(short[1]!) && !(short[2] && /^0\d/.test(short[2]))) {
    return { core: [short[1]!, short[2] ?? '0', '0'], pre: [] };
  }
  return parseSemver(s);
}
