/**
 * Applies layers in order (Trivy's ApplyLayers): a layer's opaque dirs and whiteouts hide lower files
 * before its own entries land; a later file at the same path replaces the earlier one. Every analyzer
 * result is kept, marked `deleted` (with the layer that deleted it) when it is no longer visible.
 */
import type { LayerAnalysis } from '../analyzers/contract.js';
import type { PlacedResult } from './contract.js';

const SEP = '\0';

function underAny(path: string, dirs: ReadonlySet<string>, includeSelf: boolean): boolean {
  if (dirs.has('')) return true;
  if (includeSelf && dirs.has(path)) return true;
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    if (dirs.has(path.slice(0, i))) return true;
  }
  return false;
}

export interface AppliedLayers {
  placed: PlacedResult[];
  /** Visible path → position of the layer that provides it. */
  visible: Map<string, number>;
  /** Visible symlinks (and hardlinks as absolute in-root targets). */
  symlinks: Record<string, string>;
}

export function applyLayers(layers: readonly LayerAnalysis[]): AppliedLayers {
  const visible = new Map<string, number>();
  const gone = new Map<string, string>();
  layers.forEach((la, pos) => {
    const digest = la.layer.digest;
    const hide = (path: string, from: number) => { gone.set(`${from}${SEP}${path}`, digest); visible.delete(path); };
    if (la.opaqueDirs.length || la.whiteouts.length) {
      const opaque = new Set(la.opaqueDirs);
      const wh = new Set(la.whiteouts);
      for (const [path, from] of visible) {
        if (underAny(path, opaque, false) || underAny(path, wh, true)) hide(path, from);
      }
    }
    const own = new Set(la.paths);
    for (const r of la.results) own.add(r.path);
    for (const l of Object.keys(la.symlinks)) own.add(l);
    for (const path of own) {
      const prev = visible.get(path);
      if (prev !== undefined && prev !== pos) hide(path, prev);
      visible.set(path, pos);
    }
  });
  const placed: PlacedResult[] = [];
  layers.forEach((la, pos) => {
    for (const r of la.results) {
      const deletedIn = gone.get(`${pos}${SEP}${r.path}`);
      placed.push({
        analyzer: r.analyzer, path: r.path, layer: la.layer, result: r.result,
        deleted: deletedIn !== undefined, ...(deletedIn !== undefined ? { deletedIn } : {}),
      });
    }
  });
  const symlinks: Record<string, string> = {};
  for (const [path, pos] of visible) {
    const t = layers[pos].symlinks[path];
    if (t !== undefined) symlinks[path] = t;
  }
  return { placed, visible, symlinks };
}
