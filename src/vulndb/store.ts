/** The SQLite-backed AdvisoryStore: the read port the detectors use. */
import type { Statement } from 'better-sqlite3';
import type { Severity, VulnerabilityStatus } from '../core/index.js';
import {
  packageKeyString, type Advisory, type AdvisoryStore, type AffectedRange, type DbMetadata, type Enrichment,
  type FeedMetadata, type PackageKey,
} from './contract.js';
import { openDb, type Db } from './schema.js';
import { decodeDoc, EVENT_KEYS, RANGE_TYPES } from './codec.js';

interface AffectedRow {
  aid: number; id: string; source: string; doc: string | Buffer; vid: number; ecosystem: string; package: string;
  status: string | null; status_note: string | null; severity: string | null; severity_source: string | null;
  versions: string | null; range_expr: string | null;
}
interface EventRow { range_no: number; range_type: number; event: number; version: string }

function toRanges(events: EventRow[]): AffectedRange[] {
  const ranges: AffectedRange[] = [];
  for (const e of events) {
    let r = ranges[e.range_no];
    if (!r) r = ranges[e.range_no] = { type: RANGE_TYPES[e.range_type], events: [] };
    r.events.push({ [EVENT_KEYS[e.event]]: e.version });
  }
  return ranges.filter(Boolean);
}

export class SqliteAdvisoryStore implements AdvisoryStore {
  private readonly db: Db;
  private readonly byPackage: Statement;
  private readonly events: Statement;
  private readonly ownAliases: Statement;
  private readonly group: Statement;
  private readonly enrichment: Statement;
  private readonly aliasCache = new Map<string, string[]>();

  constructor(db: Db) {
    this.db = db;
    this.byPackage = db.prepare(`SELECT a.aid, v.id, v.source, v.doc, v.vid, a.ecosystem, a.package, a.status,
      a.status_note, a.severity, a.severity_source, a.versions, a.range_expr
      FROM affected a JOIN vulns v ON v.vid = a.vid WHERE a.ecosystem = ? AND a.package = ? ORDER BY a.aid`);
    this.events = db.prepare('SELECT range_no, range_type, event, version FROM range_events WHERE aid = ? ORDER BY range_no, seq');
    this.ownAliases = db.prepare('SELECT alias FROM vuln_aliases WHERE vid = ?').pluck();
    this.group = db.prepare(`SELECT name FROM alias_groups WHERE grp = (SELECT grp FROM alias_groups WHERE name = ?)
      ORDER BY name`).pluck();
    this.enrichment = db.prepare('SELECT kind, doc FROM enrichment WHERE id = ? ORDER BY kind, feed');
  }

  lookup(ecosystem: string, name: string): Advisory[] {
    const rows = this.byPackage.all(ecosystem, name) as AffectedRow[];
    return rows.map((r) => this.toAdvisory(r));
  }

  lookupMany(keys: readonly PackageKey[]): Map<string, Advisory[]> {
    const out = new Map<string, Advisory[]>();
    for (const k of keys) {
      const key = packageKeyString(k);
      if (out.has(key)) continue;
      out.set(key, this.lookup(k.ecosystem, k.name));
    }
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
    const own = this.ownAliases.all(r.vid) as string[];
    const aliases = new Set(own);
    for (const n of this.aliasesOf(r.id)) aliases.add(n);
    aliases.delete(r.id);
    const adv: Advisory = {
      id: r.id,
      aliases: [...aliases].sort(),
      source: r.source,
      ecosystem: r.ecosystem,
      package: r.package,
      ranges: toRanges(this.events.all(r.aid) as EventRow[]),
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
