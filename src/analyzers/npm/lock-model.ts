/** The neutral shape every npm-family lockfile parser produces, and its conversion to packages. */
import type { NonRegistry, Package } from '../../core/index.js';
import type { AnalyzerFile } from '../contract.js';
import { langPackage } from '../shared/lang-package.js';
import { npmIdentityKey, npmPurl } from './purl.js';

export interface LockEntry {
  name: string;
  version: string;
  dev: boolean;
  licenses?: string[];
  /**
   * Resolved (name, version) pairs of direct dependencies. A parser may share one object per target
   * entry and carry its purl, so a dependency named by thousands of packages costs one purl, not thousands.
   */
  deps: LockDep[];
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
  /** npmPurl(name, version) when the parser already made it (it must then never rename the entry). */
  purl?: string;
}

export interface LockDep { name: string; version: string; purl?: string }

/** name@version and origin kind (see npmIdentityKey; NUL occurs in neither form of it). */
const keyOf = (purl: string, e: { name: string; version: string; nonRegistry?: NonRegistry }) => {
  const id = npmIdentityKey(e.name, e.version, purl);
  return e.nonRegistry ? `${id}\0${e.nonRegistry.kind}` : id;
};

/** One package per name@version (and origin): entries installed at several paths merge (dev only if all are dev). */
export function lockPackages(entries: LockEntry[], file: AnalyzerFile, foundBy: string): Package[] {
  // Most entries are unique: only a key seen twice gets merged sets (two Sets per entry cost more than the merge).
  const first = new Map<string, LockEntry>();
  const merged = new Map<string, { dev: boolean; depPurls: Set<string>; aliasSet: Set<string> }>();
  const depPurls = (e: LockEntry) => e.deps.map((d) => d.purl ?? npmPurl(d.name, d.version));
  const aliasesOf = (e: LockEntry) => (e.aliases ?? []).filter((a) => a !== e.name);
  const purlOf = (e: LockEntry) => e.purl ?? npmPurl(e.name, e.version);
  for (const e of entries) {
    const key = keyOf(purlOf(e), e);
    const f = first.get(key);
    if (!f) { first.set(key, e); continue; }
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { dev: f.dev, depPurls: new Set(depPurls(f)), aliasSet: new Set(aliasesOf(f)) }));
    m.dev = m.dev && e.dev;
    for (const d of depPurls(e)) m.depPurls.add(d);
    for (const al of aliasesOf(e)) m.aliasSet.add(al);
  }
  const out: Package[] = [];
  for (const [key, e] of first) {
    const m = merged.get(key);
    const purl = purlOf(e);
    // Aliases are rare: no Set for an entry without any.
    const aliases = m ? [...m.aliasSet] : e.aliases?.length ? [...new Set(aliasesOf(e))] : [];
    out.push(langPackage({
      ecosystem: 'npm', name: e.name, version: e.version, purl, file, foundBy,
      licenses: e.licenses, dependsOn: m ? [...m.depPurls] : depPurls(e), dev: m ? m.dev : e.dev, nonRegistry: e.nonRegistry,
      type: e.manifestDir === '.' ? 'application' : 'library',
      properties: aliases.length ? { alias: aliases.sort().join(',') } : undefined,
    }));
  }
  return out;
}
