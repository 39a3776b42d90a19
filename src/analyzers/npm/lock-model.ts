/** The neutral shape every npm-family lockfile parser produces, and its conversion to packages. */
import type { Package } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { langPackage } from '../shared/lang-package.js';
import { npmPurl } from './purl.js';

export interface LockEntry {
  name: string;
  version: string;
  dev: boolean;
  licenses?: string[];
  /** Resolved (name, version) pairs of direct dependencies. */
  deps: Array<{ name: string; version: string }>;
}

/** One package per name@version: entries installed at several paths merge (dev only if all are dev). */
export function lockPackages(entries: LockEntry[], file: AnalyzerFile, foundBy: string): Package[] {
  const merged = new Map<string, LockEntry & { depPurls: Set<string> }>();
  for (const e of entries) {
    const key = `${e.name}@${e.version}`;
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { ...e, depPurls: new Set() }));
    else m.dev = m.dev && e.dev;
    for (const d of e.deps) m.depPurls.add(npmPurl(d.name, d.version));
  }
  return [...merged.values()].map((m) => langPackage({
    ecosystem: 'npm', name: m.name, version: m.version, purl: npmPurl(m.name, m.version), file, foundBy,
    licenses: m.licenses, dependsOn: [...m.depPurls], dev: m.dev,
  }));
}
