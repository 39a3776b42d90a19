/** npm identity helpers shared by the installed-tree and lockfile parsers. */
import { dirName, purlOf } from '../shared/lang-package.js';

/** `pkg:npm/%40scope/name@1.0.0` */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0 ? purlOf('npm', name.slice(0, slash), name.slice(slash + 1), version) : purlOf('npm', undefined, name, version);
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

/** `license: "MIT"`, `license: {type}`, `licenses: ["MIT", {type}]` → strings. */
export function npmLicenses(manifest: { license?: unknown; licenses?: unknown }): string[] {
  const one = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string' ? (v as { type: string }).type : undefined;
  const out: string[] = [];
  const l = one(manifest.license);
  if (l) out.push(l);
  if (Array.isArray(manifest.licenses)) for (const x of manifest.licenses) { const s = one(x); if (s) out.push(s); }
  return out;
}

/** Dependency names a manifest or lockfile entry declares (runtime, optional and peer). */
export function declaredDeps(entry: { dependencies?: unknown; optionalDependencies?: unknown; peerDependencies?: unknown; requires?: unknown }): string[] {
  const names = new Set<string>();
  for (const field of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies, entry.requires]) {
    if (field && typeof field === 'object' && !Array.isArray(field)) for (const k of Object.keys(field)) names.add(k);
  }
  return [...names];
}
