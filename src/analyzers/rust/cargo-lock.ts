/**
 * Cargo.lock (v1-v4): `[[package]]` entries with a `source` are crates from a registry or git;
 * entries without one are the workspace's own crates and are not reported. Dependency strings are
 * `name`, `name version` or `name version (source)`.
 */
import type * as SmolTomlModule from 'smol-toml';
import { lazy } from '../../core/lazy.js';

const toml = lazy<typeof SmolTomlModule>('smol-toml');
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

interface Crate { name: string; version: string; source?: string; dependencies: string[] }

export const cratePurl = (name: string, version: string) => purlOf('cargo', undefined, name, version);

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
  version: 1,
  group: 'language',
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)Cargo\.lock$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const crates = parseCargoLock(text);
    return {
      packages: crates.filter((c) => c.source).map((c) => langPackage({
        ecosystem: 'crates.io', name: c.name, version: c.version, purl: cratePurl(c.name, c.version), file, foundBy: 'rust-cargo-lock',
        dependsOn: c.dependencies.flatMap((d) => { const t = resolveDep(d, crates); return t?.source ? [cratePurl(t.name, t.version)] : []; }),
      })),
    };
  }),
});
