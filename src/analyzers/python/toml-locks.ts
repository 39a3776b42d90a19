/** poetry.lock and uv.lock: TOML `[[package]]` arrays with per-package dependency names. */
import type * as SmolTomlModule from 'smol-toml';

const toml = lazy<typeof SmolTomlModule>('smol-toml');
import { BulwarkError, lazy } from '../../core/index.js';
import { pep503 } from './metadata.js';

export interface PyLockEntry {
  name: string; version: string; dev: boolean; deps: string[];
  /** requirements.txt: the version range of an unpinned requirement (`>=2.31`); version is then ''. */
  constraint?: string;
}

interface TomlPkg {
  name?: unknown; version?: unknown; category?: unknown; source?: unknown;
  dependencies?: unknown; 'dev-dependencies'?: unknown; 'optional-dependencies'?: unknown;
}

function packagesOf(text: string, what: string): TomlPkg[] {
  const doc = toml().parse(text) as { package?: unknown };
  if (!Array.isArray(doc.package)) throw new BulwarkError('MALFORMED_DOCUMENT', `${what} without [[package]] entries`);
  return doc.package as TomlPkg[];
}

/** poetry: `[package.dependencies]` is a table keyed by name; `category = "dev"` before Poetry 1.5. */
export function parsePoetryLock(text: string): PyLockEntry[] {
  return packagesOf(text, 'poetry.lock').flatMap((p) => {
    if (typeof p.name !== 'string' || typeof p.version !== 'string') return [];
    const deps = p.dependencies && typeof p.dependencies === 'object' ? Object.keys(p.dependencies) : [];
    return [{ name: p.name, version: p.version, dev: p.category === 'dev', deps }];
  });
}

/** uv dependency lists: `[{ name = "x" }, …]`, or tables of such lists (groups, extras). */
function uvNames(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap((d) => (d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string' ? [(d as { name: string }).name] : []));
  if (v && typeof v === 'object') return Object.values(v).flatMap(uvNames);
  return [];
}

function reach(roots: string[], graph: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = roots.map(pep503);
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const d of graph.get(n) ?? []) stack.push(pep503(d));
  }
  return seen;
}

/**
 * uv: the project itself (source `editable`/`virtual` ".") is not a package. Dev-only = reachable from
 * the project's `dev-dependencies` groups but not from its dependencies or extras.
 */
export function parseUvLock(text: string): PyLockEntry[] {
  const pkgs = packagesOf(text, 'uv.lock');
  const isLocal = (p: TomlPkg) => { const s = p.source as Record<string, unknown> | undefined; return !!s && (s.editable !== undefined || s.virtual !== undefined); };
  const graph = new Map<string, string[]>();
  for (const p of pkgs) if (typeof p.name === 'string') graph.set(pep503(p.name), [...uvNames(p.dependencies), ...uvNames(p['optional-dependencies'])]);
  const roots = pkgs.filter(isLocal);
  const prod = reach(roots.flatMap((r) => [...uvNames(r.dependencies), ...uvNames(r['optional-dependencies'])]), graph);
  const dev = reach(roots.flatMap((r) => uvNames(r['dev-dependencies'])), graph);
  return pkgs.flatMap((p) => {
    if (typeof p.name !== 'string' || typeof p.version !== 'string' || isLocal(p)) return [];
    const key = pep503(p.name);
    return [{ name: p.name, version: p.version, dev: dev.has(key) && !prod.has(key), deps: graph.get(key) ?? [] }];
  });
}
