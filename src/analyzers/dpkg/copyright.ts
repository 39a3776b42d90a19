/**
 * Declared licenses from `usr/share/doc/<pkg>/copyright` (dpkg itself records none). Machine-readable
 * (DEP-5) files: every `License:` short name, as written, in order. Free-form files: the
 * `/usr/share/common-licenses/<name>` references Debian policy requires for common licenses.
 */
import { parseControl } from './parse-control.js';

const COMMON = /\/usr\/share\/common-licenses\/([A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+])/g;

export function parseCopyrightLicenses(text: string): string[] {
  const out = new Set<string>();
  const firstLine = text.slice(0, 300).split('\n').find((l) => l.trim()) ?? '';
  if (/^Format:\s*\S*(copyright-format|dep5)/i.test(firstLine)) {
    for (const s of parseControl(text).stanzas) {
      const name = s.get('license')?.split('\n')[0].trim();
      if (name) out.add(name);
    }
  } else {
    for (const m of text.matchAll(COMMON)) out.add(m[1]);
  }
  return [...out];
}
