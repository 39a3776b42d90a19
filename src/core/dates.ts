/**
 * Advisory dates. Go's vulndb writes Go's zero time (`0001-01-01T00:00:00Z`) for "not known" in `published`
 * and `modified` of thousands of records; taken literally it becomes the earliest date of every merged
 * finding and a year-1 `published` in JSON and CycloneDX reports.
 */

/** The date, or undefined when it is missing, unparsable or a zero-time placeholder (year ≤ 1). */
export function knownDate(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1) return undefined;
  return s;
}
