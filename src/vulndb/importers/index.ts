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
import { isOsvRecord, parseOsv } from './osv.js';
import { ARRAY_DONE, JsonStreamScanner, JsonSyntaxError, type JsonSink } from './json-stream.js';
import { docChunks, docText, firstByte } from './doc-bytes.js';
import { isSecDb, parseSecDb } from './secdb.js';
import { mergeFeed, type InputDoc, type ParsedFeed } from './types.js';
import { isWolfiDoc, parseWolfiAdvisories, type WolfiDoc } from './wolfi-advisories.js';
import { pushAll } from '../../core/index.js';

export type { InputDoc, ParsedFeed, EnrichmentRow, KnownBadEntries } from './types.js';
export { KNOWN_BAD_SCHEMA, parseKnownBadEntries } from './known-bad.js';

export interface RouteResult {
  feeds: ParsedFeed[];
  /** Documents no importer recognised (named, so the user sees what was ignored). */
  unrecognised: string[];
}

interface Buckets { osv: Map<string, ParsedFeed>; wolfi: WolfiDoc[]; wg: unknown[]; feeds: ParsedFeed[]; origin: string }

const newBuckets = (origin: string): Buckets => ({ osv: new Map(), wolfi: [], wg: [], feeds: [], origin });

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.(json|jsonl)(\.gz|\.zst)?$/, '');
}

/** One JSON value → a whole feed, or a record for a bucket. Returns false when nothing claims it. */
function routeValue(v: unknown, doc: InputDoc, b: Buckets): boolean {
  if (isKnownBadDoc(v)) { b.feeds.push(parseKnownBad(v, doc.name, baseName(doc.name))); return true; }
  // OSV records become advisories at once (the raw record is dropped): a feed can hold millions.
  if (isOsvRecord(v)) { for (const f of parseOsv([v], b.origin)) mergeFeed(b.osv, f); return true; }
  if (isWolfiDoc(v)) { b.wolfi.push(v); return true; }
  if (isNpmWgRecord(v) || isCoreWgRecord(v) || isWgIndex(v)) { b.wg.push(v); return true; }
  if (isSecDb(v)) { b.feeds.push(parseSecDb(v, doc.name)); return true; }
  if (isNvd2(v)) { b.feeds.push(parseNvd2(v, doc.name, baseName(doc.name))); return true; }
  if (isNvd11(v)) { b.feeds.push(parseNvd11(v, doc.name, baseName(doc.name))); return true; }
  if (isKev(v)) { b.feeds.push(parseKev(v, doc.name)); return true; }
  if (isTrackerJson(v)) { b.feeds.push(parseTrackerJson(v, doc.name)); return true; }
  return false;
}

const BATCH = 1000;

/**
 * Receives one JSON document from the stream scanner. Small top-level values arrive whole; a large one
 * arrives in units, which are routed in batches as partial documents — the document's scalar members
 * (`format`, `timestamp`, `distroversion`…) plus up to BATCH object members or array elements — so every
 * importer still sees its own document shape. A batch nobody claims (its identifying field comes later in
 * the file) waits and is routed again, whole, at the end.
 */
class DocRouter implements JsonSink {
  claimed = false;
  private head: Record<string, unknown> = {};
  private batch: Array<[string, unknown]> = [];
  private elems = new Map<string, unknown[]>();
  private count = 0;
  private pending: Array<Record<string, unknown>> = [];

  constructor(private readonly doc: InputDoc, private readonly b: Buckets) {}

  private route(v: unknown): void {
    for (const x of Array.isArray(v) ? v : [v]) this.claimed = routeValue(x, this.doc, this.b) || this.claimed;
  }

  onValue(v: unknown): void { this.route(v); }

  onMember(key: string, v: unknown): void {
    if (v === ARRAY_DONE) { if (!this.elems.has(key)) this.elems.set(key, []); return; }
    if (typeof v !== 'object' || v === null) { this.head[key] = v; return; }
    this.batch.push([key, v]);
    if (++this.count >= BATCH) this.flush();
  }

