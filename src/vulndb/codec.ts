/** Compact encodings shared by the writer and the store: range/event codes and (deflated) JSON documents. */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Advisory, AffectedRange, RangeEvent } from './contract.js';

export const RANGE_TYPES: ReadonlyArray<AffectedRange['type']> = ['ECOSYSTEM', 'SEMVER', 'GIT'];
/** Separates a record's own aliases from its alias-group names in `vulns.aliases`. */
export const GROUP_MARK = '\u001e';
/**
 * `alias_names.h`: the first 48 bits of SHA-1(name), an integer key much smaller than the name. A collision
 * (≈1e-6 for the 30k names of the full data set) only loses the closure for the later name: readers check
 * that the group's name list really holds the name.
 */
export function nameHash(name: string): number {
  return createHash('sha1').update(name).digest().readUIntBE(0, 6);
}
/**
 * `vulns.doc` stores the flaw's text fields under one-letter keys (23k Debian rows hold only a date, where
 * `{"published":…}` would be a third key name).
 */
export const VULN_DOC_KEYS: ReadonlyArray<readonly [string, 'title' | 'description' | 'references' | 'cwes' | 'cvss' | 'published' | 'modified' | 'withdrawn']> = [
  ['t', 'title'], ['d', 'description'], ['r', 'references'], ['w', 'cwes'], ['c', 'cvss'], ['p', 'published'],
  ['m', 'modified'], ['x', 'withdrawn'],
];

/** The inverse of the writer's short-key document: full Advisory field names, in the writer's order. */
export function expandVulnDoc(short: Record<string, unknown>): Partial<Advisory> {
  const out: Record<string, unknown> = {};
  for (const [code, key] of VULN_DOC_KEYS) if (short[code] !== undefined) out[key] = short[code];
  return out as Partial<Advisory>;
}
export const EVENT_KEYS: ReadonlyArray<keyof RangeEvent> = ['introduced', 'fixed', 'last_affected', 'limit'];

/**
 * Documents are written as JSON text; at the end of a build `compressDocs` (writer.ts) deflates every text
 * document of at least COMPRESS_MIN characters with its table's preset dictionary when that is smaller.
 * A BLOB is therefore always deflate-raw with the table's dictionary (`dicts` row; empty = none).
 */
export const COMPRESS_MIN = 48;
/** zlib's window: a preset dictionary longer than this is not used. */
export const DICT_MAX = 32768;

export function encodeDoc(value: unknown): string {
  return JSON.stringify(value);
}

export function compressDoc(json: string, dict: Buffer | undefined): Buffer {
  return dict?.length ? deflateRawSync(json, { level: 9, dictionary: dict }) : deflateRawSync(json, { level: 9 });
}

export function decodeDoc<T>(stored: string | Buffer, dict?: Buffer): T {
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  return JSON.parse((dict?.length ? inflateRawSync(stored, { dictionary: dict }) : inflateRawSync(stored)).toString('utf8')) as T;
}

/**
 * One advisory of a `packages` row: [vid, ranges, versions, status, statusNote, severity, severitySource,
 * rangeExpression], trailing empty fields dropped. A range is [rangeType, event, version, event, version, …]
 * with the RANGE_TYPES / EVENT_KEYS codes.
 */
export type PackedEntry = [number, ...unknown[]];

export function packEntry(vid: number, a: Pick<Advisory, 'ranges' | 'versions' | 'status' | 'statusNote' | 'severity' | 'severitySource' | 'rangeExpression'>): PackedEntry {
  const ranges = a.ranges.map((r) => {
    const out: Array<number | string> = [RANGE_TYPES.indexOf(r.type)];
    for (const e of r.events) {
      const k = EVENT_KEYS.findIndex((key) => e[key] !== undefined);
      if (k >= 0) out.push(k, e[EVENT_KEYS[k]] as string);
    }
    return out;
  }).filter((r) => r.length > 1);
  const entry: PackedEntry = [vid, ranges, a.versions, a.status ?? 0, a.statusNote ?? 0, a.severity ?? 0,
    a.severitySource ?? 0, a.rangeExpression ?? 0];
  while (entry.length > 1 && isEmpty(entry[entry.length - 1])) entry.pop();
  return entry;
}

function isEmpty(v: unknown): boolean {
  return v === 0 || (Array.isArray(v) && v.length === 0);
}

export function unpackRanges(packed: unknown): AffectedRange[] {
  if (!Array.isArray(packed)) return [];
  return (packed as Array<Array<number | string>>).map((r) => {
    const events: RangeEvent[] = [];
    for (let i = 1; i < r.length; i += 2) events.push({ [EVENT_KEYS[r[i] as number]]: r[i + 1] as string });
    return { type: RANGE_TYPES[r[0] as number], events };
  });
}
