/** Compact encodings shared by the writer and the store: range/event codes and (deflated) JSON documents. */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AffectedRange, RangeEvent } from './contract.js';

export const RANGE_TYPES: ReadonlyArray<AffectedRange['type']> = ['ECOSYSTEM', 'SEMVER', 'GIT'];
/** Separates a record's own aliases from its alias-group names in `vulns.aliases`. */
export const GROUP_MARK = '\u001e';
export const EVENT_KEYS: ReadonlyArray<keyof RangeEvent> = ['introduced', 'fixed', 'last_affected', 'limit'];

/** Short documents stay TEXT (deflate would not pay); longer ones are stored as deflated BLOBs. */
export function encodeDoc(value: unknown): string | Buffer {
  const json = JSON.stringify(value);
  return json.length < 160 ? json : deflateRawSync(json, { level: 6 });
}

export function decodeDoc<T>(stored: string | Buffer): T {
  return JSON.parse(typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8')) as T;
}
