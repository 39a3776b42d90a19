/**
 * pnpm-lock.yaml, lockfile versions 5.x (`/name/1.0.0_peer`), 6.x (`/name@1.0.0(peer)`) and 9.x
 * (`name@1.0.0` in `packages`, dependency graph in `snapshots`). v5/v6 mark dev packages; v9 does
 * not, so dev-ness is computed by reachability from the importers' `devDependencies` only.
 */
import type * as YamlModule from 'yaml';

const yaml = lazy<typeof YamlModule>('yaml');
import { BulwarkError, lazy } from '../../core/index.js';
import type { LockEntry } from './lock-model.js';
import { npmOrigin } from './origin.js';
import { splitSpec } from './purl.js';

type Deps = Record<string, unknown>;
interface RawPkg { name?: unknown; version?: unknown; dev?: unknown; dependencies?: Deps; optionalDependencies?: Deps; resolution?: { tarball?: unknown } }
interface Importer { dependencies?: Deps; optionalDependencies?: Deps; devDependencies?: Deps }
interface Doc extends Importer { lockfileVersion?: unknown; importers?: Record<string, Importer>; packages?: Record<string, RawPkg>; snapshots?: Record<string, RawPkg> }

const stripPeers = (s: string): string => s.replace(/\(.*$/, '');

/** `name@version` (v6+) or `/name/version_peers` (v5) of a package key. */
function identity(key: string, major: number): { name: string; version: string } {
  const k = key.startsWith('/') ? key.slice(1) : key;
  if (major < 6) {
    const slash = k.lastIndexOf('/');
    return { name: k.slice(0, slash), version: k.slice(slash + 1).replace(/_.*$/, '') };
  }
  const { name, range } = splitSpec(stripPeers(k));
  return { name, version: range };
}

/** The package key a dependency value points at (`1.0.0(peer)`, an alias `/real@1.0.0`, or `link:`). */
function depKey(name: string, value: unknown, major: number): string | undefined {
  const v = typeof value === 'object' && value ? (value as { version?: unknown }).version : value;
  if (typeof v !== 'string' || v.startsWith('link:')) return undefined;
  if (v.startsWith('/')) return v;
  if (v.startsWith('file:')) return major >= 9 ? `${name}@${v}` : v;
  if (major >= 9 && v.indexOf('@', 1) > 0) return v;
  if (major >= 9) return `${name}@${v}`;
  return major >= 6 ? `/${name}@${v}` : `/${name}/${v}`;
}

const depsOf = (e: { dependencies?: Deps; optionalDependencies?: Deps } | undefined): Array<[string, unknown]> =>
  [...Object.entries(e?.dependencies ?? {}), ...Object.entries(e?.optionalDependencies ?? {})];

/** Snapshot keys reachable from the given roots (graph keys keep peer suffixes in v9). */
function reach(roots: string[], graph: Record<string, RawPkg>, major: number): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const k = stack.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const [n, v] of depsOf(graph[k])) { const d = depKey(n, v, major); if (d && !seen.has(d)) stack.push(d); }
  }
  return seen;
}

function devSet(doc: Doc, graph: Record<string, RawPkg>, major: number): Set<string> {
  const importers = doc.importers ?? { '.': doc };
  const prod: string[] = [];
  const dev: string[] = [];
  for (const imp of Object.values(importers)) {
    for (const [n, v] of depsOf(imp)) { const k = depKey(n, v, major); if (k) prod.push(k); }
    for (const [n, v] of Object.entries(imp.devDependencies ?? {})) { const k = depKey(n, v, major); if (k) dev.push(k); }
  }
  const prodReach = reach(prod, graph, major);
  return new Set([...reach(dev, graph, major)].filter((k) => !prodReach.has(k)).map(stripPeers));
}

/**
 * pnpm 11 writes the "env lockfile" (config and package-manager dependencies) as a first YAML document
 * before the project's lockfile; the packages come from the document that is not that one.
 */
