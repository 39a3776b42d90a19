/** NVD CVE JSON 2.0 (API responses / feeds) and the legacy 1.1 feeds → enrichment rows (text, CWEs, CVSS). */
import { toSeverity, type Cvss, type Severity } from '../../core/index.js';
import type { Enrichment } from '../contract.js';
import { severityFromScore } from './cvss.js';
import { emptyFeed, newer, type EnrichmentRow, type ParsedFeed } from './types.js';

interface CvssData { version?: string; vectorString?: string; baseScore?: number; baseSeverity?: string }
interface Metric { source?: string; type?: string; cvssData?: CvssData; baseSeverity?: string }
interface Nvd2Cve {
  id?: string; lastModified?: string;
  descriptions?: Array<{ lang?: string; value?: string }>;
  metrics?: Record<string, Metric[] | undefined>;
  weaknesses?: Array<{ description?: Array<{ value?: string }> }>;
}
export interface Nvd2Doc { format?: string; version?: string; timestamp?: string; vulnerabilities: Array<{ cve?: Nvd2Cve }> }

interface Nvd11Item {
  cve?: { CVE_data_meta?: { ID?: string }; problemtype?: { problemtype_data?: Array<{ description?: Array<{ value?: string }> }> };
    description?: { description_data?: Array<{ lang?: string; value?: string }> } };
  impact?: { baseMetricV3?: { cvssV3?: CvssData }; baseMetricV2?: { cvssV2?: CvssData; severity?: string } };
  lastModifiedDate?: string;
}
export interface Nvd11Doc { CVE_data_timestamp?: string; CVE_Items: Nvd11Item[] }

export function isNvd2(v: unknown): v is Nvd2Doc {
  const o = v as Nvd2Doc;
  return typeof o === 'object' && o !== null && o.format === 'NVD_CVE' && Array.isArray(o.vulnerabilities);
}
export function isNvd11(v: unknown): v is Nvd11Doc {
  return typeof v === 'object' && v !== null && Array.isArray((v as Nvd11Doc).CVE_Items);
}

const METRIC_KEYS: Array<[string, string]> = [['cvssMetricV40', '4.0'], ['cvssMetricV31', '3.1'], ['cvssMetricV30', '3.0'], ['cvssMetricV2', '2.0']];

function sourceName(s: string | undefined): string {
  return !s || s === 'nvd@nist.gov' ? 'nvd' : s;
}

/** Severity from the best metric: NVD's own (Primary) first, newest CVSS version first. */
function pickSeverity(cvss: Array<Cvss & { stated?: string; primary: boolean }>): Severity | undefined {
  const sorted = [...cvss].sort((a, b) => Number(b.primary) - Number(a.primary) || b.version.localeCompare(a.version));
  const best = sorted[0];
  if (!best) return undefined;
  const s = best.stated ? toSeverity(best.stated) : 'unknown';
  return s !== 'unknown' ? s : severityFromScore(best.score, best.version);
}

function nvd2Row(c: Nvd2Cve): Enrichment | undefined {
  if (!c.id) return undefined;
  const cvss: Array<Cvss & { stated?: string; primary: boolean }> = [];
  for (const [key, version] of METRIC_KEYS) {
    for (const m of c.metrics?.[key] ?? []) {
      const d = m.cvssData;
      if (!d?.vectorString || typeof d.baseScore !== 'number') continue;
      cvss.push({ version: d.version ?? version, vector: d.vectorString, score: d.baseScore, source: sourceName(m.source),
        stated: d.baseSeverity ?? m.baseSeverity, primary: m.type === 'Primary' });
    }
  }
  const e: Enrichment = { id: c.id };
  const desc = c.descriptions?.find((d) => d.lang === 'en')?.value;
  if (desc) e.description = desc;
  const cwes = [...new Set((c.weaknesses ?? []).flatMap((w) => w.description ?? []).map((d) => d.value)
    .filter((v): v is string => !!v && /^CWE-\d+$/.test(v)))];
  if (cwes.length) e.cwes = cwes;
  const severity = pickSeverity(cvss);
  if (severity) e.severity = severity;
  if (cvss.length) e.cvss = cvss.map(({ version, vector, score, source }) => ({ version, vector, score, source }));
  return e;
}

function nvd11ToCve(it: Nvd11Item): Nvd2Cve {
  const metrics: Record<string, Metric[]> = {};
  const v3 = it.impact?.baseMetricV3?.cvssV3;
  if (v3) metrics[v3.version === '3.0' ? 'cvssMetricV30' : 'cvssMetricV31'] = [{ type: 'Primary', cvssData: v3 }];
  const v2 = it.impact?.baseMetricV2;
  if (v2?.cvssV2) metrics.cvssMetricV2 = [{ type: 'Primary', cvssData: v2.cvssV2, baseSeverity: v2.severity }];
  return {
    id: it.cve?.CVE_data_meta?.ID,
    lastModified: it.lastModifiedDate,
    descriptions: it.cve?.description?.description_data,
    metrics,
    weaknesses: it.cve?.problemtype?.problemtype_data,
  };
}

function toFeed(name: string, cves: Nvd2Cve[], origin: string, stamp: string | undefined): ParsedFeed {
  const feed = emptyFeed(name, 'nvd', origin);
  feed.modified = stamp;
  for (const c of cves) {
    const row = nvd2Row(c);
    if (!row) { feed.warnings.push('NVD record without id skipped'); continue; }
    feed.enrichment.push({ kind: 'nvd', data: row } satisfies EnrichmentRow);
    feed.modified = newer(feed.modified, c.lastModified);
  }
  return feed;
}

/** Feed key carries the file name so the `modified` and `recent` feeds (or API pages) coexist. */
export function parseNvd2(doc: Nvd2Doc, origin: string, name: string): ParsedFeed {
  return toFeed(`nvd:${name}`, doc.vulnerabilities.map((v) => v.cve ?? {}), origin, doc.timestamp);
}

export function parseNvd11(doc: Nvd11Doc, origin: string, name: string): ParsedFeed {
  return toFeed(`nvd:${name}`, doc.CVE_Items.map(nvd11ToCve), origin, doc.CVE_data_timestamp);
}
