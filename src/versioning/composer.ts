/**
 * Composer (Packagist) order: VersionParser::normalize (4 numeric parts, stability suffix expanded:
 * a→alpha, b→beta, p/pl→patch, rc→RC; `x-dev` branches → 9999999) then PHP `version_compare`
 * (dev < alpha < beta < RC < number < patch; unknown words lowest).
 */
import { compareDigits, type Cmp, type VersionScheme } from './types.js';
import { compareGeneric } from './generic.js';

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSIC = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  if (l === 'a') return 'alpha';
  if (l === 'b') return 'beta';
  if (l === 'p' || l === 'pl') return 'patch';
  if (l === 'rc') return 'RC';
  return l;
}

function suffix(m: RegExpExecArray, first: number): string {
  let out = '';
  const stab = m[first];
  if (stab && stab.toLowerCase() !== 'stable') out += `-${expandStability(stab)}${(m[first + 1] ?? '').replace(/^[.-]+/, '')}`;
  if (m[first + 2]) out += '-dev';
  return out;
}

/** Normalised form, or null when Composer would reject the string. */
export function normalizeComposer(version: string): string | null {
  let v = version.trim().replace(/@(?:stable|RC|beta|alpha|dev)$/i, '').replace(/^([^,\s]+) +as +[^,\s]+$/, '$1');
  if (/^(?:dev-)?(?:master|trunk|default)$/i.test(v)) return `dev-${v.replace(/^dev-/i, '')}`;
  if (/^dev-/i.test(v)) return `dev-${v.slice(4)}`;
  v = v.replace(/\+[0-9A-Za-z.-]+$/, ''); // build metadata is ignored
  let m = CLASSIC.exec(v);
  if (m) {
    const parts = [m[1]!, (m[2] ?? '.0').slice(1), (m[3] ?? '.0').slice(1), (m[4] ?? '.0').slice(1)];
    return parts.join('.') + suffix(m, 5);
  }
  m = DATE.exec(v);
  if (m) return m[1]!.replace(/\D/g, '.') + suffix(m, 2);
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  if (dev) {
    const b = BRANCH.exec(dev[1]!);
    if (b) {
      const parts = [1, 2, 3, 4].map((i) => (b[i] ?? '.x').replace(/^\./, '').replace(/^[xX*]$/, '9999999'));
      return `${parts.join('.')}-dev`;
    }
    return `dev-${dev[1]}`;
  }
  return null;
}

const SPECIAL: Array<[string, number]> = [
  ['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5],
];

function special(form: string): number {
  for (const [name, order] of SPECIAL) if (form.startsWith(name)) return order;
  return -1;
}

const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** PHP's php_canonicalize_version: separators to '.', a '.' at every digit/non-digit boundary. */
function canonicalize(v: string): string {
  if (v === '') return v;
  let out = v[0]!;
  let lp = v[0]!;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const last = out[out.length - 1];
    const dig = (x: string): boolean => isDigitChar(x) && x !== '.';
    const ndig = (x: string): boolean => !isDigitChar(x) && x !== '.';
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if ((ndig(lp) && dig(c)) || (dig(lp) && ndig(c))) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!/[A-Za-z0-9]/.test(c)) {
      if (last !== '.') out += '.';
    } else {
      out += c;
    }
    lp = c;
  }
  return out;
}

/** PHP version_compare(a, b). */
export function phpVersionCompare(a: string, b: string): Cmp {
  const pa = canonicalize(a).split('.').filter((x) => x !== '');
  const pb = canonicalize(b).split('.').filter((x) => x !== '');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const dx = isDigitChar(x[0]);
    const dy = isDigitChar(y[0]);
    let c: number;
    if (dx && dy) c = compareDigits(x.match(/^\d+/)![0], y.match(/^\d+/)![0]);
    else if (!dx && !dy) c = special(x) - special(y);
    else c = dx ? special('#N#') - special(y) : special(x) - special('#N#');
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (pa.length > n) return isDigitChar(pa[n]![0]) ? 1 : phpVersionCompare(pa.slice(n).join('.'), '#N#');
  if (pb.length > n) return isDigitChar(pb[n]![0]) ? -1 : phpVersionCompare('#N#', pb.slice(n).join('.'));
  return 0;
}

export function compareComposer(a: string, b: string): Cmp {
  if (a === b) return 0;
  const x = normalizeComposer(a);
  const y = normalizeComposer(b);
  if (x === null || y === null) return x !== null ? 1 : y !== null ? -1 : compareGeneric(a, b);
  return phpVersionCompare(x, y);
}

export const composerScheme: VersionScheme = {
  id: 'composer', compare: compareComposer, valid: (v) => normalizeComposer(v) !== null,
};
