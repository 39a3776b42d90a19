/**
 * `registry scan`: enumerate a registry (or a prefix of it), then scan each unique image once through the
 * `scanImage` use-case. The images of a run share their layer walks (`sharedWalks`) and the on-disk layer
 * cache, so a base layer under 600 tags is downloaded and walked once. Progress is committed per image to
 * the state store: an interrupted run started again with the same arguments skips what it finished.
 */
import { createHash } from 'node:crypto';
import { isBulwarkError, noProgress, silentLogger, type Logger, type Progress, type Report } from '../core/index.js';
import { RegistryClient, type RegistryClientOptions } from '../oci/index.js';
import { scanImage, sharedWalks, type ScanOptions } from '../scan/index.js';
import { enumerateRegistry, parseTarget, type RegistryListing, type RegistryTarget, type ResolvedImage, type TaggedImage } from './enumerate.js';
import { pool } from './pool.js';
import type { ImageScanSummary, RegistryStore } from './store.js';

export interface RegistryAccess {
  insecure?: boolean;
  username?: string;
  password?: string;
  dockerConfig?: string;
  /** Client tuning (retry policy, timeouts) for tests and the benchmark. */
  client?: Pick<RegistryClientOptions, 'retry' | 'timeoutMs' | 'env'>;
}

export interface RegistryScanOptions extends RegistryAccess {
  concurrency?: number;
  /** Only images created (config `created`) or pushed (notification) at or after this instant. */
  since?: Date;
  pageSize?: number;
  platform?: string;
  /** Ignore an unfinished earlier run with the same arguments and start over. */
  fresh?: boolean;
  scan: ScanOptions;
  store: RegistryStore;
  /** Called once per scanned image (writing `-o DIR`, posting to a server). */
  onReport?: (report: Report, image: UniqueImage) => Promise<void>;
  signal?: AbortSignal;
  progress?: Progress;
  logger?: Logger;
  now?: () => Date;
}

/** One image to scan and every repository:tag that points at it. */
interface UniqueImage {
  imageDigest: string;
  /** `host/repo@digest`: what scanImage pulls (the first repository that has it). */
  reference: string;
  tags: Array<{ repository: string; tag: string }>;
  resolved: ResolvedImage;
}

interface RepositorySummary {
  repository: string;
  tags: number;
  images: number;
  scanned: number;
  /** Skipped by --since. */
  skipped: number;
  failed: number;
  critical: number;
  high: number;
  kev: number;
  secrets: number;
}

export interface RegistryScanResult {
  host: string;
  prefix?: string;
  resumed: boolean;
  repositories: RepositorySummary[];
  images: { unique: number; scanned: number; fromEarlierRun: number; skippedSince: number; failed: Array<{ reference: string; error: string }> };
  tags: { total: number; unresolved: Array<{ reference: string; error: string }>; artifacts: number };
  layers: { unique: number; walked: number };
  durationMs: number;
}

/** Severity counts and facts the report needs, from a full scan report. */
export function summarize(report: Report, digest: string, sizeBytes: number, at: string): ImageScanSummary {
  const count = (s: string) => report.vulnerabilities.filter((v) => v.severity === s).length;
  const os = report.os;
  return {
    digest, scannedAt: at,
    ...(os ? { os: `${os.family} ${os.version}`.trim() } : {}), ...(os?.eol ? { eol: true } : {}),
    critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low'),
    kev: report.vulnerabilities.filter((v) => v.kev).length, secrets: report.secrets.length, packages: report.packages.length, sizeBytes,
  };
}

/** Groups tags by platform image digest: each unique image is scanned once. */
function uniqueImages(host: string, tags: readonly TaggedImage[]): UniqueImage[] {
  const byDigest = new Map<string, UniqueImage>();
  for (const t of tags) {
    if (!t.image) continue;
    const u = byDigest.get(t.image.imageDigest);
    if (u) u.tags.push({ repository: t.repository, tag: t.tag });
    else byDigest.set(t.image.imageDigest, { imageDigest: t.image.imageDigest, reference: `${host}/${t.repository}@${t.image.imageDigest}`, tags: [{ repository: t.repository, tag: t.tag }], resolved: t.image });
  }
  return [...byDigest.values()];
}

