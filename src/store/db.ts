/** Opens the server database: a SQLite file (better-sqlite3) or PostgreSQL (pg pool), one Kysely API over both. */
import { createHash } from 'node:crypto';
import {
  CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult,
  type RootOperationNode, type SqliteDialectConfig, type UnknownRow,
} from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { BulwarkError } from '../core/index.js';
import { migrate } from './migrations.js';
import type { Schema } from './schema.js';

type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Schema>;
  dialect: Dialect;
  /** The connection string for PostgreSQL (pg-boss opens its own pool on it). */
  url: string;
  /**
   * Writes this process has made through this handle (any statement that reports affected rows). Read caches
   * compare it: equal before and after means no write of this process came in between. Writes by other
   * processes (pg-boss workers, a second server) are not counted; such caches must also expire.
   */
  writes(): number;
  /**
   * Runs the SQL text of a compiled SELECT with its parameters and returns each row as an array of its column
   * values, in select order: the hot list reads. The drivers' row objects are skipped (better-sqlite3 builds each
   * one property by property: about half the cost of a 50-row page), and on PostgreSQL the statement is a named
   * prepared statement, parsed and planned once per pooled connection instead of once per request. The selected
   * column names must be distinct (a SQLite read inside a transaction goes through Kysely's row objects).
   */
  selectArrays(text: string, params: readonly unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** `postgres://user:secret@host/db` → `postgres://user:****@host/db`, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}

type SqliteDb = BetterSqlite3.Database;

/**
 * Kysely's SQLite driver prepares every query anew; the same few statements run millions of times in an
 * ingest or re-evaluation, so prepared statements are kept and reused (bounded: the least recently added
 * goes first). Safe because the driver runs one statement at a time on its one connection.
 */
function statementCache(sqlite: SqliteDb, max = 500): (text: string) => ReturnType<SqliteDb['prepare']> {
  const cache = new Map<string, ReturnType<SqliteDb['prepare']>>();
  return (text) => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = sqlite.prepare(text);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(text, stmt);
    }
    return stmt;
  };
}

function cachedStatements(sqlite: SqliteDb): SqliteDialectConfig['database'] {
  return { close: () => sqlite.close(), prepare: statementCache(sqlite) };
}

/**
 * `selectArrays` on SQLite: its own raw-mode statements (a statement's mode is sticky, so Kysely's object-mode
 * ones are not shared), run on the one connection. Inside a transaction that connection would show the
 * transaction's uncommitted rows, so then the read goes through Kysely, which waits for the transaction to end,
 * as every other read does.
 *
 * With `coalesce`, a read runs at the end of the event-loop turn it arrived in (setImmediate: after the other
 * requests that turn's I/O brought, before any new I/O), and identical reads (same text and parameters) arriving
 * in that turn share its one execution — the SQLite form of PostgreSQL's queued-read sharing (pgArrays): the
 * statement runs after every read that joined it arrived, so each sees at least what was committed before it
 * arrived. Rows are shared between the joined callers: they must not be mutated.
 */
function sqliteArrays(sqlite: SqliteDb, kysely: () => Kysely<Schema>, coalesce: boolean): Db['selectArrays'] {
  const prepare = statementCache(sqlite, 100);
  const run = async (text: string, params: readonly unknown[]): Promise<unknown[][]> => {
    if (!sqlite.inTransaction) return prepare(text).raw(true).all(...(params as unknown[])) as unknown[][];
    const rows = (await kysely().executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...params]))).rows;
    return rows.map((r) => Object.values(r));
  };
  if (!coalesce) return run;
  return sharedUntilStarted((text, params, started) => new Promise<unknown[][]>((resolve, reject) => {
    setImmediate(() => {
      started();
      run(text, params).then(resolve, reject);
    });
  }));
}

/**
 * Identical reads (same text and parameters) that have not started share one execution: `start` calls `started()`
 * the moment its statement runs or is sent, and from then on an identical read starts its own — a read never joins
 * a statement that might miss what was committed before the read arrived. A failed read is not kept either.
 */
function sharedUntilStarted(start: (text: string, params: readonly unknown[], started: () => void) => Promise<unknown[][]>): Db['selectArrays'] {
  const queued = new Map<string, Promise<unknown[][]>>();
  return (text, params) => {
    const key = `${text}\u0000${JSON.stringify(params)}`;
    const joined = queued.get(key);
    if (joined) return joined;
    // `started` may come before `start` returns: then the read is never queued for others to join.
    const own: { p?: Promise<unknown[][]>; begun?: boolean } = {};
    const drop = (): void => { if (own.p && queued.get(key) === own.p) queued.delete(key); };
    const p = (own.p = start(text, params, () => { own.begun = true; drop(); }));
    if (!own.begun) queued.set(key, p);
    p.catch(drop);
    return p;
  };
}

