/** dpkg `Depends`/`Pre-Depends` → edges to the purls of packages that are actually installed. */
import type { DpkgEntry } from './parse-status.js';

interface Index {
  byName: Map<string, DpkgEntry[]>;
  byProvides: Map<string, DpkgEntry[]>;
}

function push(map: Map<string, DpkgEntry[]>, key: string, e: DpkgEntry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

function buildIndex(entries: DpkgEntry[]): Index {
  const idx: Index = { byName: new Map(), byProvides: new Map() };
  for (const e of entries) {
    push(idx.byName, e.pkg.name, e);
    for (const p of e.provides) push(idx.byProvides, p, e);
  }
  return idx;
}

/** Among same-named candidates prefer the dependent's own architecture, then `all`. */
function pick(cands: DpkgEntry[] | undefined, arch: string | undefined, wantArch: string | undefined): DpkgEntry | undefined {
  if (!cands?.length) return undefined;
  if (wantArch && wantArch !== 'any') return cands.find((c) => c.pkg.arch === wantArch);
  return cands.find((c) => c.pkg.arch === arch) ?? cands.find((c) => c.pkg.arch === 'all') ?? cands[0];
}

function resolveAlternative(alt: string, from: DpkgEntry, idx: Index): DpkgEntry | undefined {
  const m = /^([^\s(:]+)(?::(\S+))?/.exec(alt.trim());
  if (!m) return undefined;
  const [, name, wantArch] = m;
  return pick(idx.byName.get(name), from.pkg.arch, wantArch) ?? pick(idx.byProvides.get(name), from.pkg.arch, wantArch);
}

/** Sets `dependsOn` on every entry: the first installed alternative of each relation, deduplicated. */
export function linkDependencies(entries: DpkgEntry[]): void {
  const idx = buildIndex(entries);
  for (const e of entries) {
    const deps = new Set<string>();
    for (const field of e.depends) {
      for (const relation of field.split(',')) {
        for (const alt of relation.split('|')) {
          const hit = resolveAlternative(alt, e, idx);
          if (hit) {
            if (hit !== e) deps.add(hit.pkg.purl);
            break;
          }
        }
      }
    }
    if (deps.size) e.pkg.dependsOn = [...deps].sort();
  }
}
