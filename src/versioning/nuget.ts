/**
 * NuGet version order (NuGet.Versioning VersionComparer.Default): up to four numeric parts (missing = 0,
 * leading zeros allowed), SemVer 2 release labels compared numeric-vs-alpha and case-insensitively,
 * metadata ignored.
 */
import { compareDigits, compareStrings, type Cmp, type VersionScheme } from './types.js';
import { compareGeneric } from './generic.js';

interface NuGetVersion { parts: string[]; labels: string[] }

const RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseNuGet(v: string): NuGetVersion | null {
  const m = RE.exec(v.trim());
  if (!m) return null;
  const parts = [m[1]!, m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'];
  if (parts.some((p) => p.replace(/^0+(?=\d)/, '').length > 10 || Number(p) > 2147483647)) return null;
  return { parts, labels: m[5] ? m[5].split('.') : [] };
}

function compareLabel(a: string, b: string): Cmp {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? -1 : 1;
  return compareStrings(a.toLowerCase(), b.toLowerCase());
}

export function compareNuGet(a: string, b: string): Cmp {
  if (a === b) return 0;
  const x = parseNuGet(a);
  const y = parseNuGet(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareGeneric(a, b);
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(x.parts[i]!, y.parts[i]!);
    if (c !== 0) return c;
  }
  if (x.labels.length === 0 || y.labels.length === 0) {
    return x.labels.length === y.labels.length ? 0 : x.labels.length === 0 ? 1 : -1;
  }
  const n = Math.min(x.labels.length, y.labels.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(x.labels[i]!, y.labels[i]!);
    if (c !== 0) return c;
  }
  return x.labels.length === y.labels.length ? 0 : x.labels.length < y.labels.length ? -1 : 1;
}

export const nugetScheme: VersionScheme = { id: 'nuget', compare: compareNuGet, valid: (v) => parseNuGet(v) !== null };
