/** Escaping for XML and HTML text and attributes (JUnit, HTML writers). Untrusted: package names, paths, messages. */

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes the five XML specials and drops characters XML 1.0 forbids (C0 controls other than tab/LF/CR). */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- the control characters are the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c]);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so `</script>` cannot close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
