/** Secret redaction shared by every output and log: keep a short prefix, mask the rest. */

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA****************`. Short values are fully masked. */
export function redact(value: string, keep = 4): string {
  if (value.length <= keep * 2) return '*'.repeat(Math.max(value.length, 4));
  return value.slice(0, keep) + '*'.repeat(Math.min(value.length - keep, 32));
}

const AUTHORIZATION = /authorization:/i;

/** Masks `user:password@` in URLs and `Authorization` header values inside free text (for logs). */
export function redactText(text: string): string {
  // Each pattern needs its literal (`://`, `authorization:`): text with neither (most messages) is returned without
  // the two regex scans. The admission webhook redacts every policy message of every review.
  const url = text.includes('://');
  if (!url && !AUTHORIZATION.test(text)) return text;
  return (url ? text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)(@)/gi, (_m, a: string, _p: string, c: string) => `${a}****${c}`) : text)
    .replace(/(authorization:\s*(?:basic|bearer)\s+)(\S+)/gi, (_m, a: string) => `${a}****`);
}
