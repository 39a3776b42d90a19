/** Use-cases `scanImage`, `scanRootfs`, `scanFs`: source → layer walk (cached) → inventory → detectors → Report. */
import { mkdirSync } from 'node:fs';
import { type Package, type Report, type TargetType, TOOL_VERSION, emptyReport } from '../core/index.js';
import { analyzersFor, scannerFor, type Analyzer, type AnalyzerConfig, type LayerAnalysis } from '../analyzers/index.js';
import type { PolicyConfig } from '../config/index.js';
import { JsonCache, defaultCacheDir } from '../cache/index.js';
import { buildInventory } from '../inventory/index.js';
import { walkDirectory, walkImage } from '../layerwalk/index.js';
import type { OpenImageOptions } from '../sources/index.js';
import { analyzerGroups, DEFAULT_SCANNERS, LAYER_CACHE_NAMESPACE, type ScanOptions } from './options.js';
import { layerInfos, summarizeConfig } from './image-summary.js';
import type { DetectExtras } from './run-detectors.js';
import { detectInto } from './detect-into.js';
import { requireDb } from './vuln-store.js';
import { redactReport, textRedactor } from './redact-report.js';

export { LAYER_CACHE_NAMESPACE };

/** Analyzers see only the sections that go into the layer cache key (`ignore:` edits keep cached layers). */
function analyzerConfigOf(config: PolicyConfig): AnalyzerConfig {
  return { ...(config.secrets ? { secrets: config.secrets } : {}) };
}

function selectAnalyzers(mode: 'image' | 'rootfs' | 'fs', opts: ScanOptions): Analyzer[] {
  const groups = analyzerGroups(opts.scanners ?? DEFAULT_SCANNERS);
  const all = opts.analyzers ?? analyzersFor(mode);
  return all.filter((a) => (!a.modes || a.modes.includes(mode)) && groups.has(a.group));
}

/** Stable order for people and golden files: ecosystem, name, version. */
function sortPackages(pkgs: Package[]): Package[] {
  return pkgs.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version) || a.purl.localeCompare(b.purl));
}

async function finish(report: Report, layers: LayerAnalysis[], analyzers: Analyzer[], opts: ScanOptions, extra: DetectExtras = {}): Promise<Report> {
  const inventory = buildInventory(layers, { analyzers, symlinkLoops: report.target.type === 'image' ? 'error' : 'warn' });
  if (inventory.os) report.os = inventory.os;
  // Lockfile dev dependencies do not ship (Trivy's default): drop them from source trees unless asked
  // for. Images and root filesystems keep them: what is installed there ships, dev or not.
  if (report.target.type === 'fs' && !opts.includeDevDeps) inventory.packages = inventory.packages.filter((p) => !p.dev);
  report.packages = sortPackages(inventory.packages);
  await detectInto(report, inventory, opts.scanners ?? DEFAULT_SCANNERS, opts, extra);
  // Whichever scanners ran: the secret rules redact config text even when secrets were not asked for.
  return redactReport(report, textRedactor(scannerFor(opts.config?.secrets)));
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function scanImage(target: string, opts: ScanOptions & { source?: OpenImageOptions } = {}): Promise<Report> {
  await requireDb(opts.scanners ?? DEFAULT_SCANNERS, opts);
  // Image sources (registry client, zstd…) are loaded only by image scans, not rootfs/fs ones.
  const { openImage } = await import('../sources/index.js');
  const source = await openImage(target, opts.source ?? {});
  try {
    const analyzers = selectAnalyzers('image', opts);
    const cache = opts.noCache ? undefined : new JsonCache(opts.cacheDir ?? defaultCacheDir(), LAYER_CACHE_NAMESPACE);
    const layers = await walkImage(source, {
      analyzers, ...(cache ? { cache } : {}), ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}), ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.config?.secrets ? { config: analyzerConfigOf(opts.config) } : {}),
      ...(opts.sharedWalks ? { shared: opts.sharedWalks } : {}),
      // Big executables spill next to the layer cache (same disk the user chose for bulwark's data).
      ...(cache ? { spillDir: ensureDir(opts.cacheDir ?? defaultCacheDir()) } : {}),
    });
    const report = emptyReport({ type: 'image', name: target, image: source.identity }, TOOL_VERSION, opts.now);
    report.layers = layerInfos(source.layers, layers);
    report.config = summarizeConfig(source.config);
    const { identity } = source;
    return await finish(report, layers, analyzers, opts, {
      imageConfig: source.config,
      // Tag/digest-pinning checks only make sense for registry references, not archive paths.
      ...(identity.inputType === 'registry' ? { reference: identity.reference } : {}),
      imageDigests: { ...(identity.manifestDigest ? { manifest: identity.manifestDigest } : {}), config: identity.configDigest },
    });
  } finally {
    await source.close();
  }
}

async function scanDirectory(type: Extract<TargetType, 'rootfs' | 'fs'>, dir: string, opts: ScanOptions): Promise<Report> {
  await requireDb(opts.scanners ?? DEFAULT_SCANNERS, opts);
  const analyzers = selectAnalyzers(type, opts);
  const layer = await walkDirectory(dir, {
    analyzers, mode: type, ...(opts.config?.secrets ? { config: analyzerConfigOf(opts.config) } : {}), ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.logger ? { debug: (m: string) => opts.logger!.debug(m) } : {}),
  });
  const report = emptyReport({ type, name: dir }, TOOL_VERSION, opts.now);
  return finish(report, [layer], analyzers, opts);
}

/** An unpacked root filesystem (a container or VM root, or `/`). */
export function scanRootfs(dir: string, opts: ScanOptions = {}): Promise<Report> {
  return scanDirectory('rootfs', dir, opts);
}

/** A source tree: lockfiles and manifests. */
export function scanFs(dir: string, opts: ScanOptions = {}): Promise<Report> {
  return scanDirectory('fs', dir, opts);
}
