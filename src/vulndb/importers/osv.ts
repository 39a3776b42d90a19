/** OSV records (osv.dev schema 1.x) → advisories, one feed per ecosystem family (`osv:PyPI`, `osv:Debian`). */
import { knownDate, normalizePackageName, toSeverity, type Cvss, type Severity } from '../../core/index.js';
import type { Advisory, AffectedRange, RangeEvent } from '../contract.js';
import { cvssFromVector, severityFromScore } from './cvss.js';
import { emptyFeed, newer, type ParsedFeed } from './types.js';

interface OsvAffected {
  package?: { ecosystem?: string; name?: string; purl?: string };
  ranges?: Array<{ type?: string; events?: Array<Record<string, string>> }>;
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
  severity?: Array<{ type?: string; score?: string }>;
}

export interface OsvRecord {
  id?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  published?: string;
  modified?: string;
  withdrawn?: string;
  severity?: Array<{ type?: string; score?: string }>;
  affected?: OsvAffected[];
  references?: Array<{ url?: string }>;
  database_specific?: Record<string, unknown>;
}

export function isOsvRecord(v: unknown): v is OsvRecord {
  const o = v as OsvRecord;
  return typeof o === 'object' && o !== null && typeof o.id === 'string' && Array.isArray(o.affected)
    && ('modified' in o || 'schema_version' in o || 'published' in o);
}

/** OSV spells Ubuntu releases `Ubuntu:22.04:LTS` / `Ubuntu:Pro:18.04:LTS`; the store keys them `Ubuntu:22.04` / `Ubuntu:Pro:18.04`. */
export function normalizeEcosystem(eco: string): string {
  return eco.startsWith('Ubuntu:') ? eco.replace(/:LTS$/, '') : eco;
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function toRanges(a: OsvAffected): AffectedRange[] {
  const out: AffectedRange[] = [];
  for (const r of a.ranges ?? []) {
    const type = r.type === 'SEMVER' || r.type === 'GIT' ? r.type : r.type === 'ECOSYSTEM' ? 'ECOSYSTEM' : undefined;
    if (!type) continue;
    const events: RangeEvent[] = [];
    for (const e of r.events ?? []) {
      const k = EVENT_KEYS.find((key) => typeof e[key] === 'string');
      if (k) events.push({ [k]: e[k] });
    }
    if (events.length) out.push({ type, events });
  }
  return out;
}

/** GHSA/OSV textual severity (`MODERATE`, `HIGH`) from ecosystem_specific → database_specific (affected, then record). */
function textSeverity(rec: OsvRecord, a: OsvAffected): { severity: Severity; source: string } | undefined {
  const candidates: Array<[unknown, string]> = [
    [a.ecosystem_specific?.severity, 'osv-ecosystem'],
    [a.ecosystem_specific?.urgency, 'osv-ecosystem'],
    [a.database_specific?.severity, 'osv-database'],
    [rec.database_specific?.severity, rec.id?.startsWith('GHSA-') ? 'ghsa' : 'osv-database'],
  ];
  for (const [v, source] of candidates) {
    if (typeof v !== 'string') continue;
    const s = toSeverity(v.replace(/\*+$/, ''));
    if (s !== 'unknown') return { severity: s, source };
  }
  return undefined;
}

function cvssOf(list: OsvRecord['severity']): Cvss[] {
  const out: Cvss[] = [];
  for (const s of list ?? []) if (s.score) { const c = cvssFromVector(s.score, 'osv'); if (c) out.push(c); }
  return out;
}

function cwesOf(rec: OsvRecord): string[] {
  const ids = rec.database_specific?.cwe_ids;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** One OSV record → one advisory per affected package. */
export function osvToAdvisories(rec: OsvRecord): Advisory[] {
  const id = rec.id as string;
  const recCvss = cvssOf(rec.severity);
  const out: Advisory[] = [];
  for (const a of rec.affected ?? []) {
    const eco = a.package?.ecosystem ? normalizeEcosystem(a.package.ecosystem) : undefined;
    const name = a.package?.name;
    if (!eco || !name) continue;
    const cvss = [...recCvss, ...cvssOf(a.severity)];
    const text = textSeverity(rec, a);
    const best = cvss.length ? cvss.reduce((x, y) => (y.score > x.score ? y : x)) : undefined;
    const adv: Advisory = {
      id, aliases: [...new Set(rec.aliases ?? [])], source: 'osv', ecosystem: eco,
      package: normalizePackageName(eco, name), ranges: toRanges(a), versions: a.versions ?? [],
    };
    if (text) { adv.severity = text.severity; adv.severitySource = text.source; }
    else if (best) { adv.severity = severityFromScore(best.score, best.version); adv.severitySource = 'osv-cvss'; }
    if (cvss.length) adv.cvss = cvss;
    if (rec.summary) adv.title = rec.summary;
    if (rec.details) adv.description = rec.details;
    const refs = (rec.references ?? []).map((r) => r.url).filter((u): u is string => typeof u === 'string');
    if (refs.length) adv.references = refs;
    const cwes = cwesOf(rec);
    if (cwes.length) adv.cwes = cwes;
    // Go's vulndb writes its zero time 0001-01-01 for "unknown" published/modified dates: absent, not year 1.
    const published = knownDate(rec.published);
    const modified = knownDate(rec.modified);
    if (published) adv.published = published;
    if (modified) adv.modified = modified;
    if (rec.withdrawn) adv.withdrawn = rec.withdrawn;
    out.push(adv);
  }
  return out;
}

/** Groups OSV records into feeds by ecosystem family (`Debian:12` → `osv:Debian`). */
export function parseOsv(records: OsvRecord[], origin: string): ParsedFeed[] {
  const feeds = new Map<string, ParsedFeed>();
  for (const rec of records) {
    for (const adv of osvToAdvisories(rec)) {
      const family = adv.ecosystem.split(':')[0];
      let f = feeds.get(family);
      if (!f) { f = emptyFeed(`osv:${family}`, 'osv', origin); feeds.set(family, f); }
      f.advisories.push(adv);
      f.modified = newer(f.modified, adv.modified ?? adv.published);
    }
  }
  return [...feeds.values()];
}
