/**
 * The project behind a lockfile: its package.json is the application root (Syft and Trivy list it),
 * workspace members and local folders take their names and versions from their own package.json, and
 * edges that pointed at them by placeholder are rewritten to those versions.
 */
import { posix } from 'node:path';
import type { LockEntry } from './lock-model.js';

export interface Manifest { name?: unknown; version?: unknown; dependencies?: unknown; optionalDependencies?: unknown; devDependencies?: unknown; workspaces?: unknown }

/** Names only in devDependencies: berry lists them among a workspace's dependencies, npm ls does not. */
function devOnly(m: Manifest | undefined): Set<string> {
  const dev = m?.devDependencies && typeof m.devDependencies === 'object' ? Object.keys(m.devDependencies) : [];
  const run = new Set(declared(m ?? {}).map(([n]) => n));
  return new Set(dev.filter((n) => !run.has(n)));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `name@range` pairs the manifest declares at run time. */
function declared(m: Manifest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const f of [m.dependencies, m.optionalDependencies]) {
    if (f && typeof f === 'object' && !Array.isArray(f)) for (const [n, r] of Object.entries(f)) if (typeof r === 'string') out.push([n, r]);
  }
  return out;
}

/** yarn v1 and npm v1 lockfiles do not list the project: build it from package.json and the specs. */
function syntheticRoot(entries: LockEntry[], m: Manifest): LockEntry | undefined {
  if (!str(m.name)) return undefined;
  const bySpec = new Map<string, LockEntry>();
  for (const e of entries) for (const s of e.specs ?? []) bySpec.set(s, e);
  const deps = declared(m).flatMap(([n, r]) => {
    const named = entries.filter((e) => e.name === n || e.aliases?.includes(n));
    const t = bySpec.get(`${n}@${r}`) ?? (named.length === 1 ? named[0] : undefined);
    return t ? [{ name: t.name, version: t.version }] : [];
  });
  return { name: str(m.name), version: str(m.version), dev: false, deps, manifestDir: '.', nonRegistry: { kind: 'workspace', ref: '.' } };
}

/** A workspace glob (`packages/*`) → a regex over folders relative to the project. */
function globRegex(glob: string): RegExp {
  const body = glob.replace(/\/+$/, '').split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${body}$`);
}

/** `workspaces: [...]` or `workspaces: { packages: [...] }` as regexes. */
export function workspaceGlobs(workspaces: unknown): RegExp[] {
  const ws = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return (Array.isArray(ws) ? ws : []).filter((g): g is string => typeof g === 'string').map(globRegex);
}

/**
 * yarn v1 (and npm v1) lockfiles do not record workspace members: take them from the project's
 * `workspaces` globs and the members' package.json, with edges found through the lockfile's specs.
 */
function workspaceMembers(entries: LockEntry[], lockDir: string, root: Manifest, manifests: ReadonlyMap<string, Manifest>): LockEntry[] {
  const globs = workspaceGlobs(root.workspaces);
  if (!globs.length) return [];
  const bySpec = new Map<string, LockEntry>();
  for (const e of entries) for (const s of e.specs ?? []) bySpec.set(s, e);
  const prefix = lockDir ? `${lockDir}/` : '';
  return [...manifests].flatMap(([dir, m]): LockEntry[] => {
    const rel = dir.startsWith(prefix) ? dir.slice(prefix.length) : undefined;
    if (!rel || !globs.some((g) => g.test(rel)) || !str(m.name)) return [];
    const deps = declared(m).flatMap(([n, r]) => { const t = bySpec.get(`${n}@${r}`); return t ? [{ name: t.name, version: t.version }] : []; });
    return [{ name: str(m.name), version: str(m.version), dev: false, deps, manifestDir: rel, nonRegistry: { kind: 'workspace', ref: rel } }];
  });
}

export function withProject(entries: LockEntry[], lockDir: string, manifests: ReadonlyMap<string, Manifest>): LockEntry[] {
  const renamed = new Map<string, string>();
  const list = entries.map((e) => {
    if (e.manifestDir === undefined) return e;
    const m = manifests.get(posix.normalize(posix.join(lockDir || '.', e.manifestDir)).replace(/^\.$/, ''));
    const name = str(m?.name) || e.name;
    const version = str(m?.version) || (e.version === '0.0.0-use.local' ? '' : e.version);
    if (version !== e.version) renamed.set(`${e.name || name}@${e.version}`, version);
    const dev = devOnly(m);
    return { ...e, name, version, deps: e.deps.filter((d) => !dev.has(d.name)) };
  }).filter((e) => e.name);
  const root = manifests.get(lockDir);
  if (root && !list.some((e) => e.manifestDir === '.')) {
    if (!list.some((e) => e.nonRegistry?.kind === 'workspace')) list.push(...workspaceMembers(list, lockDir, root, manifests));
    const r = syntheticRoot(list, root);
    if (r) list.push(r);
  }
  // Placeholder edges (`link:` targets, `file:` folders) now point at the manifest versions; entries whose
  // edges all stay as they are are kept as they are (a 120k-entry lockfile renames a handful).
  if (!renamed.size) return list;
  return list.map((e) => {
    let deps: LockEntry['deps'] | undefined;
    e.deps.forEach((d, i) => {
      const v = renamed.get(`${d.name}@${d.version}`);
      if (v !== undefined && v !== d.version) (deps ??= e.deps.slice())[i] = { name: d.name, version: v };
    });
    return deps ? { ...e, deps } : e;
  });
}
