/** Core-metadata files (METADATA, PKG-INFO): RFC 822 style headers, body after the first blank line. */
import { BulwarkError } from '../../core/index.js';
import { purlOf } from '../shared/lang-package.js';

/** PEP 503 normalised name: lowercase, runs of `-_.` become `-`. */
export function pep503(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export function pypiPurl(name: string, version: string): string {
  return purlOf('pypi', undefined, pep503(name), version);
}

/** Header name (lowercased) → every value, continuation lines folded in. */
export function parseHeaders(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: { key: string; idx: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const vals = out.get(last.key) as string[];
      vals[last.idx] += '\n' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const vals = out.get(key) ?? [];
    vals.push(line.slice(colon + 1).trim());
    out.set(key, vals);
    last = { key, idx: vals.length - 1 };
  }
  return out;
}

/** Markers that only hold on another OS (`; platform_system == "Windows"`), when not or-ed with others. */
const OTHER_OS = /\b(?:platform_system|sys_platform|os_name)\s*==\s*["'](?:Windows|win32|cygwin|nt|Darwin|darwin)["']/;
const notOnLinux = (req: string): boolean => {
  const marker = req.slice(req.indexOf(';') + 1);
  return req.includes(';') && OTHER_OS.test(marker) && !/\bor\b/.test(marker);
};

export interface CoreMetadata { name: string; version: string; licenses: string[]; requires: string[] }

/** License-Expression, else a short License field, else the `License ::` classifiers. */
function licensesOf(h: Map<string, string[]>): string[] {
  const expr = h.get('license-expression')?.[0];
  if (expr) return [expr];
  const lic = h.get('license')?.[0];
  // Some projects paste the whole license text into License:; that is not a declared id.
  if (lic && lic !== 'UNKNOWN' && !lic.includes('\n') && lic.length <= 100) return [lic];
  return (h.get('classifier') ?? [])
    .filter((c) => c.startsWith('License ::') && c !== 'License :: OSI Approved')
    .map((c) => c.split('::').pop()?.trim() ?? '')
    .filter(Boolean);
}

export function parseCoreMetadata(text: string): CoreMetadata {
  const h = parseHeaders(text);
  const name = h.get('name')?.[0];
  const version = h.get('version')?.[0];
  if (!name || !version) throw new BulwarkError('MALFORMED_DOCUMENT', 'metadata without Name or Version');
  const requires = (h.get('requires-dist') ?? [])
    .filter((r) => !/;\s*.*\bextra\s*==/.test(r) && !notOnLinux(r))
    .map((r) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(r)?.[0] ?? '')
    .filter(Boolean);
  return { name, version, licenses: licensesOf(h), requires };
}
