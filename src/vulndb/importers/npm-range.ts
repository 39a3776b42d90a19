/**
 * npm semver range → OSV SEMVER events, only where the conversion is exact: each `||` alternative must be
 * `[>=a] [<b | <=b]`, `=a` or `*`. Anything else (exclusive lower bounds `>a`, two upper bounds) → undefined,
 * and the caller stores the expression itself (Advisory.rangeExpression).
 */
import type semver from 'semver';
import type * as SemverModule from 'semver';
import { lazy } from '../../core/index.js';
import type { AffectedRange, RangeEvent } from '../contract.js';

const sv = lazy<typeof SemverModule>('semver');

export function npmRangeToOsv(expr: string): { ranges: AffectedRange[]; versions: string[] } | undefined {
  let range: semver.Range;
  try {
    range = new (sv().Range)(expr.trim(), { loose: true });
  } catch {
    return undefined;
  }
  const ranges: AffectedRange[] = [];
  const versions: string[] = [];
  for (const set of range.set) {
    let lower: string | undefined;
    let upper: RangeEvent | undefined;
    for (const c of set) {
      if (c.value === '') { lower ??= '0'; continue; } // `*`: any version
      const v = c.semver.version;
      if (c.operator === '>=') { if (lower && lower !== '0') return undefined; lower = v; }
      else if (c.operator === '<') { if (upper) return undefined; upper = { fixed: v }; }
      else if (c.operator === '<=') { if (upper) return undefined; upper = { last_affected: v }; }
      else if (c.operator === '' || c.operator === '=') { if (set.length !== 1) return undefined; versions.push(v); lower = undefined; upper = undefined; }
      else return undefined;
    }
    if (lower === undefined && upper === undefined) continue;
    ranges.push({ type: 'SEMVER', events: [{ introduced: lower ?? '0' }, ...(upper ? [upper] : [])] });
  }
  return ranges.length || versions.length ? { ranges, versions } : undefined;
}
