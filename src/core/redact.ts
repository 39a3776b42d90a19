/** Secret redaction shared by every output and log: keep a short prefix, mask the rest. */

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA****************`. Short values are fully masked. */
export function redact(value: string, keep = 4): string {
  if (value.length <= keep * 2) return '*'.repeat(Math.max(value.length, 4));
  return value.slice(0, keep) + '*'.repeat(Math.min(value.length - keep, 32));
}

/** Masks `user:password@` in URLs and `Authorization` header values inside free text (for logs). */
export function redactText(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)(@)/gi, (_m, a: string, _p: string, c: string) => `${a}****${c}`)
    .replace(/(authorization:\s*(?:basic|bearer)\s+)(\S+)/gi, (_m, a: string) => `${a}****`);
}
