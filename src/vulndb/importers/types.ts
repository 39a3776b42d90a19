/** What every importer produces: one feed's advisories and/or enrichment rows, ready for the writer. */
import type { Advisory, Enrichment, KnownBadFile, KnownBadImage } from '../contract.js';
import { pushAll } from '../../core/index.js';

export type EnrichmentKind = 'nvd' | 'kev' | 'epss';

export interface EnrichmentRow {
  kind: EnrichmentKind;
  /** Only the fields of its kind are set. */
  data: Enrichment;
}

/** Known-bad content (importers/known-bad.ts): files by sha256, images by digest. */
export interface KnownBadEntries {
  files: KnownBadFile[];
  images: KnownBadImage[];
}

export interface ParsedFeed {
  /** Unique key of the feed inside the database (`osv:PyPI`, `alpine-secdb:v3.11/main`); re-importing replaces it. */
  feed: string;
  /** Advisory.source of its records (`osv`, `debian-tracker`, …). */
  source: string;
  origin: string;
  /** Newest modification time the feed states. */
  modified?: string;
  advisories: Advisory[];
  enrichment: EnrichmentRow[];
  /** Known-bad lists only. */
  knownBad?: KnownBadEntries;
  /** Non-fatal problems (one bad record is skipped, the feed goes on). */
  warnings: string[];
}

/**
 * A decoded input file: its name (for messages and zip member names) and its content — as text (small
 * in-memory documents), bytes (decompressed members), or an uncompressed file on disk that is read in chunks.
 * Feeds beyond V8's string limit (~512 MiB) must come as `data` or `path`: JSON is parsed from the bytes
 * (json-stream.ts), never from one string.
 */
export interface InputDoc {
  name: string;
  text?: string;
  data?: Buffer;
  path?: string;
}

/** Appends feed `f` to the feed with its key in `into` (one document split into batches, or OSV records of many files). */
export function mergeFeed(into: Map<string, ParsedFeed>, f: ParsedFeed): void {
  const cur = into.get(f.feed);
  if (!cur) { into.set(f.feed, f); return; }
  for (const a of f.advisories) cur.advisories.push(a);
  for (const e of f.enrichment) cur.enrichment.push(e);
  for (const w of f.warnings) cur.warnings.push(w);
  if (f.knownBad) {
    cur.knownBad ??= { files: [], images: [] };
    pushAll(cur.knownBad.files, f.knownBad.files);
    pushAll(cur.knownBad.images, f.knownBad.images);
  }
  cur.modified = newer(cur.modified, f.modified);
}

export function emptyFeed(feed: string, source: string, origin: string): ParsedFeed {
  return { feed, source, origin, advisories: [], enrichment: [], warnings: [] };
}

/** Newest of two ISO timestamps (either may be absent). */
export function newer(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}
