/** The SQLite-backed AdvisoryStore: the read port the detectors use. */
import type { Statement } from 'better-sqlite3';
import type { Severity, VulnerabilityStatus } from '../core/index.js';
import {
  packageKeyString, type Advisory, type AdvisoryStore, type AffectedRange, type DbMetadata, type Enrichment,
  type FeedMetadata, type PackageKey,
} from './contract.js';
import { openDb, type Db } from './schema.js';
import { decodeDoc, EVENT_KEYS, GROUP_MARK, RANGE_TYPES } from './codec.js';

interface AffectedRow {
  id: string; doc: string | Buffer; ecosystem: string; package: string;
  status: string | null; status_note: string | null; severity: string | null; severity_source: string | null;
  versions: string | null; range_expr: string | null;
  /** "range_no,range_type,event,version" lines, in order. */
  ev: string | null;
  /** Own aliases, then U+001E and the alias-group names (see schema.ts). */
  aliases: string | null;
  fid: number;
}

function toRanges(ev: string | null): AffectedRange[] {
  const ranges: AffectedRange[] = [];
  if (!ev) return ranges;
  for (const line of ev.split('\n')) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    const c = line.indexOf(',', b + 1);
    const no = Number(line.slice(0, a));
    let r = ranges[no];
    if (!r) r = ranges[no] = { type: RANGE_TYPES[Number(line.slice(a + 1, b))], events: [] };
    r.events.push({ [EVENT_KEYS[Number(line.slice(b + 1, c))]]: line.slice(c + 1) });
  }
  return ranges.filter(Boolean);
}

/*
 * One statement per package: events and aliases are aggregated inside SQLite, so a lookup costs one
 * round trip however many advisories it returns (the batch target is 5,000 keys in < 50 ms).
 */
const BY_PACKAGE = `SELECT v.id, v.fid, v.doc, v.aliases, a.ecosystem, a.package, a.status, a.status_note, a.severity,
  a.severity_source, a.versions, a.range_expr,
  (SELECT group_concat(range_no || ',' || range_type || ',' || event || ',' || version, char(10))
     FROM (SELECT * FROM range_events e WHERE e.aid = a.aid ORDER BY range_no, seq)) AS ev
  FROM affected a JOIN vulns v ON v.vid = a.vid WHERE a.ecosystem = ? AND a.package = ? ORDER BY a.aid`;

export class SqliteAdvisoryStore implements AdvisoryStore {
  private readonly db: Db;
  private readonly byPackage: Statement;
  private readonly group: Statement;
  private readonly enrichment: Statement;
  private readonly aliasCache = new Map<string, string[]>();
  /** feeds.fid → Advisory.source (a handful of rows, read once). */
  private readonly sourceByFid: Map<number, string>;

  constructor(db: Db) {
    this.db = db;
    this.byPackage = db.prepare(BY_PACKAGE);
    this.sourceByFid = new Map((db.prepare('SELECT fid, source FROM feeds').all() as Array<{ fid: number; source: string }>).map((f) => [f.fid, f.source]));
    this.group = db.prepare(`SELECT name FROM alias_groups WHERE grp = (SELECT grp FROM alias_groups WHERE name = ?)
      ORDER BY name`).pluck();
    this.enrichment = db.prepare('SELECT e.kind, e.doc FROM enrichment e JOIN feeds f ON f.fid = e.fid WHERE e.id = ? ORDER BY e.kind, f.feed');
  }

  lookup(ecosystem: string, name: string): Advisory[] {
    const rows = this.byPackage.all(ecosystem, name) as AffectedRow[];
    return rows.map((r) => this.toAdvisory(r));
  }

  lookupMany(keys: readonly PackageKey[]): Map<string, Advisory[]> {
    const out = new Map<string, Advisory[]>();
    // One read transaction: SQLite takes its shared lock once instead of once per statement.
    this.db.transaction(() => {
      for (const k of keys) {
        const key = packageKeyString(k);
        if (out.has(key)) continue;
        out.set(key, this.lookup(k.ecosystem, k.name));
      }
    })();
    return out;
  }

  aliasesOf(id: string): string[] {
    const cached = this.aliasCache.get(id);
    if (cached) return cached;
    const names = this.group.all(id) as string[];
    const result = names.length ? names : [id];
    this.aliasCache.set(id, result);
    return result;
  }

  enrich(ids: readonly string[]): Map<string, Enrichment> {
    const out = new Map<string, Enrichment>();
    for (const id of new Set(ids)) {
      const rows = this.enrichment.all(id) as Array<{ kind: string; doc: string | Buffer }>;
      if (!rows.length) continue;
      const merged: Enrichment = { id };
      // NVD first so KEV/EPSS fields and NVD text never overwrite each other (disjoint fields).
      for (const r of rows) Object.assign(merged, decodeDoc<Enrichment>(r.doc), { id });
      out.set(id, merged);
    }
    return out;
  }

  metadata(): DbMetadata {
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
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    return row;
  }

  close(): void {
    this.db.close();
  }

  private toAdvisory(r: AffectedRow): Advisory {
    const doc = decodeDoc<Partial<Advisory>>(r.doc);
    const aliases = new Set(r.aliases ? r.aliases.replace(GROUP_MARK, '\n').split('\n') : []);
    aliases.delete(r.id);
    const adv: Advisory = {
      id: r.id,
      aliases: [...aliases].sort(),
      source: this.sourceByFid.get(r.fid) ?? 'unknown',
      ecosystem: r.ecosystem,
      package: r.package,
      ranges: toRanges(r.ev),
      versions: r.versions ? (JSON.parse(r.versions) as string[]) : [],
      ...doc,
    };
    if (r.status) adv.status = r.status as VulnerabilityStatus;
    if (r.status_note) adv.statusNote = r.status_note;
    if (r.severity) adv.severity = r.severity as Severity;
    if (r.severity_source) adv.severitySource = r.severity_source;
    if (r.range_expr) adv.rangeExpression = JSON.parse(r.range_expr) as Advisory['rangeExpression'];
    return adv;
  }
}

/** Opens the database file read-only as an AdvisoryStore (DB_MISSING / DB_SCHEMA_TOO_NEW / DB_CORRUPT). */
export function openAdvisoryStore(path: string): SqliteAdvisoryStore {
  return new SqliteAdvisoryStore(openDb(path));
}
