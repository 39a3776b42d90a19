/**
 * `db update`: download feeds over HTTP(S) with ETag / If-Modified-Since, import them into a temporary
 * database and swap it in. All-or-nothing: one failed source fails the update and the old database stays.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BulwarkError, ecosystemFeeds, isBulwarkError, redactText, silentLogger, type Logger, type Progress } from '../core/index.js';
import { buildDatabase, cleanStaleTemps, tempPathFor, type BuildSummary, type HttpValidator } from './build.js';
import { parseDocuments, type ParsedFeed } from './importers/index.js';
import { readInputFile } from './inputs.js';
import { builtinKnownBadFeeds } from './known-bad.js';
import { SCHEMA_VERSION } from './schema.js';
import { download, validatorKey, type FeedSource } from './download.js';

export { DEFAULT_IDLE_TIMEOUT_MS, validatorKey, type FeedSource } from './download.js';

/**
 * Upstream locations of the feeds (unreachable in air-gapped setups: use `db import` there): each
 * ecosystem's feeds from the ecosystem table (core/ecosystems.ts), then the enrichment feeds.
 */
export const DEFAULT_SOURCES: readonly FeedSource[] = [
  ...ecosystemFeeds(),
  { name: 'kev', url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json' },
  { name: 'epss', url: 'https://epss.cyentia.com/epss_scores-current.csv.gz' },
];

/** `--source` values: a default source name or any http(s) URL (feed type detected by content). */
export function resolveSources(names: readonly string[] | undefined): FeedSource[] {
  if (!names?.length) return [...DEFAULT_SOURCES];
  return names.map((n) => {
    if (/^https?:\/\//i.test(n)) return { name: redactText(n), url: n };
    const hits = DEFAULT_SOURCES.filter((s) => s.name === n || s.name.startsWith(`${n}-`));
    if (!hits.length) throw new BulwarkError('USAGE', `unknown feed source '${n}' (use a URL or one of: ${DEFAULT_SOURCES.map((s) => s.name).join(', ')})`);
    return hits;
  }).flat();
}

export interface UpdateOptions {
  dbPath: string;
  sources: FeedSource[];
  logger?: Logger;
  progress?: Progress;
  /** Abort a source after this long without data (default DEFAULT_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** Replace the whole database with exactly these sources (default: replace only their feeds). */
  fresh?: boolean;
}

export interface UpdateResult {
  /** False when every source answered 304 Not Modified. */
  changed: boolean;
  notModified: string[];
  build?: BuildSummary;
}

function storedValidators(dbPath: string): Map<string, HttpValidator> {
  const out = new Map<string, HttpValidator>();
  if (!existsSync(dbPath)) return out;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION) return out;
      for (const r of db.prepare('SELECT url, etag, last_modified FROM http_validators').all() as Array<{ url: string; etag: string | null; last_modified: string | null }>) {
        out.set(r.url, { url: r.url, etag: r.etag ?? undefined, lastModified: r.last_modified ?? undefined });
      }
    } finally { db.close(); }
  } catch { /* an unreadable database just means unconditional downloads */ }
  return out;
}

function parseDownloaded(src: FeedSource, file: string): ParsedFeed[] {
  const { feeds, unrecognised } = parseDocuments(readInputFile(file, src.url), src.url);
  if (!feeds.length) {
    throw new BulwarkError('DB_UPDATE_FAILED', `${src.name}: ${unrecognised.length ? 'content is not a known feed format' : 'no records'} (${src.url})`);
  }
  for (const f of feeds) f.origin = redactText(src.url); // never store credentials embedded in a mirror URL
  return feeds;
}

/** Records that the feeds were checked (all 304): the age warning counts from the last check. */
function touchChecked(dbPath: string, validators: HttpValidator[]): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const now = new Date().toISOString();
    db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run('lastCheckedAt', now);
    const st = db.prepare('UPDATE http_validators SET checked_at = ? WHERE url = ?');
    for (const v of validators) st.run(now, v.url);
  } finally { db.close(); }
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new BulwarkError('DB_UPDATE_FAILED', `cannot create the database directory ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
}

export async function updateDatabase(opts: UpdateOptions): Promise<UpdateResult> {
  const logger = opts.logger ?? silentLogger;
  // Downloads land next to the database: on a fresh machine its directory does not exist yet.
  ensureDir(dirname(opts.dbPath));
  cleanStaleTemps(opts.dbPath);
  const prev = opts.fresh ? new Map<string, HttpValidator>() : storedValidators(opts.dbPath);
  const feeds: ParsedFeed[] = [];
  const validators: HttpValidator[] = [];
  const notModified: string[] = [];
  for (const src of opts.sources) {
    const tmp = tempPathFor(opts.dbPath, 'download');
    try {
      const v = await download(src, prev.get(validatorKey(src.url)), tmp, { progress: opts.progress, idleTimeoutMs: opts.idleTimeoutMs });
      if (!v) { notModified.push(src.name); logger.info(`${src.name}: not modified`); continue; }
      feeds.push(...parseDownloaded(src, tmp));
      validators.push(v);
    } catch (err) {
      if (isBulwarkError(err) && err.code === 'DB_UPDATE_FAILED') throw err;
      throw new BulwarkError('DB_UPDATE_FAILED', `${src.name}: ${(err as Error).message}; the previous database is unchanged`, { cause: err });
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  if (!feeds.length && existsSync(opts.dbPath) && !opts.fresh) {
    touchChecked(opts.dbPath, opts.sources.map((s) => ({ url: validatorKey(s.url) })));
    return { changed: false, notModified };
  }
  // The shipped known-bad list rides along with every build; it goes first so that a downloaded list of
  // the same name (a newer copy from a mirror) replaces it.
  const build = buildDatabase({ dbPath: opts.dbPath, feeds: [...builtinKnownBadFeeds(), ...feeds], fresh: opts.fresh, validators, logger, progress: opts.progress });
  return { changed: true, notModified, build };
}
