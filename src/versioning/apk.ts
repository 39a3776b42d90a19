/**
 * Alpine apk version order, ported from apk-tools 2.x src/version.c (Gentoo-style):
 * digits{.digits}[letter]{_suffix[N]}[-rN], `_alpha _beta _pre _rc` < release < `_cvs _svn _git _hg _p`.
 */
import type { Cmp, VersionScheme } from './types.js';

const T_INVALID = -1;
const T_DIGIT_OR_ZERO = 0;
const T_DIGIT = 1;
const T_LETTER = 2;
const T_SUFFIX = 3;
const T_SUFFIX_NO = 4;
const T_REVISION_NO = 5;
const T_END = 6;

const PRE = ['alpha', 'beta', 'pre', 'rc'];
const POST = ['cvs', 'svn', 'git', 'hg', 'p'];

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** Cursor over one version string; `type` is the kind of the next token. */
interface Cur { s: string; p: number; type: number }

function nextToken(c: Cur): void {
  let n = T_INVALID;
  const ch = c.p < c.s.length ? c.s.charCodeAt(c.p) : 0;
  if (ch === 0) n = T_END;
  else if ((c.type === T_DIGIT || c.type === T_DIGIT_OR_ZERO) && isLower(ch)) n = T_LETTER;
  else if (c.type === T_LETTER && isDigit(ch)) n = T_DIGIT;
  else if (c.type === T_SUFFIX && isDigit(ch)) n = T_SUFFIX_NO;
  else {
    if (ch === 46) n = T_DIGIT_OR_ZERO; // '.'
    else if (ch === 95) n = T_SUFFIX; // '_'
    else if (ch === 45) { // '-'
      if (c.p + 1 < c.s.length && c.s[c.p + 1] === 'r') {
        n = T_REVISION_NO;
        c.p++;
      }
    }
    c.p++;
  }
  if (n < c.type) {
    const allowed = (n === T_DIGIT_OR_ZERO && c.type === T_DIGIT) || (n === T_SUFFIX && c.type === T_SUFFIX_NO)
      || (n === T_DIGIT && c.type === T_LETTER);
    if (!allowed) n = T_INVALID;
  }
  c.type = n;
}

function readNumber(c: Cur): bigint | null {
  let i = c.p;
  while (i < c.s.length && isDigit(c.s.charCodeAt(i))) i++;
  if (i - c.p >= 18) return null;
  const v = i > c.p ? BigInt(c.s.slice(c.p, i)) : 0n;
  c.p = i;
  return v;
}

function readSuffix(c: Cur): bigint | null {
  const rest = c.s.slice(c.p);
  const pre = PRE.findIndex((x) => rest.startsWith(x));
  if (pre >= 0) {
    c.p += PRE[pre]!.length;
    return BigInt(pre - PRE.length);
  }
  const post = POST.findIndex((x) => rest.startsWith(x));
  if (post >= 0) {
    c.p += POST[post]!.length;
    return BigInt(post);
  }
  return null;
}

function getToken(c: Cur): bigint {
  if (c.p >= c.s.length) {
    c.type = T_END;
    return 0n;
  }
  let nt = T_INVALID;
  let v: bigint | null;
  switch (c.type) {
    case T_DIGIT_OR_ZERO:
      if (c.s.charCodeAt(c.p) === 48) {
        // leading zeros after a dot: "1.01" < "1.1"
        const start = c.p;
        while (c.p < c.s.length && c.s.charCodeAt(c.p) === 48) c.p++;
        nt = T_DIGIT;
        v = BigInt(start - c.p);
        break;
      }
      v = readNumber(c);
      break;
    case T_DIGIT:
    case T_SUFFIX_NO:
    case T_REVISION_NO:
      v = readNumber(c);
      break;
    case T_LETTER:
      v = BigInt(c.s.charCodeAt(c.p++));
      break;
    case T_SUFFIX:
      v = readSuffix(c);
      break;
    default:
      v = null;
  }
  if (v === null) {
    c.type = T_INVALID;
    return -1n;
  }
  if (c.p >= c.s.length) c.type = T_END;
  else if (nt !== T_INVALID) c.type = nt;
  else nextToken(c);
  return v;
}

export function compareApk(a: string, b: string): Cmp {
  if (a === b) return 0;
  const ca: Cur = { s: a, p: 0, type: T_DIGIT };
  const cb: Cur = { s: b, p: 0, type: T_DIGIT };
  let av = 0n;
  let bv = 0n;
  while (ca.type === cb.type && ca.type !== T_END && ca.type !== T_INVALID && av === bv) {
    av = getToken(ca);
    bv = getToken(cb);
  }
  if (av < bv) return -1;
  if (av > bv) return 1;
  if (ca.type === cb.type) return 0;
  // equal so far: the longer one is newer unless what follows is a pre-release suffix
  if (ca.type === T_SUFFIX && getToken({ ...ca }) < 0n) return -1;
  if (cb.type === T_SUFFIX && getToken({ ...cb }) < 0n) return 1;
  if (ca.type > cb.type) return -1;
  if (cb.type > ca.type) return 1;
  return 0;
}

export function validApk(v: string): boolean {
  const c: Cur = { s: v, p: 0, type: T_DIGIT };
  while (c.type !== T_END && c.type !== T_INVALID) getToken(c);
  return c.type === T_END && v.length > 0;
}

export const apkScheme: VersionScheme = { id: 'apk', compare: compareApk, valid: validApk };
