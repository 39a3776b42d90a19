/**
 * Declared licenses from `usr/share/doc/<pkg>/copyright` (dpkg itself records none). Machine-readable
 * (DEP-5) files: every `License:` short name, as written, in order. Free-form files: the
 * `/usr/share/common-licenses/<name>` references Debian policy requires for common licenses.
 * Works on the bytes: some copyright files are megabytes (Boost: 2 MB) and only a few lines matter.
 */

const COMMON = Buffer.from('/usr/share/common-licenses/');
const NAME = /^[A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+]/;

function lineAt(buf: Buffer, start: number): string {
  let end = buf.indexOf(10, start);
  if (end < 0) end = buf.length;
  return buf.toString('utf8', start, Math.min(end, start + 400)).replace(/\r$/, '');
}

function dep5(buf: Buffer, out: Set<string>): void {
  // Field names are case-insensitive; DEP-5 files write `License:` (rarely `license:`).
  for (const key of ['License:', 'license:', 'LICENSE:']) {
    const needle = Buffer.from(`\n${key}`);
    for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
      const value = lineAt(buf, at + needle.length).trim();
      if (value) out.add(value);
    }
  }
}

export function parseCopyrightLicenses(buf: Buffer): string[] {
  const out = new Set<string>();
  const head = buf.toString('utf8', 0, Math.min(buf.length, 300)).split('\n').find((l) => l.trim()) ?? '';
  if (/^Format:\s*\S*(copyright-format|dep5)/i.test(head)) {
    dep5(buf, out);
  } else {
    for (let at = buf.indexOf(COMMON); at >= 0; at = buf.indexOf(COMMON, at + 1)) {
      const m = NAME.exec(lineAt(buf, at + COMMON.length));
      if (m) out.add(m[0]);
    }
  }
  return [...out];
}
