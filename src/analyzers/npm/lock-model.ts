/** The neutral shape every npm-family lockfile parser produces, and its conversion to packages. */
import type { NonRegistry, Package } from '../../core/index.js';
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
  /** Not from the registry (workspace member, local path, git, patch, tarball URL). */
  nonRegistry?: NonRegistry;
  /** Names the package is installed under when that is an alias (`"foo-ms": "npm:ms@2.1.3"`). */
  aliases?: string[];
  /**
   * Folder (relative to the lockfile) whose package.json names this entry: workspace members and
   * local directories, whose lockfile entries carry no (or a placeholder) version. `.` is the project.
   */
  manifestDir?: string;
  /** yarn v1: the `name@range` specs that resolved to this entry, to draw the project's own edges. */
  specs?: string[];
}

const keyOf = (e: { name: string; version: string; nonRegistry?: NonRegistry }) => `${e.name}@${e.version}#${e.nonRegistry?.kind ?? ''}`;

/** One package per name@version (and origin): entries installed at several paths merge (dev only if all are dev). */
export function lockPackages(entries: LockEntry[], file: AnalyzerFile, foundBy: string): Package[] {
  const merged = new Map<string, LockEntry & { depPurls: Set<string>; aliasSet: Set<string> }>();
  for (const e of entries) {
    const key = keyOf(e);
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { ...e, depPurls: new Set(), aliasSet: new Set() }));
    else m.dev = m.dev && e.dev;
    for (const d of e.deps) m.depPurls.add(npmPurl(d.name, d.version));
    for (const a of e.aliases ?? []) if (a !== e.name) m.aliasSet.add(a);
  }
  return [...merged.values()].map((m) => langPackage({
    ecosystem: 'npm', name: m.name, version: m.version, purl: npmPurl(m.name, m.version), file, foundBy,
    licenses: m.licenses, dependsOn: [...m.depPurls], dev: m.dev, nonRegistry: m.nonRegistry,
    type: m.manifestDir === '.' ? 'application' : 'library',
    properties: m.aliasSet.size ? { alias: [...m.aliasSet].sort().join(',') } : undefined,
  }));
}
