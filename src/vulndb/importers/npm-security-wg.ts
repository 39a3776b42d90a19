/**
 * nodejs/security-wg advisories: `vuln/npm/<id>.json` (module_name, vulnerable_versions, patched_versions)
 * and `vuln/core/<id>.json` (Node.js runtime: vulnerable, patched). The repo's `index.json` (id → record)
 * may sit among the lines; it supplies the ids the core records lack.
 */
import { toSeverity } from '../../core/index.js';
import type { Advisory } from '../contract.js';
import { cvssFromVector, severityFromScore } from './cvss.js';
import { npmRangeToOsv } from './npm-range.js';
import { emptyFeed, newer, type ParsedFeed } from './types.js';

interface NpmRecord {
  id?: number; module_name?: string; vulnerable_versions?: string; patched_versions?: string; cves?: string[];
  title?: string; overview?: string; references?: string[]; cvss_vector?: string; publish_date?: string;
  updated_at?: string;
}
interface CoreRecord {
  cve?: string[]; vulnerable?: string; patched?: string; description?: string; overview?: string; ref?: string;
  severity?: string; cvss?: string; publish_date?: string;
}

export const isNpmWgRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && 'module_name' in v && 'vulnerable_versions' in v;
export const isCoreWgRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && 'vulnerable' in v && 'cve' in v;
/** The repo's index.json: numeric keys → records of one of the two kinds. */
export function isWgIndex(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const first = Object.entries(v)[0];
  return !!first && /^\d+$/.test(first[0]) && (isNpmWgRecord(first[1]) || isCoreWgRecord(first[1]));
}

function applyRange(adv: Advisory, vulnerable: string | undefined, patched: string | undefined): void {
  const exact = vulnerable ? npmRangeToOsv(vulnerable) : undefined;
  if (exact) { adv.ranges = exact.ranges; adv.versions = exact.versions; return; }
  adv.rangeExpression = { syntax: 'npm-semver', vulnerable: vulnerable ?? '*', ...(patched ? { patched } : {}) };
}

function fromNpm(r: NpmRecord): Advisory | undefined {
  if (r.id === undefined || !r.module_name) return undefined;
  const adv: Advisory = {
    id: `NSWG-ECO-${r.id}`, aliases: r.cves ?? [], source: 'npm-security-wg', ecosystem: 'npm', package: r.module_name,
    ranges: [], versions: [],
  };
  applyRange(adv, r.vulnerable_versions, r.patched_versions);
  const cvss = r.cvss_vector ? cvssFromVector(r.cvss_vector, 'npm-security-wg') : undefined;
  if (cvss) { adv.cvss = [cvss]; adv.severity = severityFromScore(cvss.score, cvss.version); adv.severitySource = 'npm-security-wg'; }
  if (r.title) adv.title = r.title;
  if (r.overview) adv.description = r.overview;
  if (r.references?.length) adv.references = r.references;
  if (r.publish_date) adv.published = r.publish_date;
  if (r.updated_at) adv.modified = r.updated_at;
  return adv;
}

function fromCore(id: string, r: CoreRecord): Advisory {
  const adv: Advisory = {
    id: `NSWG-CORE-${id}`, aliases: r.cve ?? [], source: 'npm-security-wg', ecosystem: 'Node.js', package: 'node',
    ranges: [], versions: [],
  };
  // "vulnerable minus patched" has no exact event form: keep both expressions.
  adv.rangeExpression = { syntax: 'npm-semver', vulnerable: r.vulnerable ?? '*', ...(r.patched ? { patched: r.patched } : {}) };
  const sev = toSeverity(r.severity);
  if (sev !== 'unknown') { adv.severity = sev; adv.severitySource = 'nodejs'; }
  if (r.description) adv.title = r.description;
  if (r.overview) adv.description = r.overview;
  if (r.ref) adv.references = [r.ref];
  if (r.publish_date) adv.published = r.publish_date;
  return adv;
}

/**
 * Records may be single npm/core records or index objects; core records need an index for their ids.
 * Returns up to two feeds (`npm-security-wg:npm`, `npm-security-wg:core`) so the two files import independently.
 */
export function parseNpmSecurityWg(items: unknown[], origin: string): ParsedFeed[] {
  const byId = new Map<string, Advisory>();
  const add = (a: Advisory | undefined) => { if (a) byId.set(a.id, a); };
  let coreWithoutId = 0;
  for (const item of items) {
    if (isWgIndex(item)) {
      for (const [k, r] of Object.entries(item)) add(isNpmWgRecord(r) ? fromNpm(r as NpmRecord) : fromCore(k, r as CoreRecord));
    } else if (isNpmWgRecord(item)) add(fromNpm(item as NpmRecord));
    else if (isCoreWgRecord(item)) coreWithoutId++;
  }
  const feeds = new Map<string, ParsedFeed>();
  for (const a of byId.values()) {
    const kind = a.id.startsWith('NSWG-CORE-') ? 'core' : 'npm';
    let f = feeds.get(kind);
    if (!f) { f = emptyFeed(`npm-security-wg:${kind}`, 'npm-security-wg', origin); feeds.set(kind, f); }
    f.advisories.push(a);
    f.modified = newer(f.modified, a.modified ?? a.published);
  }
  const out = [...feeds.values()];
  if (coreWithoutId && !feeds.has('core')) out[0]?.warnings.push(`${coreWithoutId} Node.js core records without index.json ids skipped`);
  return out;
}
