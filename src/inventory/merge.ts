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
import { pushAll } from '../core/index.js';

const introKey = (analyzer: string, path: string, p: Package) => `${analyzer}\0${path}\0${p.name}@${p.version}`;

function introductions(placed: readonly PlacedResult[]): Map<string, PlacedResult> {
  const first = new Map<string, PlacedResult>();
  // One layer (a directory scan): every package is introduced where it is listed.
  if (placed.every((r) => r.layer.index === placed[0].layer.index)) return first;
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

/** locate(loc, r) would hold exactly what `loc` holds (then `loc`'s list can be kept as it is). */
function locatedAlready(loc: Location, r: PlacedResult): boolean {
  const fields = Object.keys(loc).length;
  return r.layer.digest
    ? fields === 3 && loc.layer === r.layer.digest && loc.layerIndex === r.layer.index
    : fields === 1;
}

/** name@version → the package as one result lists it; built once per result, not searched per package. */
const byIdentity = new WeakMap<PlacedResult, Map<string, Package>>();

function packageIn(r: PlacedResult, p: Package): Package | undefined {
  let index = byIdentity.get(r);
  if (!index) {
    index = new Map();
    for (const x of r.result.packages ?? []) {
      const k = `${x.name}@${x.version}`;
      if (!index.has(k)) index.set(k, x);
    }
    byIdentity.set(r, index);
  }
  return index.get(`${p.name}@${p.version}`);
}

/**
 * A later layer that rewrites a package database (apt in layer 3 rewrites dpkg's status) does not carry
 * the installed-file lists and copyright files of packages installed earlier: take them from the layer
 * that introduced the package, where the analyzer saw them.
 */
function withIntroducedFacts(p: Package, from: PlacedResult, own: PlacedResult): Package {
  // Introduced where it is listed (every directory scan, most image packages): nothing to borrow.
  if (from === own || (p.files?.length && p.licenses.length)) return p;
  const first = packageIn(from, p);
  if (!first || first === p) return p;
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
    // The packages of one file share one located list (a 120k-entry lockfile: one array and one Location, not
    // 120k of each). Safe because nothing changes a Location, and mergeByPurl copies a list before adding to it.
    const located = new Map<PlacedResult, Map<string, Location[]>>();
    for (const p of r.result.packages) {
      // (a directory scan has no introductions: no key string per package)
      const from = (intro.size && intro.get(introKey(r.analyzer, r.path, p))) || r;
      const locs = p.locations?.length ? p.locations : [{ path: r.path }];
      let locations: Location[];
      if (locs.length === 1) {
        let byPath = located.get(from);
        if (!byPath) located.set(from, (byPath = new Map()));
        const path = locs[0]!.path;
        locations = byPath.get(path) ?? [];
        if (!locations.length) byPath.set(path, (locations = locatedAlready(locs[0]!, from) ? locs : [locate(locs[0]!, from)]));
      } else locations = locs.map((l) => locate(l, from));
      const q = withIntroducedFacts(p, from, r);
      // Nothing to change (a lockfile's packages share one list that is already located): the analyzer's own
      // object, not a copy. Safe because nothing changes a package in place after its analyzer made it (merges copy).
      if (q === p && locations === p.locations && p.foundBy?.length) list.push(p);
      else list.push({ ...q, locations, foundBy: p.foundBy?.length ? p.foundBy : [r.analyzer] });
    }
    byAnalyzer.set(r.analyzer, list);
  }
  return byAnalyzer;
}

/**
 * Duplicates (one purl at several paths or from several analyzers) merge; each step is a Set lookup. A unique
 * package is kept as is; a duplicate is merged into a copy (the package, its locations and foundBy may be an
 * analyzer result's own, which are never changed in place).
 */
function mergeByPurl(pkgs: readonly Package[]): Package[] {
  const out = new Map<string, Package>();
  // Only purls seen twice get a location set: a Set (and a copy) per package cost more than the merge.
  const seen = new Map<string, Set<string>>();
  for (const p of pkgs) {
    // A patched or local copy shares the purl of the registry release; they stay apart so the registry
    // one is still matched (the non-registry one never is).
    // (the purl itself when it is a registry package: no new key string per package; NUL never occurs in a purl)
    const id = p.purl || `${p.ecosystem}:${p.name}@${p.version}`;
    const key = p.nonRegistry ? `${id}\0${p.nonRegistry.kind}` : id;
    let have = out.get(key);
    if (!have) {
      out.set(key, p);
      continue;
    }
    let locs = seen.get(key);
    if (!locs) {
      out.set(key, (have = { ...have, locations: [...have.locations], foundBy: [...have.foundBy] }));
      seen.set(key, (locs = new Set(have.locations.map(locationKey))));
    }
    for (const l of p.locations) {
      const k = locationKey(l);
      if (!locs.has(k)) { locs.add(k); have.locations.push(l); }
    }
    for (const f of p.foundBy) if (!have.foundBy.includes(f)) have.foundBy.push(f);
  }
  for (const key of seen.keys()) {
    out.get(key)!.locations.sort((a, b) => (a.layerIndex ?? 0) - (b.layerIndex ?? 0) || a.path.localeCompare(b.path));
  }
  return [...out.values()];
}

const locationKey = (l: Location) => `${l.path}\0${l.layer ?? ''}`;

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
    pushAll(finalized, a?.finalizePackages ? a.finalizePackages(pkgs, os) : pkgs);
  }
  const warnings = [...new Set([
    ...loopWarnings,
    ...layers.flatMap((l) => l.warnings),
    ...placed.flatMap((r) => r.result.warnings ?? []),
  ])];
  return { ...(os ? { os } : {}), packages: mergeByPurl(finalized), results: placed, symlinks, warnings };
}