/** A run is "the same" when everything that changes its outcome is the same. */
function runKey(host: string, prefix: string | undefined, o: RegistryScanOptions): string {
  const parts = [host, prefix ?? '', o.since?.toISOString() ?? '', o.platform ?? '', [...(o.scan.scanners ?? [])].join(','), (o.scan.severities ?? []).join(',')];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** digest → latest push a notification reported (better than config `created`, which a rebuild may keep). */
function lastPushes(store: RegistryStore, host: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of store.tagHistory(host)) {
    if (h.pushedAt && (out.get(h.digest) ?? '') < h.pushedAt) out.set(h.digest, h.pushedAt);
  }
  return out;
}

/** Errors worth one more try at the end of the run (throttling, dropped connections), not 404s or bad images. */
function transient(e: unknown): boolean {
  return isBulwarkError(e) && (e.code === 'REGISTRY_UNREACHABLE' || e.code === 'REGISTRY_ERROR');
}

/** Six hundred images would repeat the same warning (no database…) six hundred times: each line once. */
function onceLogger(l: Logger): Logger {
  const seen = new Set<string>();
  const once = (f: (m: string) => void) => (m: string) => { if (!seen.has(m)) { seen.add(m); f(m); } };
  return { debug: (m) => l.debug(m), info: once((m) => l.info(m)), warn: once((m) => l.warn(m)), error: (m) => l.error(m) };
}

/** Client options from the access flags (the same for the listing and for every image scan). */
export function clientAccess(o: RegistryAccess & { signal?: AbortSignal }): Pick<RegistryClientOptions, 'insecure' | 'username' | 'password' | 'dockerConfig' | 'signal'> {
  return {
    ...(o.insecure ? { insecure: true } : {}), ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
    ...(o.dockerConfig ? { dockerConfig: o.dockerConfig } : {}), ...(o.signal ? { signal: o.signal } : {}),
  };
}

/** Catalog, tags and digests of `target`; every tag → digest seen is recorded in the store's history. */
export async function listRegistry(target: RegistryTarget, o: RegistryAccess & { signal?: AbortSignal; logger?: Logger; concurrency?: number; pageSize?: number; platform?: string; store: RegistryStore; now?: () => Date }): Promise<RegistryListing> {
  const client = new RegistryClient(target.host, { ...o.client, ...clientAccess(o), ...(o.logger ? { logger: o.logger } : {}) });
  let listing: RegistryListing;
  try {
    listing = await enumerateRegistry(client, target, {
      concurrency: Math.max(1, o.concurrency ?? 4), ...(o.pageSize ? { pageSize: o.pageSize } : {}), ...(o.platform ? { platform: o.platform } : {}),
    });
  } finally {
    client.close();
  }
  const at = (o.now ?? (() => new Date()))().toISOString();
  for (const t of listing.tags) if (t.digest) o.store.observeTag(target.host, t.repository, t.tag, t.digest, at);
  return listing;
}

/** Images still to scan: not finished by the interrupted run being resumed, not older than --since. */
function selectTodo(images: readonly UniqueImage[], done: ReadonlySet<string>, o: RegistryScanOptions, host: string): { todo: UniqueImage[]; skippedSince: Set<string> } {
  const since = o.since?.getTime();
  const pushes = since !== undefined ? lastPushes(o.store, host) : new Map<string, string>();
  const skippedSince = new Set<string>();
  const todo = images.filter((img) => {
    if (done.has(img.imageDigest)) return false;
    if (since !== undefined) {
      const when = Date.parse(pushes.get(img.resolved.digest) ?? img.resolved.created ?? '');
      // No date at all (config without `created`): scanned, since we cannot show it is old.
      if (Number.isFinite(when) && when < since) { skippedSince.add(img.imageDigest); return false; }
    }
    return true;
  });
  return { todo, skippedSince };
}

