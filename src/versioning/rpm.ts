/** RPM version order: rpmvercmp (with `~` and `^`) over epoch:version-release, as rpm 4.18's rpmverCmp. */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
const TILDE = 126;
const CARET = 94;

/**
 * The `~` (sorts before everything, even the end) and `^` (sorts after the end, before anything else)
 * separators: a decision, 'skip' when both sides carry the same one, or null when neither applies.
 */
function separator(ca: number, cb: number): Cmp | 'skip' | null {
  if (ca === TILDE || cb === TILDE) {
    if (ca !== TILDE) return 1;
    return cb !== TILDE ? -1 : 'skip';
  }
  if (ca === CARET || cb === CARET) {
    if (ca === 0) return -1;
    if (cb === 0) return 1;
    if (ca !== CARET) return 1;
    return cb !== CARET ? -1 : 'skip';
  }
  return null;
}

const at = (s: string, k: number): number => (k < s.length ? s.charCodeAt(k) : 0);
const isSeparator = (c: number): boolean => !isAlnum(c) && c !== TILDE && c !== CARET;

/** rpmvercmp on one field. */
export function rpmvercmp(a: string, b: string): Cmp {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(at(a, i))) i++;
    while (j < b.length && isSeparator(at(b, j))) j++;
    const ca = at(a, i);
    const cb = at(b, j);
    const sep = separator(ca, cb);
    if (sep === 'skip') {
      i++; j++;
      continue;
    }
    if (sep !== null) return sep;
    if (ca === 0 || cb === 0) break;
    const si = i;
    const sj = j;
    const num = isDigit(ca);
    const test = num ? isDigit : isAlpha;
    while (i < a.length && test(at(a, i))) i++;
    while (j < b.length && test(at(b, j))) j++;
    // a numeric segment is newer than an alpha one
    if (j === sj) return num ? 1 : -1;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    const c = num ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (c !== 0) return c;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

export interface Evr {
  epoch?: string;
  version: string;
  release?: string;
}

/** `[epoch:]version[-release]`, release after the last hyphen. */
export function parseEvr(v: string): Evr {
  const s = v.trim();
  const colon = s.indexOf(':');
  const hasEpoch = colon > 0 && /^\d+$/.test(s.slice(0, colon));
  const rest = hasEpoch ? s.slice(colon + 1) : s;
  const hyphen = rest.lastIndexOf('-');
  const evr: Evr = hyphen >= 0 ? { version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) } : { version: rest };
  if (hasEpoch) evr.epoch = s.slice(0, colon);
  return evr;
}

/** Epoch (missing = 0), version, then release (present beats absent), exactly as rpm 4.18's rpm.vercmp orders EVRs. */
export function compareRpm(a: string, b: string): Cmp {
  if (a === b) return 0;
  const x = parseEvr(a);
  const y = parseEvr(b);
  const e = rpmvercmp(x.epoch ?? '0', y.epoch ?? '0');
  if (e !== 0) return e;
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0) return v;
  if (x.release !== undefined && y.release !== undefined) return rpmvercmp(x.release, y.release);
  // rpm.vercmp: with equal versions, the side that carries a release (even an empty one) is newer
  return x.release === y.release ? 0 : x.release !== undefined ? 1 : -1;
}

export const rpmScheme: VersionScheme = {
  id: 'rpm',
  compare: compareRpm,
  valid: (v) => /^(?:\d+:)?[^:\s-]+(?:-[^:\s-]+)?$/.test(v.trim()),
};
