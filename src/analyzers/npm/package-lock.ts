/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies`) and 2/3 (flat
 * `packages` keyed by install path). Both are reduced to install-path keys so dependency edges are
 * resolved with Node's lookup rules, exactly as npm installed them.
 */
import { BulwarkError } from '../../core/index.js';
import type { LockDep, LockEntry } from './lock-model.js';
import { readPackageLock, type LockDoc, type LockFields } from './lock-reader.js';
import { npmOrigin } from './origin.js';
import { workspaceGlobs } from './project.js';
import { declaredDeps, npmPurl, NodeModulesIndex } from './purl.js';

/** A v1 `dependencies` entry. */
interface RawEntry { version?: string; dev?: boolean; requires?: unknown; dependencies?: unknown }

/** An entry placed at its install path; it becomes the LockEntry itself once its deps are resolved (one object per entry). */
interface Placed extends LockEntry {
  licenses: string[]; depNames: string[];
  /** A `link: true` entry: the folder key it points at. */
  linkTo?: string;
  /** This entry as a dependency of others, made once (see LockEntry.deps). */
  asDep?: LockDep;
  /** The name it is installed under (the last segment of its `node_modules/` path; '' for folders). */
  installedAs: string;
}

/** The deps of an entry without any, shared (frozen: nothing may push into it). */
const NO_DEPS: LockDep[] = Object.freeze([]) as unknown as LockDep[];

/** v1 `version` may be an alias `npm:real@1.0.0`, or a git/file/tarball URL (not a registry version). */
function v1Version(name: string, version: string): { name: string; version: string } | undefined {
  if (version.startsWith('npm:')) {
    const spec = version.slice(4);
    const at = spec.lastIndexOf('@');
    return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : undefined;
  }
  return /^[0-9]/.test(version) ? { name, version } : undefined;
}

function placeV1(deps: Record<string, RawEntry>, prefix: string, out: Map<string, Placed>): void {
  for (const [name, e] of Object.entries(deps)) {
    if (!e || typeof e !== 'object') continue;
    const key = prefix ? `${prefix}/node_modules/${name}` : `node_modules/${name}`;
    const id = typeof e.version === 'string' ? v1Version(name, e.version) : undefined;
    if (id) out.set(key, { ...id, dev: e.dev === true, licenses: [], depNames: declaredDeps({ requires: e.requires }), deps: NO_DEPS, installedAs: name, ...(id.name !== name ? { aliases: [name] } : {}) });
    if (e.dependencies && typeof e.dependencies === 'object') placeV1(e.dependencies as Record<string, RawEntry>, key, out);
  }
}

/**
 * v2/v3, one entry as it is read: `""` is the project, keys without `node_modules/` are workspace members
 * (matching the project's `workspaces`, known only once `""` is read: see parsePackageLock) or local `file:`
 * folders, and `link: true` entries point at them. One object per entry with every field present (one
 * hidden class, no spread temporaries: 120k entries).
 */
function placeV2(key: string, e: LockFields | undefined): Placed | undefined {
  if (!e) return undefined;
  if (e.link) {
    return typeof e.resolved === 'string'
      ? { name: '', version: '', dev: false, licenses: [], depNames: [], deps: NO_DEPS, purl: undefined, nonRegistry: undefined, aliases: undefined, manifestDir: undefined, linkTo: e.resolved, asDep: undefined, installedAs: '' }
      : undefined;
  }
  const nm = key.lastIndexOf('node_modules/');
  const folder = nm < 0;
  const installedAs = folder ? '' : key.slice(nm + 13);
  const name = typeof e.name === 'string' ? e.name : installedAs;
  if (!folder && (typeof e.version !== 'string' || !e.version)) return undefined;
  const version = typeof e.version === 'string' ? e.version : '';
  return {
    name, version, dev: e.dev, licenses: e.licenses, depNames: e.depNames, deps: NO_DEPS,
    // The purl is made once here, for the package and for every edge that points at it.
    // (not for folders: their name and version may still come from their package.json, see withProject)
    purl: !folder && name ? npmPurl(name, version) : undefined,
    nonRegistry: folder ? undefined : npmOrigin(name, version, (e.resolved ?? '') as string),
    aliases: !folder && installedAs !== name ? [installedAs] : undefined,
    manifestDir: folder ? key || '.' : undefined,
    linkTo: undefined, asDep: undefined, installedAs,
  };
}

export function parsePackageLock(text: string): LockEntry[] {
  // Read without a JSON tree (lock-reader.ts): same accept/reject and the same fields as JSON.parse.
  let doc: LockDoc<Placed>;
  try {
    doc = readPackageLock(text, placeV2);
  } catch (e) {
    throw new BulwarkError('MALFORMED_DOCUMENT', `package-lock is ${(e as Error).message}`);
  }
  if (!doc.object) throw new BulwarkError('MALFORMED_DOCUMENT', 'package-lock is not a JSON object');
  let placed = new Map<string, Placed>();
  const v1 = doc.packages ? undefined : doc.dependencies();
  if (doc.packages) {
    placed = doc.packages as Map<string, Placed>;
    // Folder entries (no `node_modules/`) are rare: workspace members or local folders, by the project's globs.
    const ws = workspaceGlobs(doc.root?.workspaces);
    for (const [key, p] of doc.packages) {
      if (!p) placed.delete(key);
      else if (p.manifestDir !== undefined) p.nonRegistry = key === '' || ws.some((r) => r.test(key)) ? { kind: 'workspace', ref: key || '.' } : { kind: 'local', ref: `file:${key}` };
    }
  } else if (v1 && typeof v1 === 'object') placeV1(v1 as Record<string, RawEntry>, '', placed);
  else if (typeof doc.lockfileVersion !== 'number') throw new BulwarkError('MALFORMED_DOCUMENT', 'no lockfileVersion, packages or dependencies');
  return resolveEdges(placed);
}

/** Each entry's dependency names resolved to entries with Node's lookup, as npm installed them. */
function resolveEdges(placed: Map<string, Placed>): LockEntry[] {
  const target = (p: Placed | undefined): Placed | undefined => (p?.linkTo !== undefined ? placed.get(p.linkTo) : p);
  // Node's lookup through a directory → name index: no new key string per edge (300k edges in a 120k lockfile).
  const index = new NodeModulesIndex<Placed>();
  for (const [key, p] of placed) index.add(key, p, p.installedAs);
  const out: LockEntry[] = [];
  // Edges are collected here and copied out at their exact count (a pushed-into [] reserves 17 slots).
  const deps: LockDep[] = [];
  for (const [key, p] of placed) {
    if (p.linkTo !== undefined) continue;
    if (p.depNames.length) {
      deps.length = 0;
      const scopes = index.scopes(key);
      for (const d of p.depNames) {
        let hit: Placed | undefined;
        for (let i = 0; hit === undefined && i < scopes.length; i++) hit = scopes[i].get(d);
        const t = target(hit);
        if (!t) continue;
        if (!t.name) deps.push({ name: d, version: t.version });
        else deps.push(t.asDep ??= { name: t.name, version: t.version, purl: t.purl ?? npmPurl(t.name, t.version) });
      }
      if (deps.length) p.deps = deps.slice();
    }
    out.push(p);
  }
  return out;
}
