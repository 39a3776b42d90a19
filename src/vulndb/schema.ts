/** The SQLite schema of the advisory database, its version, and opening a file with the version checked. */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BulwarkError } from '../core/index.js';

/**
 * Bump on any incompatible change; readers refuse files with a higher number (DB_SCHEMA_TOO_NEW) and ask
 * for a rebuild of older ones (builds never reuse an older file: they start fresh).
 * History: 1 = first layout; 2 = precomputed aliases in vulns, no vuln_aliases table; 3 = one packed
 * `packages` row per (ecosystem, package, feed) instead of `affected` + `range_events` rows; 4 = documents
 * deflated with a per-table preset dictionary (`dicts`); 5 = alias closure as `alias_sets` (one row per
 * group) + `alias_names` (48-bit name hash → group) instead of `alias_groups` and its index, and `vulns.doc`
 * keys shortened to one letter (codec.ts VULN_DOC_KEYS); 6 = `known_bad` (malicious file sha256s and image
 * digests from known-bad feeds); 7 = package names spelled per the ecosystem table's name rule (NuGet and
 * Packagist ids lower-cased, as PyPI's were already PEP 503-normalised).
 */
export const SCHEMA_VERSION = 7;

export type Db = Database.Database;

/*
 * Layout: one `vulns` row per (feed, flaw id) holds the text shared by every affected package; `packages`
 * holds one row per (ecosystem, package, feed) whose `data` is the JSON array of that feed's advisories for
 * the package (codec.ts `packEntry`: vulns.vid, ranges with integer type/event codes, versions, distro
 * statement), deflated when long. A lookup is one primary-key prefix probe per package plus one rowid probe
 * per distinct flaw; rows are few (one per package and feed) so row overhead stays small.
 * `alias_sets` is the alias closure over all feeds (names newline-separated, sorted); `alias_names` finds a
 * name's group by a 48-bit hash of the name (codec.ts `nameHash`), an integer key instead of the text.
 * `vulns.doc`, `packages.data` and `enrichment.doc` are JSON text or, when that is smaller, deflate-raw
 * BLOBs compressed with the table's preset dictionary in `dicts` (sampled from the first build's documents,
 * then fixed for the life of the file; codec.ts). Small rows compress badly on their own; with a dictionary
 * of typical documents they shrink by about a third more.
 * Vulns, packages and enrichment point at `feeds.fid` (the Advisory.source comes from the feed).
 * `vulns.aliases` = the record's own aliases (newline-separated), then — after U+001E — the other names
 * of its alias group, precomputed at build time so a lookup needs no alias subquery.
 * `known_bad` holds one row per (kind, key, feed): kind 'file' keyed by lower-case hex sha256, kind 'image'
 * by digest; `doc` is the entry's JSON (name, family, reference). Rows are few (hundreds to thousands) and
 * short, so they stay uncompressed.
 * Indexes exist only for reads; deleting a feed scans (a rebuild-time cost).
 */
const DDL = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE feeds(fid INTEGER PRIMARY KEY, feed TEXT NOT NULL UNIQUE, source TEXT NOT NULL, origin TEXT NOT NULL,
  modified TEXT, imported_at TEXT NOT NULL, records INTEGER NOT NULL);
CREATE TABLE http_validators(url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT);
CREATE TABLE vulns(vid INTEGER PRIMARY KEY, fid INTEGER NOT NULL, id TEXT NOT NULL, doc BLOB NOT NULL, aliases TEXT);
CREATE TABLE packages(ecosystem TEXT NOT NULL, package TEXT NOT NULL, fid INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY(ecosystem, package, fid)) WITHOUT ROWID;
CREATE TABLE dicts(name TEXT PRIMARY KEY, dict BLOB NOT NULL);
CREATE TABLE alias_sets(grp INTEGER PRIMARY KEY, names TEXT NOT NULL);
CREATE TABLE alias_names(h INTEGER PRIMARY KEY, grp INTEGER NOT NULL);
CREATE TABLE enrichment(id TEXT NOT NULL, kind TEXT NOT NULL, fid INTEGER NOT NULL, doc BLOB NOT NULL,
  PRIMARY KEY(id, kind, fid)) WITHOUT ROWID;
CREATE TABLE known_bad(kind TEXT NOT NULL, key TEXT NOT NULL, fid INTEGER NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY(kind, key, fid)) WITHOUT ROWID;
`;

/** Creates the schema in an empty database (a fresh build file). */
export function createSchema(db: Db): void {
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run('schemaVersion', String(SCHEMA_VERSION));
}

/** Throws DB_SCHEMA_TOO_NEW / DB_CORRUPT when the file is not a database this binary can read. */
export function checkSchema(db: Db, path: string): number {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw new BulwarkError('DB_CORRUPT', `${path} is not a readable SQLite database`, { cause: err });
  }
  if (version > SCHEMA_VERSION) {
    throw new BulwarkError('DB_SCHEMA_TOO_NEW',
      `${path} has schema version ${version}, this bulwark reads up to ${SCHEMA_VERSION}: upgrade bulwark or run 'bulwark db update'`);
  }
  if (version < 1) throw new BulwarkError('DB_CORRUPT', `${path} is not a bulwark vulnerability database`);
  if (version < SCHEMA_VERSION) {
    throw new BulwarkError('DB_CORRUPT',
      `${path} has the older schema version ${version} (this bulwark reads ${SCHEMA_VERSION}): run 'bulwark db update' or 'bulwark db import' to rebuild it`);
  }
  return version;
}

/** Opens an existing database file, read-only unless `writable`, with the schema version checked. */
export function openDb(path: string, opts: { writable?: boolean } = {}): Db {
  if (!existsSync(path)) {
    throw new BulwarkError('DB_MISSING', `no vulnerability database at ${path}: run 'bulwark db update' or 'bulwark db import <dir>'`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: !opts.writable, fileMustExist: true });
  } catch (err) {
    throw new BulwarkError('DB_CORRUPT', `cannot open vulnerability database ${path}`, { cause: err });
  }
  try {
    checkSchema(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
