/** The SQLite-backed AdvisoryStore: the read port the detectors use. */
import type { Statement } from 'better-sqlite3';
import type { Severity, VulnerabilityStatus } from '../core/index.js';
import {
  packageKeyString, type Advisory, type AdvisoryStore, type DbMetadata, type Enrichment,
  type FeedMetadata, type KnownBadFile, type KnownBadImage, type PackageKey,
} from './contract.js';
import { openDb, type Db } from './schema.js';
import { guardDb } from './corrupt.js';
import { decodeDoc, expandVulnDoc, GROUP_MARK, nameHash, unpackRanges, type PackedEntry } from './codec.js';

/** A flaw row decoded once per lookup call and shared by every package it affects. */
interface VulnInfo { id: string; source: string; aliases: string[]; doc: Partial<Advisory> }

/*
 * A lookup probes `packages` by primary key (one row per feed that names the package) and then reads each
 * distinct flaw's `vulns` row once by rowid; the per-advisory data (ranges, versions, distro statement) is
 * inside the packed package row, so the cost is one inflate + JSON.parse per package row and per flaw.
 */
const BY_PACKAGE = 'SELECT fid, data FROM packages WHERE ecosystem = ? AND package = ?';
const VULN = 'SELECT id, fid, doc, aliases FROM vulns WHERE vid = ?';
/** Decoded flaw rows kept between lookups (a scan of several images reuses them); oldest dropped first. */
const VULN_CACHE_MAX = 65536;

export class SqliteAdvisoryStore implements AdvisoryStore {
  private readonly db: Db;
  private readonly byPackage: Statement;
  private readonly vuln: Statement;
  private readonly group: Statement;
  private readonly enrichment: Statement;
  private readonly knownBad: Statement;
  private readonly aliasCache = new Map<string, string[]>();
  private readonly vulnCache = new Map<number, VulnInfo>();
  /** Preset dictionaries of the compressed document columns, by table (writer.ts `compressDocs`). */
  private readonly dicts: Map<string, Buffer>;
  /** feeds.fid → Advisory.source (a handful of rows, read once). */
  private readonly sourceByFid: Map<number, string>;

  /** File name for DB_CORRUPT messages (corrupt.ts): reads of a damaged file fail as input errors. */
  private readonly path: string;

  constructor(db: Db, path = db.name) {
    this.db = db;
    this.path = path;
    this.dicts = new Map((db.prepare('SELECT name, dict FROM dicts').raw().all() as Array<[string, Buffer]>));
    this.byPackage = db.prepare(BY_PACKAGE).raw();
    this.vuln = db.prepare(VULN).raw();
    this.sourceByFid = new Map((db.prepare('SELECT fid, source FROM feeds').all() as Array<{ fid: number; source: string }>).map((f) => [f.fid, f.source]));
    this.group = db.prepare('SELECT s.names FROM alias_names n JOIN alias_sets s ON s.grp = n.grp WHERE n.h = ?').pluck();
    this.enrichment = db.prepare('SELECT e.kind, e.doc FROM enrichment e JOIN feeds f ON f.fid = e.fid WHERE e.id = ? ORDER BY e.kind, f.feed');
    // The first feed by name wins when several lists name the same hash (deterministic across builds).
    this.knownBad = db.prepare('SELECT k.doc FROM known_bad k JOIN feeds f ON f.fid = k.fid WHERE k.kind = ? AND k.key = ? ORDER BY f.feed LIMIT 1').pluck();
  }

  lookup(ecosystem: string, name: string): Advisory[] {
    return guardDb(this.path, () => this.lookupOne(ecosystem, name));
  }

  lookupMany(keys: readonly PackageKey[]): Map<string, Advisory[]> {
    return guardDb(this.path, () => this.lookupManyUnguarded(keys));
  }

  private lookupManyUnguarded(keys: readonly PackageKey[]): Map<string, Advisory[]> {
    const out = new Map<string, Advisory[]>();
    // One read transaction: SQLite takes its shared lock once instead of once per statement.
    this.db.transaction(() => {
      for (const k of keys) {
        const key = packageKeyString(k);
        if (out.has(key)) continue;
        out.set(key, this.lookupOne(k.ecosystem, k.name));
      }
    })();
    return out;
  }

  aliasesOf(id: string): string[] {
    return guardDb(this.path, () => this.aliasesOfUnguarded(id));
  }

  private aliasesOfUnguarded(id: string): string[] {
    const cached = this.aliasCache.get(id);
    if (cached) return cached;
    const names = (this.group.get(nameHash(id)) as string | undefined)?.split('\n');
    // A hash collision (see codec.ts nameHash) finds another name's group: then the id has no closure.
    const result = names?.includes(id) ? names : [id];
    this.aliasCache.set(id, result);
    return result;
  }

  enrich(ids: readonly string[]): Map<string, Enrichment> {
    return guardDb(this.path, () => this.enrichUnguarded(ids));
  }

  private enrichUnguarded(ids: readonly string[]): Map<string, Enrichment> {
    const out = new Map<string, Enrichment>();
    for (const id of new Set(ids)) {
      const rows = this.enrichment.all(id) as Array<{ kind: string; doc: string | Buffer }>;
      if (!rows.length) continue;
      const merged: Enrichment = { id };
      // NVD first so KEV/EPSS fields and NVD text never overwrite each other (disjoint fields).
      for (const r of rows) Object.assign(merged, decodeDoc<Enrichment>(r.doc, this.dicts.get('enrichment')), { id });
      out.set(id, merged);
    }
    return out;
  }