/** Scans `todo` side by side; throttled or dropped images get one more try, one at a time, at the end. */
async function scanAll(todo: readonly UniqueImage[], scanOne: (img: UniqueImage) => Promise<void>, o: RegistryScanOptions): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const progress = o.progress ?? noProgress;
  const retry: UniqueImage[] = [];
  progress.start('images', todo.length, 'images');
  try {
    await pool(todo, Math.max(1, o.concurrency ?? 4), async (img) => {
      try {
        await scanOne(img);
      } catch (e) {
        if (o.signal?.aborted || !isBulwarkError(e)) throw e;
        if (transient(e)) retry.push(img);
        else failed.set(img.imageDigest, e.message);
        o.logger?.debug(`${img.reference}: ${e.message}`);
      }
      progress.advance('images', 1);
    }, o.signal);
    for (const img of retry) {
      if (o.signal?.aborted) throw o.signal.reason;
      try {
        await scanOne(img);
      } catch (e) {
        if (o.signal?.aborted || !isBulwarkError(e)) throw e;
        failed.set(img.imageDigest, e.message);
      }
    }
  } finally {
    progress.done('images');
  }
  return failed;
}

export async function scanRegistry(targetText: string, o: RegistryScanOptions): Promise<RegistryScanResult> {
  const started = Date.now();
  const now = o.now ?? (() => new Date());
  const logger = onceLogger(o.logger ?? silentLogger);
  const target = parseTarget(targetText);
  const listing = await listRegistry(target, o);
  const images = uniqueImages(target.host, listing.tags);
  const key = runKey(target.host, target.prefix, o);
  const run = o.store.beginRun(key, target.host, now().toISOString(), Boolean(o.fresh));
  if (run.resumed) logger.info(`resuming an interrupted scan of ${targetText}: ${run.done.size} of ${images.length} images already done`);
  const { todo, skippedSince } = selectTodo(images, run.done, o, target.host);
  const shared = sharedWalks();
  let scanned = 0;
  const failed = await scanAll(todo, async (img) => {
    const report = await scanImage(img.reference, {
      ...o.scan, sharedWalks: shared, logger,
      source: { inputType: 'registry', ...clientAccess(o), ...(o.platform ? { platform: o.platform } : {}) },
    });
    o.store.putImage(target.host, summarize(report, img.imageDigest, img.resolved.sizeBytes, now().toISOString()));
    if (o.onReport) await o.onReport(report, img);
    o.store.markDone(key, img.imageDigest);
    scanned++;
  }, o);
  if (failed.size === 0) o.store.finishRun(key, now().toISOString());
  return {
    host: target.host, ...(target.prefix ? { prefix: target.prefix } : {}), resumed: run.resumed,
    repositories: repoSummaries(listing.repositories, listing.tags, images, skippedSince, failed, (d) => o.store.image(target.host, d)),
    images: {
      unique: images.length, scanned, fromEarlierRun: images.filter((i) => run.done.has(i.imageDigest)).length, skippedSince: skippedSince.size,
      failed: images.filter((i) => failed.has(i.imageDigest)).map((i) => ({ reference: i.reference, error: failed.get(i.imageDigest) as string })),
    },
    tags: {
      total: listing.tags.length, artifacts: listing.tags.filter((t) => t.artifact).length,
      unresolved: listing.tags.filter((t) => t.error).map((t) => ({ reference: `${target.host}/${t.repository}:${t.tag}`, error: t.error as string })),
    },
    layers: { unique: new Set(images.flatMap((i) => i.resolved.layers)).size, walked: shared.walked },
    durationMs: Date.now() - started,
  };
}

function repoSummaries(
  repositories: readonly string[], tags: readonly TaggedImage[], images: readonly UniqueImage[], skipped: ReadonlySet<string>,
  failed: ReadonlyMap<string, string>, summaryOf: (digest: string) => ImageScanSummary | undefined,
): RepositorySummary[] {
  const byDigest = new Map(images.map((i) => [i.imageDigest, i]));
  return repositories.map((repository) => {
    const own = tags.filter((t) => t.repository === repository);
    const digests = [...new Set(own.flatMap((t) => (t.image ? [t.image.imageDigest] : [])))];
    const row: RepositorySummary = { repository, tags: own.length, images: digests.length, scanned: 0, skipped: 0, failed: own.filter((t) => t.error).length, critical: 0, high: 0, kev: 0, secrets: 0 };
    for (const d of digests) {
      if (skipped.has(d)) { row.skipped++; continue; }
      if (failed.has(d) || !byDigest.has(d)) { row.failed++; continue; }
      const s = summaryOf(d);
      if (!s) { row.failed++; continue; }
      row.scanned++;
      row.critical += s.critical;
      row.high += s.high;
      row.kev += s.kev;
      row.secrets += s.secrets;
    }
    return row;
  });
}
