/**
 * The importer registry: decoded documents → feeds, by content (never by file name), so `db import` takes
 * any mix of files, directories and zips. One module per feed format; this file only sniffs and routes.
 */
import { isTrackerJson, parseTrackerJson } from './debian-tracker-json.js';
import { isTrackerText, parseTrackerText } from './debian-tracker-text.js';
import { isEpssCsv, parseEpss } from './epss.js';
import { isKev, parseKev } from './kev.js';
import { isKnownBadDoc, parseKnownBad } from './known-bad.js';
import { isCoreWgRecord, isNpmWgRecord, isWgIndex, parseNpmSecurityWg } from './npm-security-wg.js';
import { isNvd11, isNvd2, parseNvd11, parseNvd2 } from './nvd.js';
import { isOsvRecord, parseOsv, type OsvRecord } from './osv.js';
import { isSecDb, parseSecDb } from './secdb.js';
import type { InputDoc, ParsedFeed } from './types.js';
import { isWolfiDoc, parseWolfiAdvisories, type WolfiDoc } from './wolfi-advisories.js';

export type { InputDoc, ParsedFeed, EnrichmentRow, KnownBadEntries } from './types.js';
export { KNOWN_BAD_SCHEMA, parseKnownBadEntries } from './known-bad.js';

export interface RouteResult {
  feeds: ParsedFeed[];
  /** Documents no importer recognised (named, so the user sees what was ignored). */
  unrecognised: string[];
}

interface Buckets { osv: OsvRecord[]; wolfi: WolfiDoc[]; wg: unknown[]; feeds: ParsedFeed[] }

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.(json|jsonl)(\.gz|\.zst)?$/, '');
}

/** One JSON value → a whole feed, or a record for a bucket. Returns false when nothing claims it. */
function routeValue(v: unknown, doc: InputDoc, b: Buckets): boolean {
  if (isKnownBadDoc(v)) { b.feeds.push(parseKnownBad(v, doc.name, baseName(doc.name))); return true; }
  if (isOsvRecord(v)) { b.osv.push(v); return true; }
  if (isWolfiDoc(v)) { b.wolfi.push(v); return true; }
  if (isNpmWgRecord(v) || isCoreWgRecord(v) || isWgIndex(v)) { b.wg.push(v); return true; }
  if (isSecDb(v)) { b.feeds.push(parseSecDb(v, doc.name)); return true; }
  if (isNvd2(v)) { b.feeds.push(parseNvd2(v, doc.name, baseName(doc.name))); return true; }
  if (isNvd11(v)) { b.feeds.push(parseNvd11(v, doc.name, baseName(doc.name))); return true; }
  if (isKev(v)) { b.feeds.push(parseKev(v, doc.name)); return true; }
  if (isTrackerJson(v)) { b.feeds.push(parseTrackerJson(v, doc.name)); return true; }
  return false;
}

function parseJsonLines(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try { out.push(JSON.parse(line)); } catch { return undefined; }
  }
  return out;
}

function routeDoc(doc: InputDoc, b: Buckets): boolean {
  const head = doc.text.slice(0, 64).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    let values: unknown[] | undefined;
    try {
      const v: unknown = JSON.parse(doc.text);
      values = Array.isArray(v) ? v : [v];
    } catch {
      values = parseJsonLines(doc.text);
    }
    if (values?.length) {
      let any = false;
      for (const v of values) any = routeValue(v, doc, b) || any;
      return any;
    }
  }
  if (isTrackerText(doc.text)) { b.feeds.push(parseTrackerText(doc.text, doc.name)); return true; }
  if (isEpssCsv(doc.text)) { b.feeds.push(parseEpss(doc.text, doc.name)); return true; }
  return false;
}

/** Routes documents to importers; `origin` names the whole input for feeds assembled from many files. */
export function parseDocuments(docs: Iterable<InputDoc>, origin: string): RouteResult {
  const b: Buckets = { osv: [], wolfi: [], wg: [], feeds: [] };
  const unrecognised: string[] = [];
  for (const doc of docs) if (!routeDoc(doc, b)) unrecognised.push(doc.name);
  const feeds = [...b.feeds];
  if (b.osv.length) feeds.push(...parseOsv(b.osv, origin));
  if (b.wolfi.length) feeds.push(parseWolfiAdvisories(b.wolfi, origin));
  if (b.wg.length) feeds.push(...parseNpmSecurityWg(b.wg, origin));
  return { feeds, unrecognised };
}
