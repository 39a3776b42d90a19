/** Small shared helpers of the repositories: ids, hashing, time, chunked inserts. */
import { CompiledQuery, type Kysely } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import { SEVERITIES, severityRank } from '../core/index.js';
import type { Schema } from './schema.js';

export const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** Sortable random id: time prefix (so "latest first" paging is stable) + 64 random bits. */
export function newId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomHex16()}`;
}

// One 4 KiB draw from the CSPRNG serves 512 ids: a re-evaluation writes a million event ids.
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex16(): string {
  if (poolAt + 8 > pool.length) { pool = randomBytes(4096); poolAt = 0; }
  poolAt += 8;
  return pool.toString('hex', poolAt - 8, poolAt);
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

const compiledInserts = new Map<string, string>();

/**
 * Plain multi-row INSERT of many rows (findings, events, packages): Kysely builds and compiles the statement
 * for a chunk shape once (so SQLite gets `?`, PostgreSQL `$n`), then every chunk runs that text with its own
 * parameters. Building a query tree for each of a million rows cost more than writing them. Every row must
 * have the keys of the first, in the same order, and no `undefined` (use null).
 */
export async function insertRows<T extends keyof Schema & string>(db: Kysely<Schema>, table: T, rows: ReadonlyArray<Schema[T]>): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!) as Array<keyof Schema[T] & string>;
  for (const part of chunks(rows, cols.length)) {
    const key = `${table}\u0000${cols.join(',')}\u0000${part.length}`;
    let text = compiledInserts.get(key);
    if (!text) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generic row type is checked by the signature
      text = db.insertInto(table).values(part as any).compile().sql;
      if (compiledInserts.size > 200) compiledInserts.clear();
      compiledInserts.set(key, text);
    }
    const params: unknown[] = new Array(part.length * cols.length);
    let i = 0;
    for (const r of part) for (const c of cols) params[i++] = r[c] ?? null;
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}
