/** PEP 440 order via @renovatebot/pep440 (a port of Python `packaging.version`). */
import { compare, valid } from '@renovatebot/pep440';
import { compareGeneric } from './generic.js';
import { sign, type Cmp, type VersionScheme } from './types.js';

export function comparePep440(a: string, b: string): Cmp {
  if (a === b) return 0;
  const va = valid(a) !== null;
  const vb = valid(b) !== null;
  if (va && vb) return sign(compare(a, b));
  if (va || vb) return va ? 1 : -1;
  return compareGeneric(a, b);
}

export const pep440Scheme: VersionScheme = { id: 'pep440', compare: comparePep440, valid: (v) => valid(v) !== null };