  knownBadFiles(sha256s: readonly string[]): Map<string, KnownBadFile> {
    return this.knownBadLookup('file', sha256s, (sha256, doc) => ({ sha256, ...doc }) as KnownBadFile);
  }

  knownBadImages(digests: readonly string[]): Map<string, KnownBadImage> {
    return this.knownBadLookup('image', digests, (digest, doc) => ({ digest, ...doc }) as KnownBadImage);
  }

  /** Rows in the known-bad table, by kind (for `db status`). */
  knownBadCounts(): { files: number; images: number } {
    return guardDb(this.path, () => this.knownBadCountsUnguarded());
  }

  private knownBadCountsUnguarded(): { files: number; images: number } {
    const rows = this.db.prepare('SELECT kind, count(DISTINCT key) AS n FROM known_bad GROUP BY kind').all() as Array<{ kind: string; n: number }>;
    const by = new Map(rows.map((r) => [r.kind, r.n]));
    return { files: by.get('file') ?? 0, images: by.get('image') ?? 0 };
  }

  metadata(): DbMetadata {
    return guardDb(this.path, () => this.metadataUnguarded());
  }

  private metadataUnguarded(): DbMetadata {
    const meta = new Map((this.db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>)
      .map((r) => [r.key, r.value]));
    const feeds = (this.db.prepare('SELECT feed, origin, modified, imported_at, records FROM feeds ORDER BY feed').all() as
      Array<{ feed: string; origin: string; modified: string | null; imported_at: string; records: number }>)
      .map((f): FeedMetadata => ({
        source: f.feed, origin: f.origin, importedAt: f.imported_at, records: f.records,
        ...(f.modified ? { modified: f.modified } : {}),
      }));
    return {
      schemaVersion: Number(meta.get('schemaVersion') ?? this.db.pragma('user_version', { simple: true })),
      builtAt: meta.get('builtAt') ?? '',
      feeds,
    };
  }

  /** Extra key/value metadata (lastCheckedAt, …) not in the DbMetadata contract. */
  metaValue(key: string): string | undefined {
    return guardDb(this.path, () => this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined);
  }

  close(): void {
    this.db.close();
  }

  /** One primary-key probe per distinct key, inside one read transaction. */
  private knownBadLookup<T>(kind: 'file' | 'image', keys: readonly string[], make: (key: string, doc: Record<string, unknown>) => T): Map<string, T> {
    const out = new Map<string, T>();
    guardDb(this.path, () => this.db.transaction(() => {
      for (const key of new Set(keys)) {
        const doc = this.knownBad.get(kind, key) as string | undefined;
        if (doc !== undefined) out.set(key, make(key, JSON.parse(doc) as Record<string, unknown>));
      }
    })());
    return out;
  }

  private lookupOne(ecosystem: string, name: string): Advisory[] {
    const rows = this.byPackage.all(ecosystem, name) as Array<[number, string | Buffer]>;
    if (!rows.length) return [];
    if (rows.length > 1) rows.sort((x, y) => x[0] - y[0]);
    const out: Advisory[] = [];
    for (const [, data] of rows) {
      for (const e of decodeDoc<PackedEntry>(data, this.dicts.get('packages')) as unknown as PackedEntry[]) {
        out.push(this.toAdvisory(e, ecosystem, name));
      }
    }
    return out;
  }

  private vulnInfo(vid: number): VulnInfo {
    const cache = this.vulnCache;
    let v = cache.get(vid);
    if (v) return v;
    const [id, fid, doc, aliases] = this.vuln.get(vid) as [string, number, string | Buffer, string | null];
    const names = new Set(aliases ? aliases.replace(GROUP_MARK, '\n').split('\n') : []);
    names.delete(id);
    v = { id, source: this.sourceByFid.get(fid) ?? 'unknown', aliases: [...names].sort(), doc: expandVulnDoc(decodeDoc<Record<string, unknown>>(doc, this.dicts.get('vulns'))) };
    if (cache.size >= VULN_CACHE_MAX) cache.delete(cache.keys().next().value as number);
    cache.set(vid, v);
    return v;
  }

  /**
   * Advisories of one flaw share its decoded text fields (references, cvss, cwes arrays) with each other and
   * with the store's cache: treat them as read-only. `aliases`, `ranges` and `versions` are fresh arrays.
   */
  private toAdvisory(e: PackedEntry, ecosystem: string, name: string): Advisory {
    const v = this.vulnInfo(e[0]);
    const adv: Advisory = {
      id: v.id,
      aliases: v.aliases.slice(),
      source: v.source,
      ecosystem,
      package: name,
      ranges: unpackRanges(e[1]),
      // e comes from this call's own JSON.parse of the package row: its arrays are not shared.
      versions: Array.isArray(e[2]) ? (e[2] as string[]) : [],
      ...v.doc,
    };
    if (e[3]) adv.status = e[3] as VulnerabilityStatus;
    if (e[4]) adv.statusNote = e[4] as string;
    if (e[5]) adv.severity = e[5] as Severity;
    if (e[6]) adv.severitySource = e[6] as string;
    if (e[7]) adv.rangeExpression = e[7] as Advisory['rangeExpression'];
    return adv;
  }
}

/** Opens the database file read-only as an AdvisoryStore (DB_MISSING / DB_SCHEMA_TOO_NEW / DB_CORRUPT). */
export function openAdvisoryStore(path: string): SqliteAdvisoryStore {
  const db = openDb(path);
  try {
    // The constructor prepares statements and reads `dicts`/`feeds`: the first pages a damaged file fails on.
    return guardDb(path, () => new SqliteAdvisoryStore(db, path));
  } catch (err) {
    db.close();
    throw err;
  }
}
