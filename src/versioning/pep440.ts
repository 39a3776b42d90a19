/** PEP 440 order via @renovatebot/pep440 (a port of Python `packaging.version`), with bounded memo caches. */
import type * as PepModule from '@renovatebot/pep440';
import { lazy } from '../core/index.js';
import { compareGeneric } from './generic.js';
import { sign, type Cmp, type VersionScheme } from './types.js';

const pep440 = lazy<typeof PepModule>('@renovatebot/pep440');

// The library re-parses with one large regex on every call; matching compares the same few strings often.
const LIMIT = 50_000;
const validCache = new Map<string, boolean>();
const cmpCache = new Map<string, Cmp>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

export function validPep440(v: string): boolean {
  return validCache.get(v) ?? remember(validCache, v, pep440().valid(v) !== null);
}

export function comparePep440(a: string, b: string): Cmp {
  if (a === b) return 0;
  const key = `${a}\u0000${b}`;
  const hit = cmpCache.get(key);
  if (hit !== undefined) return hit;
  const va = validPep440(a);
  const vb = validPep440(b);
  let c: Cmp;
  if (va && vb) c = sign(pep440().compare(a, b));
  else if (va || vb) c = va ? 1 : -1;
  else c = compareGeneric(a, b);
  return remember(cmpCache, key, c);
}

export const pep440Scheme: VersionScheme = { id: 'pep440', compare: comparePep440, valid: validPep440 };
