/**
 * Reads a CycloneDX JSON SBOM written by any of the compared tools and reduces it to comparable
 * facts: component counts by type and by purl type, and `name@version` sets per ecosystem (deb
 * versions with their epoch, from the version or from the purl's `epoch` qualifier; PyPI names
 * PEP 503-normalised) to diff against a ground truth.
 */
import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';

interface Component { type?: string; name?: string; version?: string; purl?: string; components?: Component[] }

export interface SbomSummary {
  components: number;
  byType: Record<string, number>;
  /** Components per purl type (`deb`, `npm`, `pypi`, …; `none` = no purl). */
  byPurlType: Record<string, number>;
  /** name@version per purl type, one entry per component (duplicates kept). */
  entries: Record<string, string[]>;
}

function flatten(list: Component[] | undefined, out: Component[] = []): Component[] {
  for (const c of list ?? []) { out.push(c); flatten(c.components, out); }
  return out;
}

function key(p: PackageURL): string {
  let version = p.version ?? '';
  const epoch = p.qualifiers?.epoch;
  if (p.type === 'deb' && epoch && epoch !== '0' && !version.includes(':')) version = `${epoch}:${version}`;
  const name = p.type === 'pypi' ? p.name.toLowerCase().replace(/[-_.]+/g, '-') : p.namespace && p.type !== 'deb' ? `${p.namespace}/${p.name}` : p.name;
  return `${name}@${version}`;
}

export function summarize(path: string): SbomSummary {
  const bom = JSON.parse(readFileSync(path, 'utf8')) as { components?: Component[] };
  const all = flatten(bom.components);
  const s: SbomSummary = { components: all.length, byType: {}, byPurlType: {}, entries: {} };
  for (const c of all) {
    const t = c.type ?? 'none';
    s.byType[t] = (s.byType[t] ?? 0) + 1;
    let pt = 'none';
    if (c.purl) {
      try {
        const p = PackageURL.fromString(c.purl);
        pt = p.type;
        (s.entries[pt] ??= []).push(key(p));
      } catch { pt = 'unparsable'; }
    }
    s.byPurlType[pt] = (s.byPurlType[pt] ?? 0) + 1;
  }
  return s;
}

export interface SetDiff {
  /** Components of this ecosystem in the SBOM (duplicates counted). */
  entries: number;
  unique: number;
  missing: string[];
  extra: string[];
  duplicated: string[];
}

export function diff(entries: readonly string[] | undefined, truth: readonly string[]): SetDiff {
  const list = entries ?? [];
  const got = new Set(list);
  const want = new Set(truth);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const e of list) { if (seen.has(e)) duplicated.add(e); seen.add(e); }
  return {
    entries: list.length,
    unique: got.size,
    missing: [...want].filter((k) => !got.has(k)).sort(),
    extra: [...got].filter((k) => !want.has(k)).sort(),
    duplicated: [...duplicated].sort(),
  };
}
