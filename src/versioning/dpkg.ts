/** Debian version order as `dpkg --compare-versions` implements it (lib/dpkg/version.c). */
import { compareDigits, type Cmp, type VersionScheme } from './types.js';

export interface DpkgVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

/** `[epoch:]upstream[-revision]`: epoch before the first colon, revision after the last hyphen. */
export function parseDpkgVersion(v: string): DpkgVersion {
  const s = v.trim();
  const colon = s.indexOf(':');
  const hasEpoch = colon > 0 && /^\d+$/.test(s.slice(0, colon));
  const epoch = hasEpoch ? s.slice(0, colon) : '0';
  const rest = hasEpoch ? s.slice(colon + 1) : s;
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0
    ? { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) }
    : { epoch, upstream: rest, revision: '' };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Weight of one non-digit character: `~` < end < letters < everything else. */
function order(c: number): number {
  if (Number.isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1; // '~'
  return c + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
export function verrevcmp(a: string, b: string): Cmp {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = compareDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDpkg(a: string, b: string): Cmp {
  if (a === b) return 0;
  const x = parseDpkgVersion(a);
  const y = parseDpkgVersion(b);
  return compareDigits(x.epoch, y.epoch) || verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

/** Policy 10 rules dpkg enforces when parsing (`dpkg: warning: version ... has bad syntax`). */
const VALID = /^(?:\d+:)?[0-9][A-Za-z0-9.+~:-]*$/;

export function validDpkg(v: string): boolean {
  const s = v.trim();
  if (!VALID.test(s)) return false;
  const p = parseDpkgVersion(s);
  if (p.upstream === '' || (s.includes('-') && p.revision === '')) return false;
  if (!/^\d/.test(p.upstream)) return false;
  if (p.upstream.includes(':') && !/^\d+:/.test(s)) return false;
  return /^[A-Za-z0-9.+~]*$/.test(p.revision);
}

export const dpkgScheme: VersionScheme = { id: 'dpkg', compare: compareDpkg, valid: validDpkg };
