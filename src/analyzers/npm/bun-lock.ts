/**
 * bun.lock, Bun's text lockfile (Bun ≥ 1.2; JSONC with trailing commas). `packages` maps an install
 * path (`name`, or `parent/name` for a nested copy) to `[ "name@version", registry, { dependencies… },
 * integrity ]`; the key can be an alias, the identifier holds the real name. Workspace, git, file and
 * tarball entries carry no registry version and are skipped as packages; `workspaces` (the project `""`
 * and its members) become entries named later by their package.json (`manifestDir`). Bun records no
 * dev flag: packages not reachable from any workspace's dependencies/optional/peer dependencies are dev.
 */
import { BulwarkError } from '../../core/index.js';
import { parseJsonc } from '../shared/jsonc.js';
import type { LockEntry } from './lock-model.js';
import { splitSpec } from './purl.js';

type Deps = Record<string, unknown>;
interface Workspace { name?: unknown; version?: unknown; dependencies?: Deps; devDependencies?: Deps; optionalDependencies?: Deps; peerDependencies?: Deps }
interface Meta { dependencies?: Deps; optionalDependencies?: Deps; peerDependencies?: Deps }

const names = (...maps: Array<Deps | undefined>): string[] => maps.flatMap((m) => (m && typeof m === 'object' ? Object.keys(m) : []));

/** `a/@s/b/c` → ['a', '@s/b', 'c']: the package names along an install path. */
function segments(key: string): string[] {
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) out.push(parts[i]!.startsWith('@') && i + 1 < parts.length ? `${parts[i]}/${parts[++i]}` : parts[i]!);
  return out;
}

/** Bun's lookup: the nested copy under the requiring path first, then each ancestor, then the top level. */
function resolve(fromKey: string, dep: string, has: (k: string) => boolean): string | undefined {
  const segs = fromKey ? segments(fromKey) : [];
  for (let i = segs.length; i >= 0; i--) {
    const k = [...segs.slice(0, i), dep].join('/');
    if (has(k)) return k;
  }
  return undefined;
}

export function parseBunLock(text: string): LockEntry[] {
  const doc = parseJsonc(text) as { lockfileVersion?: unknown; workspaces?: Record<string, Workspace>; packages?: Record<string, unknown> };
  if (!doc || typeof doc.packages !== 'object' || !doc.packages || typeof doc.lockfileVersion !== 'number') {
    throw new BulwarkError('MALFORMED_DOCUMENT', 'bun.lock without lockfileVersion and packages');
  }
  const pkgs = new Map<string, { name: string; version: string; meta: Meta }>();
  for (const [key, v] of Object.entries(doc.packages)) {
    if (!Array.isArray(v) || typeof v[0] !== 'string') continue;
    const { name, range } = splitSpec(v[0]);
    // Registry entries carry a plain version; `workspace:`, `github:`, `file:`, tarball URLs do not.
    if (!name || !/^\d/.test(range) || range.includes(':')) continue;
    const meta = (v.find((x, i) => i > 0 && x && typeof x === 'object' && !Array.isArray(x)) ?? {}) as Meta;
    pkgs.set(key, { name, version: range, meta });
  }
  const has = (k: string) => pkgs.has(k);
  const edges = new Map([...pkgs].map(([key, p]) => [key, names(p.meta.dependencies, p.meta.optionalDependencies, p.meta.peerDependencies)
    .flatMap((d) => { const r = resolve(key, d, has); return r ? [r] : []; })]));
  const idOf = (k: string) => ({ name: pkgs.get(k)!.name, version: pkgs.get(k)!.version });
  const workspaces = Object.entries(doc.workspaces ?? {}).map(([dir, ws]) => {
    const wsName = typeof ws?.name === 'string' ? ws.name : '';
    const roots = names(ws?.dependencies, ws?.optionalDependencies, ws?.peerDependencies).flatMap((d) => { const r = resolve(wsName, d, has); return r ? [r] : []; });
    const manifestDir = dir || '.';
    const entry: LockEntry = {
      name: wsName, version: typeof ws?.version === 'string' ? ws.version : '', dev: false, manifestDir,
      nonRegistry: { kind: 'workspace', ref: manifestDir }, deps: roots.map(idOf),
    };
    return { roots, entry };
  });
  const prod = new Set<string>();
  const stack = workspaces.flatMap((w) => w.roots);
  while (stack.length) {
    const k = stack.pop()!;
    if (prod.has(k)) continue;
    prod.add(k);
    stack.push(...(edges.get(k) ?? []));
  }
  return [
    ...[...pkgs].map(([key, p]) => ({ name: p.name, version: p.version, dev: !prod.has(key), deps: (edges.get(key) ?? []).map(idOf) })),
    ...workspaces.map((w) => w.entry),
  ];
}
