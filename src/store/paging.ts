/** Keyset paging shared by every list: an opaque cursor holds the sort key of the last row returned. */
import { BulwarkError } from '../core/index.js';

export interface Page<T> { items: T[]; next: string | null; total?: number }

const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch { /* falls through to the error */ }
  throw new BulwarkError('USAGE', 'invalid cursor');
}

/** Rows fetched with limit+1: the extra row says whether there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => unknown[]): Page<T> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: more && items.length ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}
