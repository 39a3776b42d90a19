/**
 * Cargo.lock (v1-v4): `[[package]]` entries with a `registry+` source are crates.io (or another
 * registry's) crates; `git+` sources are git checkouts and entries without a source are the
 * workspace's own crates and path dependencies. Those are listed, marked `nonRegistry`, and never
 * matched against crates.io advisories. Dependency strings are `name`, `name version` or
 * `name version (source)`.
 */
import type * as SmolTomlModule from 'smol-toml';

const toml = lazy<typeof SmolTomlModule>('smol-toml');
import { BulwarkError, lazy } from '../../core/index.js';
import type { NonRegistry } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

interface Crate { name: string; version: string; source?: string; dependencies: string[] }

export const cratePurl = (name: string, version: string) => purlOf('cargo', undefined, name, version);

/** Not a registry crate: no source (workspace member or path dependency) or a git source. */
export function crateOrigin(source: string | undefined): NonRegistry | undefined {
  if (!source || source === 'local') return { kind: 'local' };
  if (source.startsWith('git+') || source === 'git') return { kind: 'git', ...(source.startsWith('git+') ? { ref: source.slice(4) } : {}) };
  return undefined;
}

export function parseCargoLock(text: string): Crate[] {
  const doc = toml().parse(text) as { package?: unknown };
  if (!Array.isArray(doc.package)) throw new BulwarkError('MALFORMED_DOCUMENT', 'Cargo.lock without [[package]] entries');
  return (doc.package as Array<Record<string, unknown>>).flatMap((p) =>
    typeof p.name === 'string' && typeof p.version === 'string'
      ? [{ name: p.name, version: p.version, source: typeof p.source === 'string' ? p.source : undefined, dependencies: Array.isArray(p.dependencies) ? p.dependencies.map(String) : [] }]
      : []);
}

function resolveDep(dep: string, crates: Crate[]): Crate | undefined {
  const [name, version] = dep.split(' ');
  const hits = crates.filter((c) => c.name === name && (!version || c.version === version));
  return hits.length === 1 ? hits[0] : undefined;
}

export const cargoLockAnalyzer = defineAnalyzer({
  id: 'rust-cargo-lock',
  version: 2,
  group: 'language',
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)Cargo\.lock$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const crates = parseCargoLock(text);
    return {
      packages: crates.map((c) => langPackage({
        ecosystem: 'crates.io', name: c.name, version: c.version, purl: cratePurl(c.name, c.version), file, foundBy: 'rust-cargo-lock',
        nonRegistry: crateOrigin(c.source),
        dependsOn: c.dependencies.flatMap((d) => { const t = resolveDep(d, crates); return t ? [cratePurl(t.name, t.version)] : []; }),
      })),
    };
  }),
});