/**
 * `selectArrays` on PostgreSQL: a named statement per SQL text (pg prepares it on each connection's first use and
 * PostgreSQL keeps it, with its plan, for the connection's life). Bounded: beyond MAX_NAMED distinct texts (a
 * client cycling page sizes) the rest run unnamed, parsed and planned per execution as before, so no client can
 * make the server's connections hold an unbounded number of statements.
 *
 * Identical reads that are still **waiting for a pooled connection** share one execution: a read whose text and
 * parameters equal those of a read queued before it (not yet sent) takes that read's rows. The shared statement
 * is sent only after every read that joined it arrived, so each sees the database as of its own arrival or later
 * (no staleness at all, unlike reusing a result already being computed: a read never joins a statement already
 * sent). Under load the queue for the SHARED_READS slots is where a hundred clients wait; the same few first pages
 * there cost one round trip instead of one each. Rows are shared between the joined callers: they must not be mutated.
 */
const MAX_NAMED = 200;
/**
 * At most this many shared list statements at once per process (the pool's other connections stay free for
 * everything else). One Node process serves a few thousand pages a second at ~0.1–0.3 ms of PostgreSQL time each,
 * which 4 connections carry; more only spreads the waiting reads over more executions. Measured at 100 clients (7
 * shapes, load 6): 4 instead of the pool's 10 took Node from 0.30–0.40 to 0.21–0.22 ms and PostgreSQL from
 * 0.08–0.09 to 0.04 ms per request.
 */
const SHARED_READS = 4;
function pgArrays(pool: Pool, coalesce: boolean, poolSize: number): Db['selectArrays'] {
  const names = new Map<string, string>();
  const slots = Math.max(1, Math.min(SHARED_READS, poolSize));
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = (): Promise<void> => {
    if (running < slots) { running++; return Promise.resolve(); }
    return new Promise((resolve) => waiting.push(resolve));
  };
  // Hands the slot straight to the next waiting read, or frees it.
  const free = (): void => { const next = waiting.shift(); if (next) next(); else running--; };
  const configOf = (text: string, params: readonly unknown[]) => {
    let name = names.get(text);
    if (!name && names.size < MAX_NAMED) {
      name = `bw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return { ...(name ? { name } : {}), text, values: [...params], rowMode: 'array' as const };
  };
  if (!coalesce) return (text, params) => pool.query<unknown[]>(configOf(text, params)).then((r) => r.rows);
  return sharedUntilStarted(async (text, params, started) => {
    await slot();
    try {
      const client = await pool.connect();
      // Sent now: reads arriving from here on must not join it (it might miss what they expect to see).
      started();
      try {
        return (await client.query<unknown[]>(configOf(text, params))).rows;
      } finally {
        client.release();
      }
    } finally {
      free();
    }
  });
}

/** Counts results that carry an affected-row count: inserts, updates, deletes, DDL (raw compiled queries too). */
class WriteCounter implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode { return args.node; }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (args.result.numAffectedRows !== undefined) this.n++;
    return args.result;
  }
}

/**
 * `coalesceReads` (default on): identical `selectArrays` reads that have not started yet share one execution
 * (PostgreSQL: waiting for a pooled connection, see pgArrays; SQLite: arrived in the same event-loop turn, see
 * sqliteArrays); off, each read runs its own statement.
 */
export async function openDb(url: string, opts: { migrate?: boolean; poolSize?: number; coalesceReads?: boolean } = {}): Promise<Db> {
  let kysely: Kysely<Schema>;
  let dialect: Dialect;
  let selectArrays: Db['selectArrays'];
  let pgPool: Pool | undefined;
  const counter = new WriteCounter();
  if (isPostgresUrl(url)) {
    const pg = (await import('pg')).default;
    // COUNT(*) and SUM() come back as bigint strings by default; our counts fit a JS number.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    pgPool = pool;
    kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
    dialect = 'postgres';
    selectArrays = pgArrays(pool, opts.coalesceReads ?? true, opts.poolSize ?? 10);
  } else {
    const Database = (await import('better-sqlite3')).default;
    let sqlite;
    try {
      sqlite = new Database(url);
    } catch (e) {
      throw new BulwarkError('INPUT_NOT_FOUND', `cannot open database ${url}: ${(e as Error).message}`, { cause: e });
    }
    // WAL: readers (API requests) do not wait for the writer (ingest, re-evaluation).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 10000');
    // 64 MiB page cache and 256 MiB memory map: a 10k-image portfolio's indexes stay in memory; temp b-trees
    // (ORDER BY, GROUP BY spills) in RAM rather than a temp file.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
    sqlite.pragma('temp_store = MEMORY');
    kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }), plugins: [counter] });
    dialect = 'sqlite';
    selectArrays = sqliteArrays(sqlite, () => kysely, opts.coalesceReads ?? true);
  }
  try {
    if (opts.migrate !== false) await migrate(kysely);
  } catch (e) {
    await kysely.destroy();
    throw new BulwarkError('INPUT_NOT_FOUND', `cannot prepare database ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  const close = async (): Promise<void> => {
    await kysely.destroy();
    // Kysely ends the pool only if it ran a query itself (its driver starts lazily); reads through selectArrays alone
    // would leave the pool's connections open.
    if (pgPool && !pgPool.ended) await pgPool.end();
  };
  return { kysely, dialect, url, writes: () => counter.n, selectArrays, close };
}
