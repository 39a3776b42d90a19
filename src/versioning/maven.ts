/**
 * Maven ComparableVersion (maven-artifact 3.8.7, checked against its jar), re-implemented: items are integers, qualifiers and
 * sub-lists (after `-` or a digit/letter transition); trailing null items are dropped; qualifiers order
 * alpha < beta < milestone < rc < snapshot < "" (ga/final/release) < sp < unknown (lexical).
 */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';

type Item = { t: 'int'; v: string } | { t: 'str'; v: string } | { t: 'list'; v: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) {
    if (v === 'a') v = 'alpha';
    else if (v === 'b') v = 'beta';
    else if (v === 'm') v = 'milestone';
  }
  return { t: 'str', v: Object.prototype.hasOwnProperty.call(ALIASES, v) ? ALIASES[v]! : v };
}

function parseItem(isDigit: boolean, buf: string): Item {
  return isDigit ? { t: 'int', v: buf.replace(/^0+(?=.)/, '') } : stringItem(buf, false);
}

function isNull(it: Item): boolean {
  if (it.t === 'int') return it.v === '0';
  if (it.t === 'str') return comparableQualifier(it.v) === RELEASE_INDEX;
  return it.v.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.t !== 'list') break;
  }
}

const isDigitChar = (c: string): boolean => c >= '0' && c <= '9';

export function parseMaven(version: string): Item[] {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const push = (): void => {
    const next: Item[] = [];
    list.push({ t: 'list', v: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? { t: 'int', v: '0' } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') push();
    } else if (isDigitChar(c)) {
      if (!isDigit && i > start) {
        // maven 3.8.7 (MNG-7559): ".X1" is treated as "-X1"
        if (list.length > 0) push();
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.length > 0) push(); // a trailing ".X" qualifier is treated as "-X"
    list.push(parseItem(isDigit, v.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!);
  return root;
}

function compareItem(a: Item, b: Item | null): Cmp {
  if (a.t === 'int') {
    if (b === null) return a.v === '0' ? 0 : 1;
    return b.t === 'int' ? compareDigits(a.v, b.v) : 1;
  }
  if (a.t === 'str') {
    if (b === null) return compareStrings(comparableQualifier(a.v), RELEASE_INDEX);
    if (b.t === 'str') return compareStrings(comparableQualifier(a.v), comparableQualifier(b.v));
    return -1;
  }
  if (b === null) {
    for (const it of a.v) {
      const c = compareItem(it, null);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (b.t === 'int') return -1;
  if (b.t === 'str') return 1;
  return compareLists(a.v, b.v);
}

function compareLists(l: Item[], r: Item[]): Cmp {
  const n = Math.max(l.length, r.length);
  for (let i = 0; i < n; i++) {
    const x = l[i];
    const y = r[i];
    let c: Cmp;
    if (x === undefined) c = y === undefined ? 0 : (-compareItem(y, null) as Cmp);
    else c = compareItem(x, y ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareMaven(a: string, b: string): Cmp {
  if (a === b) return 0;
  return compareLists(parseMaven(a), parseMaven(b));
}

export const mavenScheme: VersionScheme = { id: 'maven', compare: compareMaven, valid: (v) => v.trim().length > 0 };
