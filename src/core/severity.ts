/** One severity scale for every finding kind. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at or above `threshold` (unknown is below low). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** Parses user text (`HIGH`, `Moderate`, `important`) into the scale; unknown words map to 'unknown'. */
export function toSeverity(v: string | undefined | null): Severity {
  const s = (v ?? '').trim().toLowerCase();
  if (isSeverity(s)) return s;
  if (s === 'important') return 'high';
  if (s === 'moderate') return 'medium';
  if (s === 'negligible' || s === 'unimportant' || s === 'minor') return 'low';
  return 'unknown';
}