function mainDocument(text: string): Doc {
  const docs = yaml().parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) if (d.errors.length) throw d.errors[0];
  const values = list.map((d) => d.toJS() as Doc | null).filter((d): d is Doc => !!d && typeof d === 'object');
  const isEnv = (d: Doc) => {
    const root = d.importers?.['.'] as Record<string, unknown> | undefined;
    return !!root && ('configDependencies' in root || 'packageManagerDependencies' in root) && !('dependencies' in root) && !('devDependencies' in root);
  };
  const main = values.filter((d) => !isEnv(d)).pop() ?? values.pop();
  if (!main || main.lockfileVersion === undefined) throw new BulwarkError('MALFORMED_DOCUMENT', 'pnpm-lock.yaml without lockfileVersion');
  return main;
}

/** A dependency value as an edge: `link:` points at a workspace member, named by the dependency. */
function edge(n: string, v: unknown, major: number, idOf: (k: string) => { name: string; version: string }): Array<{ name: string; version: string }> {
  const raw = typeof v === 'object' && v ? (v as { version?: unknown }).version : v;
  if (typeof raw === 'string' && raw.startsWith('link:')) return [{ name: n, version: '' }];
  const k = depKey(n, v, major);
  return k ? [idOf(k)] : [];
}

/** `name@version` → the names it is installed under when those differ (`any-ms: ms@2.1.3`). */
function aliasNames(doc: Doc, graph: Record<string, RawPkg>, major: number, idOf: (k: string) => { name: string; version: string }): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const holders = [...Object.values(doc.importers ?? { '.': doc }), ...Object.values(graph)];
  for (const h of holders) {
    for (const [n, v] of [...depsOf(h), ...Object.entries((h as Importer).devDependencies ?? {})]) {
      const k = depKey(n, v, major);
      const id = k ? idOf(k) : undefined;
      if (id && id.name !== n) out.set(`${id.name}@${id.version}`, (out.get(`${id.name}@${id.version}`) ?? new Set()).add(n));
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** Importers are the project (`.`) and its workspace members; package.json names them later. */
function importerEntries(doc: Doc, major: number, idOf: (k: string) => { name: string; version: string }): LockEntry[] {
  // Single-project lockfiles before v9 keep the project's dependencies at the top level.
  return Object.entries(doc.importers ?? { '.': doc }).map(([dir, imp]) => ({
    name: '', version: '', dev: false, manifestDir: dir, nonRegistry: { kind: 'workspace' as const, ref: dir },
    deps: depsOf(imp).flatMap(([n, v]) => edge(n, v, major, idOf)),
  }));
}

export function parsePnpmLock(text: string): LockEntry[] {
  const doc = mainDocument(text);
  const major = Math.floor(parseFloat(String(doc.lockfileVersion)));
  const packages = doc.packages ?? {};
  const graph = major >= 9 ? doc.snapshots ?? {} : packages;
  const computedDev = major >= 9 ? devSet(doc, graph, major) : undefined;
  const idOf = (key: string): { name: string; version: string } => {
    const raw = packages[stripPeers(key)] ?? packages[key];
    const id = identity(key, major);
    return { name: typeof raw?.name === 'string' ? raw.name : id.name, version: typeof raw?.version === 'string' ? raw.version : id.version };
  };
  const out: LockEntry[] = [];
  for (const key of Object.keys(graph)) {
    const raw = graph[key] ?? {};
    const dev = computedDev ? computedDev.has(stripPeers(key)) : (packages[key]?.dev === true);
    const deps = depsOf(raw).flatMap(([n, v]) => edge(n, v, major, idOf));
    const id = idOf(key);
    const range = identity(key, major).version;
    const tarball = packages[stripPeers(key)]?.resolution?.tarball;
    const origin = npmOrigin(id.name, id.version, range, typeof tarball === 'string' ? tarball : undefined);
    // A local directory (`file:lib`) has no version in the lockfile: its package.json has it.
    const local = origin?.kind === 'local' && id.version === range ? { manifestDir: range.slice(5) } : {};
    if (id.name && id.version) out.push({ ...id, dev, deps, ...(origin ? { nonRegistry: origin } : {}), ...local });
  }
  const aliases = aliasNames(doc, graph, major, idOf);
  for (const e of out) { const a = aliases.get(`${e.name}@${e.version}`); if (a) e.aliases = a; }
  return [...out, ...importerEntries(doc, major, idOf)];
}
