/** Where the database lives, what it holds, and how old it is (scans warn past a configurable age). */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_AGE_DAYS, type DbMetadata } from './contract.js';
import { SCHEMA_VERSION } from './schema.js';
import { openAdvisoryStore } from './store.js';

export const DB_FILE = 'bulwark.db';
export { DEFAULT_MAX_AGE_DAYS };

/** `--db-dir` wins, then `--cache-dir`/db, then $XDG_CACHE_HOME/bulwark/db, then ~/.cache/bulwark/db. */
export function defaultDbPath(opts: { dbDir?: string; cacheDir?: string } = {}): string {
  if (opts.dbDir) return join(opts.dbDir, DB_FILE);
  const cache = opts.cacheDir ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bulwark');
  return join(cache, 'db', DB_FILE);
}

export interface DbStatus {
  path: string;
  schemaVersion: number;
  supportedSchemaVersion: number;
  builtAt: string;
  lastCheckedAt?: string;
  ageDays: number;
  sizeBytes: number;
  feeds: DbMetadata['feeds'];
  totalRecords: number;
  /** Distinct entries of the known-bad lists (malicious file sha256s, image digests). */
  knownBad: { files: number; images: number };
}

export function dbStatus(path: string, now = new Date()): DbStatus {
  const store = openAdvisoryStore(path);
  try {
    const meta = store.metadata();
    const lastCheckedAt = store.metaValue('lastCheckedAt');
    const ref = lastCheckedAt ?? meta.builtAt;
    return {
      path, schemaVersion: meta.schemaVersion, supportedSchemaVersion: SCHEMA_VERSION, builtAt: meta.builtAt,
      ...(lastCheckedAt ? { lastCheckedAt } : {}),
      ageDays: ref ? Math.max(0, (now.getTime() - Date.parse(ref)) / 86_400_000) : Infinity,
      sizeBytes: existsSync(path) ? statSync(path).size : 0,
      feeds: meta.feeds,
      totalRecords: meta.feeds.reduce((n, f) => n + f.records, 0),
      knownBad: store.knownBadCounts(),
    };
  } finally {
    store.close();
  }
}

/**
 * The warning a scan prints when the database was built more than `maxAgeDays` ago (undefined when fresh
 * enough). `meta.builtAt` is the reference; pass a `lastCheckedAt` when known (a 304 update resets the age).
 */
export function dbAgeWarning(meta: Pick<DbMetadata, 'builtAt'> & { lastCheckedAt?: string }, maxAgeDays = DEFAULT_MAX_AGE_DAYS, now = new Date()): string | undefined {
  const ref = meta.lastCheckedAt ?? meta.builtAt;
  const t = Date.parse(ref);
  if (!ref || Number.isNaN(t)) return 'the vulnerability database has no build date; run \'bulwark db update\'';
  const days = (now.getTime() - t) / 86_400_000;
  if (days <= maxAgeDays) return undefined;
  return `the vulnerability database is ${Math.floor(days)} days old (limit ${maxAgeDays}); run 'bulwark db update' or 'bulwark db import' — results may miss recent advisories`;
}
