/**
 * LayerAnalysis[] → Inventory: apply layers, detect the OS, attribute each visible package to the
 * layer that introduced it (the lowest layer whose copy of the same database lists the same
 * name@version), let each analyzer finalise its packages (distro purls), then merge duplicates by purl.
 */
import type { Location, OsInfo, Package } from '../core/index.js';
import type { Analyzer, LayerAnalysis } from '../analyzers/contract.js';
import type { Inventory, PlacedResult } from './contract.js';
import { applyLayers } from './layers.js';
import { detectOs } from './os.js';
import { checkSymlinks } from './symlinks.js';

const introKey = (analyzer: string, path: string, p: Package) => `${analyzer}\0${path}\0${p.name}@${p.version}`;

function introductions(placed: readonly PlacedResult[]): Map<string, PlacedResult> {
  const first = new Map<string, PlacedResult>();
  for (const r of placed) {
    for (const p of r.result.packages ?? []) {
      const k = introKey(r.analyzer, r.path, p);
      const seen = first.get(k);
      if (!seen || r.layer.index < seen.layer.index) first.set(k, r);
    }
  }
  return first;
}

function locate(loc: Location, r: PlacedResult): Location {
  if (!r.layer.digest) return { path: loc.path };
  return { path: loc.path, layer: r.layer.digest, layerIndex: r.layer.index };
}

/**
 * A later layer that rewrites a package database (apt in layer 3 rewrites dpkg's status) does not carry
 * the installed-file lists and copyright files of packages installed earlier: take them from the layer
 * that introduced the package, where the analyzer saw them.
 */
function withIntroducedFacts(p: Package, from: PlacedResult): Package {
  if (p.files?.length && p.licenses.length) return p;
  const first = from.result.packages?.find((x) => x.name === p.name && x.version === p.version);
  if (!first) return p;
  return {
    ...p,
    ...(!p.files?.length && first.files?.length ? { files: first.files } : {}),
    ...(!p.licenses.length && first.licenses.length ? { licenses: first.licenses } : {}),
  };
}

/** Visible packages with layer attribution, grouped by the analyzer that found them. */
function visiblePackages(placed: readonly PlacedResult[]): Map<string, Package[]> {
  const intro = introductions(placed);
  const byAnalyzer = new Map<string, Package[]>();
  for (const r of placed) {
    if (r.deleted || !r.result.packages?.length) continue;
    const list = byAnalyzer.get(r.analyzer) ?? [];
    for (const p of r.result.packages) {
      const from = intro.get(introKey(r.analyzer, r.path, p)) ?? r;
      const locs = p.locations?.length ? p.locations : [{ path: r.path }];
      list.push({ ...withIntroducedFacts(p, from), locations: locs.map((l) => locate(l, from)), foundBy: p.foundBy?.length ? p.foundBy : [r.analyzer] });
    }
    byAnalyzer.set(r.analyzer, list);
  }
  return byAnalyzer;
}

function mergeByPurl(pkgs: readonly Package[]): Package[] {
  const out = new Map<string, Package>();
  for (const p of pkgs) {
    // A patched or local copy shares the purl of the registry release; they stay apart so the registry
    // one is still matched (the non-registry one never is).
    const key = `${p.purl || `${p.ecosystem}:${p.name}@${p.version}`}#${p.nonRegistry?.kind ?? ''}`;
    const have = out.get(key);
    if (!have) {
      out.set(key, { ...p, locations: [...p.locations], foundBy: [...p.foundBy] });
      continue;
    }
    for (const l of p.locations) {
      if (!have.locations.some((x) => x.path === l.path && x.layer === l.layer)) have.locations.push(l);
    }
    for (const f of p.foundBy) if (!have.foundBy.includes(f)) have.foundBy.push(f);
    have.locations.sort((a, b) => (a.layerIndex ?? 0) - (b.layerIndex ?? 0) || a.path.localeCompare(b.path));
  }
  return [...out.values()];
}

export interface BuildInventoryOptions {
  /** Analyzers that ran (for finalizePackages). */
  analyzers: readonly Analyzer[];
  /** Symlink loops: fatal for untrusted images (default), a warning for directories on disk. */
  symlinkLoops?: 'error' | 'warn';
}

export function buildInventory(layers: readonly LayerAnalysis[], opts: BuildInventoryOptions): Inventory {
  const { placed, symlinks } = applyLayers(layers);
  const loopWarnings: string[] = [];
  try {
    checkSymlinks(symlinks);
  } catch (err) {
    if (opts.symlinkLoops !== 'warn') throw err;
    loopWarnings.push((err as Error).message);
  }
  const os: OsInfo | undefined = detectOs(placed);
  const byId = new Map(opts.analyzers.map((a) => [a.id, a]));
  const finalized: Package[] = [];
  for (const [id, pkgs] of visiblePackages(placed)) {
    const a = byId.get(id);
    finalized.push(...(a?.finalizePackages ? a.finalizePackages(pkgs, os) : pkgs));
  }
  const warnings = [...new Set([
    ...loopWarnings,
    ...layers.flatMap((l) => l.warnings),
    ...placed.flatMap((r) => r.result.warnings ?? []),
  ])];
  return { ...(os ? { os } : {}), packages: mergeByPurl(finalized), results: placed, symlinks, warnings };
}
