/** All layers of an image: cache lookups by diffID, then a small pool walking misses (two at a time). */
import { type ImageSource, type Progress, noProgress, type Logger, silentLogger } from '../core/index.js';
import { analyzerConfigKey, type Analyzer, type AnalyzerConfig, type LayerAnalysis } from '../analyzers/index.js';
import { type JsonCache, cacheKey } from '../cache/index.js';
import { type InflateBudget, type WalkLimits, walkLayer } from './walk-layer.js';

/** Bump when LayerAnalysis's shape or the walk's semantics change: old cache entries stop matching. */
export const WALK_FORMAT = 1;

export interface WalkImageOptions {
  analyzers: readonly Analyzer[];
  cache?: JsonCache;
  limits?: Partial<WalkLimits>;
  /** Layers inflated at once (default 2: one per core on the reference machine). */
  concurrency?: number;
  progress?: Progress;
  logger?: Logger;
  /** Extra inputs that change analyzer output (options), part of the cache key. */
  keyExtras?: readonly string[];
  /** The config sections analyzers read; their hash joins the cache key here, so the two cannot drift apart. */
  config?: AnalyzerConfig;
  /** Where big entries are spilled for random-access analyzers (default: the OS temp dir). */
  spillDir?: string;
  /** Shared by the images of one run (a registry scan): a layer two images share is walked once, not twice. */
  shared?: SharedWalks;
}

/**
 * Walks in flight across the images of one run, by cache key. The disk cache only dedupes walks that have
 * finished; two images scanned side by side would both miss on their common base layer and walk it twice.
 */
export interface SharedWalks {
  inflight: Map<string, Promise<LayerAnalysis>>;
  /** Layers actually walked (cache misses that no other image was already walking). */
  walked: number;
}

export function sharedWalks(): SharedWalks {
  return { inflight: new Map(), walked: 0 };
}

/** Cache key = sha256(diffID, walk format, every analyzer id@version, options). */
export function layerCacheKey(diffId: string, analyzers: readonly Analyzer[], extras: readonly string[] = []): string {
  return cacheKey([diffId, `walk:${WALK_FORMAT}`, ...analyzers.map((a) => `${a.id}@${a.version}`).sort(), ...extras]);
}

async function walkOne(source: ImageSource, index: number, opts: WalkImageOptions, budget: InflateBudget): Promise<LayerAnalysis> {
  const layer = source.layers[index];
  const ref = { index, digest: layer.digest, diffId: layer.diffId, ...(layer.createdBy ? { createdBy: layer.createdBy } : {}) };
  const key = layer.diffId ? layerCacheKey(layer.diffId, opts.analyzers, opts.keyExtras) : undefined;
  const progress = opts.progress ?? noProgress;
  if (key && opts.cache) {
    const hit = opts.cache.get<LayerAnalysis>(key);
    if (hit && hit.layer?.diffId === layer.diffId) {
      (opts.logger ?? silentLogger).debug(`layer ${index}: cached`);
      progress.advance('layers', layer.size);
      // The cached walk may have come from another image: re-attribute to this position and digest.
      return { ...hit, layer: { ...ref, digest: layer.digest || hit.layer.digest } };
    }
  }
  const shared = key ? opts.shared : undefined;
  const pending = key ? shared?.inflight.get(key) : undefined;
  // Another image's failure (its connection dropped) is not ours: then this image walks the layer itself.
  const other = pending ? await pending.catch(() => undefined) : undefined;
  if (other) {
    progress.advance('layers', layer.size);
    return { ...other, layer: { ...ref, digest: layer.digest || other.layer.digest } };
  }
  if (!shared || !key) return walkMiss(source, index, ref, key, opts, budget);
  const walk = walkMiss(source, index, ref, key, opts, budget);
  shared.inflight.set(key, walk);
  shared.walked++;
  try {
    return await walk;
  } finally {
    shared.inflight.delete(key);
  }
}

async function walkMiss(source: ImageSource, index: number, ref: LayerAnalysis['layer'], key: string | undefined, opts: WalkImageOptions, budget: InflateBudget): Promise<LayerAnalysis> {
  const progress = opts.progress ?? noProgress;
  const stream = await source.openLayer(index);
  const result = await walkLayer(stream, ref, {
    analyzers: opts.analyzers, mode: 'image', limits: opts.limits, onBytes: (n) => progress.advance('layers', n), budget,
    ...(opts.spillDir ? { spillDir: opts.spillDir } : {}), ...(opts.logger ? { debug: (m: string) => opts.logger!.debug(`layer ${index}: ${m}`) } : {}),
    ...(opts.config ? { config: opts.config } : {}),
  });
  if (key && opts.cache && !result.analyzerFailures) {
    try {
      opts.cache.put(key, result);
    } catch (err) {
      result.warnings.push(`layer cache not written: ${(err as Error).message}`);
    }
  }
  return result;
}

export async function walkImage(source: ImageSource, opts: WalkImageOptions): Promise<LayerAnalysis[]> {
  const n = source.layers.length;
  const out: LayerAnalysis[] = new Array(n);
  // Once per image (it reads the gitleaks files the config names), not once per layer.
  const configKey = opts.config ? analyzerConfigKey(opts.config) : undefined;
  if (configKey) opts = { ...opts, keyExtras: [...(opts.keyExtras ?? []), configKey] };
  const progress = opts.progress ?? noProgress;
  progress.start('layers', source.layers.reduce((s, l) => s + l.size, 0), 'bytes');
  let next = 0;
  let failed = false;
  const budget: InflateBudget = { used: 0 };
  const worker = async () => {
    // After one layer fails, the others stop taking work: the scan is over.
    while (next < n && !failed) {
      const i = next++;
      try {
        out[i] = await walkOne(source, i, opts, budget);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 2, n)) }, worker));
  } finally {
    progress.done('layers');
  }
  return out;
}