  onElement(key: string | undefined, v: unknown): void {
    if (key === undefined) { this.route(v); return; }
    let list = this.elems.get(key);
    if (!list) this.elems.set(key, list = []);
    list.push(v);
    if (++this.count >= BATCH) this.flush();
  }

  onEnd(): void {
    this.flush();
    if (!this.pending.length) return;
    const whole: Record<string, unknown> = { ...this.head };
    for (const part of this.pending) {
      for (const [k, v] of Object.entries(part)) {
        if (Array.isArray(v) && Array.isArray(whole[k]) && !(k in this.head)) pushAll(whole[k] as unknown[], v);
        else whole[k] = v;
      }
    }
    this.pending = [];
    this.route(whole);
  }

  private flush(): void {
    if (!this.count && !this.elems.size) return;
    const part: Record<string, unknown> = { ...this.head };
    for (const [k, v] of this.batch) part[k] = v;
    for (const [k, v] of this.elems) part[k] = v;
    this.batch = [];
    this.elems = new Map();
    this.count = 0;
    const before = this.claimed;
    this.claimed = false;
    this.route(part);
    if (!this.claimed) this.pending.push(part);
    this.claimed ||= before;
  }
}

/** JSON (one value, JSON lines or a split large value) → buckets; false when no value was claimed. */
function routeJson(doc: InputDoc, b: Buckets, splitAbove: number | undefined): boolean {
  const router = new DocRouter(doc, b);
  const scanner = new JsonStreamScanner(router, splitAbove);
  for (const chunk of docChunks(doc)) scanner.write(chunk);
  scanner.end();
  return router.claimed;
}

/** Routes one document; its feeds reach `global` only when the whole document was read without error. */
function routeDoc(doc: InputDoc, global: Buckets, splitAbove: number | undefined): boolean {
  const c = firstByte(doc);
  if (c === 0x7b || c === 0x5b) {
    const local = newBuckets(global.origin);
    try {
      if (routeJson(doc, local, splitAbove)) { mergeBuckets(global, local); return true; }
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
      // Not JSON after all (a DSA list starts with '['): try the text formats.
    }
  }
  const text = docText(doc);
  if (text === undefined) return false;
  if (isTrackerText(text)) { global.feeds.push(parseTrackerText(text, doc.name)); return true; }
  if (isEpssCsv(text)) { global.feeds.push(parseEpss(text, doc.name)); return true; }
  return false;
}

function mergeBuckets(into: Buckets, from: Buckets): void {
  for (const f of from.osv.values()) mergeFeed(into.osv, f);
  into.wolfi.push(...from.wolfi);
  into.wg.push(...from.wg);
  // Batches of one large document came out as several feeds with one key: one feed again.
  const byKey = new Map<string, ParsedFeed>();
  for (const f of from.feeds) mergeFeed(byKey, f);
  into.feeds.push(...byKey.values());
}

export interface RouteOptions {
  /** JSON values longer than this many bytes are read in units (json-stream.ts); tests lower it. */
  splitAbove?: number;
}

/** Routes documents to importers; `origin` names the whole input for feeds assembled from many files. */
export function parseDocuments(docs: Iterable<InputDoc>, origin: string, opts: RouteOptions = {}): RouteResult {
  const b = newBuckets(origin);
  const unrecognised: string[] = [];
  for (const doc of docs) if (!routeDoc(doc, b, opts.splitAbove)) unrecognised.push(doc.name);
  const feeds = [...b.feeds, ...b.osv.values()];
  if (b.wolfi.length) feeds.push(parseWolfiAdvisories(b.wolfi, origin));
  if (b.wg.length) feeds.push(...parseNpmSecurityWg(b.wg, origin));
  return { feeds, unrecognised };
}
