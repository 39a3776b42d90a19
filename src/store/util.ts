/** Small shared helpers of the repositories: ids, hashing, time, chunked inserts. */
import { createHash, randomBytes } from 'node:crypto';
import { SEVERITIES, severityRank } from '../core/index.js';

export const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** Sortable random id: time prefix (so "latest first" paging is stable) + 64 random bits. */
export function newId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

export const isoNow = (): string => new Date().toISOString();

/** SQLite allows 32766 bound parameters per statement, PostgreSQL 65535: insert in chunks below both. */
export function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30000 / Math.max(1, columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** core's severity order, indexable by the plain strings stored in rows and query strings. */
export const SEVERITY_RANK: Readonly<Record<string, number>> = Object.fromEntries(SEVERITIES.map((s) => [s, severityRank(s)]));
