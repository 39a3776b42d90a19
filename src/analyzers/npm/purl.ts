/** npm identity helpers shared by the installed-tree and lockfile parsers. */
import { dirName, purlOf } from '../shared/lang-package.js';

// Lower-case names and plain versions need no encoding or normalisation: packageurl-js would return exactly
// `pkg:npm/<name>@<version>` (differential test in lockfiles.test.ts), at ~16 µs a purl — seconds for a
// 120k-entry lockfile whose dependency lists repeat every purl several times.
const PLAIN_NAME = /^(?:@[a-z0-9._-]+\/)?[a-z0-9._-]+$/;
const PLAIN_VERSION = /^[A-Za-z0-9._-]+$/;

/** `pkg:npm/%40scope/name@1.0.0` */
export function npmPurl(name: string, version: string): string {
  // Joined, not a template literal: Array#join makes one contiguous string, while a template literal of 13+
  // characters is a tree of 32-byte concatenation nodes (three per purl here) that a purl kept for each of 120k
  // packages would carry to the end of the scan.
  if (PLAIN_NAME.test(name) && PLAIN_VERSION.test(version)) return (name.startsWith('@') ? ['pkg:npm/%40', name.slice(1), '@', version] : ['pkg:npm/', name, '@', version]).join('');
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0 ? purlOf('npm', name.slice(0, slash), name.slice(slash + 1), version) : purlOf('npm', undefined, name, version);
}

/**
 * A key one-to-one with (name, version): the purl itself when it took the plain path above (no new string per
 * package), else name@version behind a byte no purl holds (packageurl-js may normalise two names to one purl).
 */
export function npmIdentityKey(name: string, version: string, purl: string): string {
  return PLAIN_NAME.test(name) && PLAIN_VERSION.test(version) ? purl : `\u0001${name}@${version}`;
}

/** Splits `@scope/name@range` / `name@npm:1.0.0` at the version `@` (the one not at position 0). */
export function splitSpec(spec: string): { name: string; range: string } {
  const at = spec.indexOf('@', 1);
  return at < 0 ? { name: spec, range: '' } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

/**
 * Node's module resolution over a set of installed directories: from `fromDir` look in
 * `<dir>/node_modules/<dep>`, then in each ancestor directory's node_modules, up to the root.
 */
export function resolveNodeModule(fromDir: string, dep: string, has: (dir: string) => boolean): string | undefined {
  let d = fromDir;
  for (;;) {
    if (!d.endsWith('node_modules')) {
      const candidate = d ? `${d}/node_modules/${dep}` : `node_modules/${dep}`;
      if (has(candidate)) return candidate;
    }
    if (!d) return undefined;
    d = dirName(d);
  }
}

/**
 * resolveNodeModule over install paths indexed as directory → (name → value): the same walk, but each step
 * is a lookup with the directory string already in hand instead of a freshly built `<dir>/node_modules/<dep>`
 * key (for a 120k-entry lockfile, ~300k dependency edges).
 */
export class NodeModulesIndex<T> {
  private readonly children = new Map<string, Map<string, T>>();

  /**
   * `node_modules/a/node_modules/@s/b` → directory `node_modules/a`, name `@s/b`. `installedAs`: that name when
   * the caller already has it (no second copy of it per entry).
   */
  add(installPath: string, value: T, installedAs?: string): void {
    const i = installPath.lastIndexOf('/node_modules/');
    if (i < 0 && !installPath.startsWith('node_modules/')) return;
    const dir = i >= 0 ? installPath.slice(0, i) : '';
    const start = i >= 0 ? i + 14 : 13;
    const name = installedAs !== undefined && installedAs.length === installPath.length - start ? installedAs : installPath.slice(start);
    if (!name) return;
    let names = this.children.get(dir);
    if (!names) this.children.set(dir, (names = new Map()));
    names.set(name, value);
  }

  /**
   * The name → value maps Node's walk from `fromDir` visits, nearest first, without the directories that
   * hold no node_modules: resolve every dependency of one package with one walk (usually just the root).
   */
  scopes(fromDir: string): Array<Map<string, T>> {
    const out: Array<Map<string, T>> = [];
    let d = fromDir;
    for (;;) {
      if (!d.endsWith('node_modules')) {
        const names = this.children.get(d);
        if (names) out.push(names);
      }
      if (!d) return out;
      d = dirName(d);
    }
  }

  resolve(fromDir: string, dep: string): T | undefined {
    for (const names of this.scopes(fromDir)) {
      const hit = names.get(dep);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

/** `license: "MIT"`, `license: {type}`, `licenses: ["MIT", {type}]` → strings. */
export function npmLicenses(manifest: { license?: unknown; licenses?: unknown }): string[] {
  const one = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? (v as { type: string }).type : undefined;
  const l = one(manifest.license);
  // The common case, one `license` string: an exact one-element list (a pushed-into [] reserves 17 slots,
  // and a lockfile's 120k of them all live until the packages are built).
  if (!Array.isArray(manifest.licenses)) return l ? [l] : [];
  const out: string[] = [];
  if (l) out.push(l);
  for (const x of manifest.licenses) { const s = one(x); if (s) out.push(s); }
  return out;
}

/** Dependency names a manifest or lockfile entry declares (runtime, optional and peer). */
export function declaredDeps(entry: { dependencies?: unknown; optionalDependencies?: unknown; peerDependencies?: unknown; requires?: unknown }): string[] {
  const keysOf = (f: unknown) => (f && typeof f === 'object' && !Array.isArray(f) ? Object.keys(f) : undefined);
  return declaredDepsFromKeys([keysOf(entry.dependencies), keysOf(entry.optionalDependencies), keysOf(entry.peerDependencies), keysOf(entry.requires)]);
}

/** declaredDeps over the key lists of those four fields (undefined where a field is absent or not a map). */
export function declaredDepsFromKeys(lists: Array<string[] | undefined>): string[] {
  const present = lists.filter((l): l is string[] => l !== undefined);
  // Most entries declare one field: its keys are already unique.
  if (present.length <= 1) return present.length ? present[0] : [];
  const names = new Set<string>();
  for (const keys of present) for (const k of keys) names.add(k);
  return [...names];
}
