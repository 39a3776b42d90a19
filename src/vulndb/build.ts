/**
 * Building a database safely: write into a temporary file beside the real one, verify it, then rename it
 * over the real one (atomic on POSIX). A failure or a kill at any point leaves the previous file untouched.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { BulwarkError, isBulwarkError, noProgress, silentLogger, type Logger, type Progress } from '../core/index.js';
import type { ParsedFeed } from './importers/index.js';
import { createSchema, SCHEMA_VERSION, type Db } from './schema.js';
import { compressDocs, rebuildAliasGroups, setMeta, tuneForBuild, writeFeed } from './writer.js';

/** `url` holds the validator key (a hash of the URL, see update.ts), never the URL itself. */
export interface HttpValidator { url: string; etag?: string; lastModified?: string }

export interface BuildOptions {
  dbPath: string;
  feeds: ParsedFeed[];
  /** Start from an empty database instead of a copy of the current one (default: keep other feeds). */
  fresh?: boolean;
  validators?: HttpValidator[];
  logger?: Logger;
  progress?: Progress;
  now?: Date;
}

export interface BuildSummary {
  dbPath: string;
  feeds: Array<{ feed: string; records: number; warnings: number }>;
  aliasGroups: number;
}

const TMP_MARK = '.tmp-';

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Removes temp files left by killed builds (their pid is gone). */
export function cleanStaleTemps(dbPath: string): void {
  const dir = dirname(dbPath);
  if (!existsSync(dir)) return;
  const prefix = `${basename(dbPath)}${TMP_MARK}`;
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : NaN;
    if (Number.isInteger(pid) && !pidAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}

export function tempPathFor(dbPath: string, kind = 'db'): string {
  return `${dbPath}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.${kind}`;
}

/** Starts the build file: a copy of the current database when it has our schema, else a fresh one. */
function startBuild(dbPath: string, tmp: string, fresh: boolean, logger: Logger): Db {
  if (!fresh && existsSync(dbPath)) {
    let version = -1;
    try {
      const cur = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        version = cur.pragma('user_version', { simple: true }) as number;
        // The header can be intact over damaged pages: copying such a file would fail mid-build (or carry
        // the damage on), and `db update` / `db import` are the way out the DB_CORRUPT message names.
        if (version === SCHEMA_VERSION && cur.pragma('quick_check', { simple: true }) !== 'ok') version = -1;
      } finally { cur.close(); }
    } catch {
      version = -1;
    }
    if (version < 0) logger.warn(`existing database ${dbPath} is unreadable or damaged; building a fresh one`);
    if (version === SCHEMA_VERSION) {
      copyFileSync(dbPath, tmp);
      return new Database(tmp);
    }
    if (version >= 0) logger.warn(`existing database has schema ${version}, this bulwark writes ${SCHEMA_VERSION}: building a fresh one`);
  }
  const db = new Database(tmp);
  createSchema(db);
  return db;
}

/** integrity_check plus a recount of every feed written in this build against what the writer reported. */
function verify(db: Db, written: Map<string, number>): void {
  const ic = db.pragma('integrity_check', { simple: true });
  if (ic !== 'ok') throw new BulwarkError('DB_CORRUPT', `integrity check of the new database failed: ${String(ic)}`);
  const count = db.prepare(`SELECT (SELECT count(*) FROM vulns WHERE fid = f.fid) + (SELECT count(*) FROM enrichment WHERE fid = f.fid)
    + (SELECT count(*) FROM known_bad WHERE fid = f.fid) FROM feeds f WHERE f.feed = ?`).pluck();
  for (const [feed, n] of written) {
    const got = count.get(feed) as number;
    if (got !== n) throw new BulwarkError('DB_CORRUPT', `feed ${feed}: wrote ${n} records but the new database holds ${got}`);
  }
}

function fsyncPath(p: string): void {
  try { const fd = openSync(p, 'r'); fsyncSync(fd); closeSync(fd); } catch { /* directories cannot be fsynced everywhere */ }
}

function writeValidators(db: Db, validators: HttpValidator[], now: string): void {
  const st = db.prepare('INSERT OR REPLACE INTO http_validators(url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)');
  for (const v of validators) st.run(v.url, v.etag ?? null, v.lastModified ?? null, now);
}

/** Builds (or extends) the database at `dbPath` from parsed feeds; atomic swap at the end. */
export function buildDatabase(opts: BuildOptions): BuildSummary {
  const logger = opts.logger ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  const now = (opts.now ?? new Date()).toISOString();
  mkdirSync(dirname(opts.dbPath), { recursive: true });
  cleanStaleTemps(opts.dbPath);
  const tmp = tempPathFor(opts.dbPath);
  let db: Db | undefined;
  try {
    db = startBuild(opts.dbPath, tmp, opts.fresh ?? false, logger);
    tuneForBuild(db);
    const written = new Map<string, number>();
    const summary: BuildSummary = { dbPath: opts.dbPath, feeds: [], aliasGroups: 0 };
    progress.start('import', opts.feeds.length, 'feeds');
    for (const f of opts.feeds) {
      const records = writeFeed(db, f, now);
      written.set(f.feed, records);
      summary.feeds.push({ feed: f.feed, records, warnings: f.warnings.length });
      for (const w of f.warnings.slice(0, 5)) logger.warn(`${f.feed}: ${w}`);
      if (f.warnings.length > 5) logger.warn(`${f.feed}: ${f.warnings.length - 5} more warnings`);
      progress.advance('import', 1);
    }
    progress.done('import');
    summary.aliasGroups = rebuildAliasGroups(db);
    compressDocs(db);
    writeValidators(db, opts.validators ?? [], now);
    setMeta(db, 'builtAt', now);
    setMeta(db, 'lastCheckedAt', now);
    verify(db, written);
    db.exec('VACUUM');
    db.close();
    db = undefined;
    fsyncPath(tmp);
    renameSync(tmp, opts.dbPath);
    fsyncPath(dirname(opts.dbPath));
    return summary;
  } catch (err) {
    try { db?.close(); } catch { /* already failing */ }
    rmSync(tmp, { force: true });
    if (isBulwarkError(err)) throw err;
    const code = (err as { code?: string }).code;
    const why = code === 'SQLITE_FULL' || code === 'ENOSPC' ? 'disk full' : (err as Error).message;
    throw new BulwarkError('DB_UPDATE_FAILED', `building the vulnerability database failed (${why}); the previous database is unchanged`, { cause: err });
  }
}
