/**
 * PostgreSQL list reads (`Db.selectArrays`): identical reads waiting for a pooled connection share one execution,
 * but a read never joins a statement already sent, so it always sees what was committed before it arrived.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openDb } from '../../src/store/index.js';
import { pgDatabase } from './pg.js';

// Slow enough that the next reads queue behind it on a pool of one connection.
const SLOW = 'select count(*)::int as n, pg_sleep(0.3)::text as s from meta where key like $1';
const COUNT = 'select count(*)::int as n from meta where key like $1';

test('PostgreSQL: queued identical reads share one execution, and none joins a statement already sent', async (t) => {
  const closers: Array<() => Promise<void>> = [];
  const url = await pgDatabase(t, closers);
  if (!url) return;
  const db = await openDb(url, { poolSize: 1 });
  closers.push(() => db.close());
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  closers.push(() => other.end());
  await other.query(`insert into meta (key, value) values ('t-0', 'x')`);

  const sent = db.selectArrays(SLOW, ['t-%']);
  // Wait until the slow statement is running on the pool's one connection (sent, not just queued).
  for (let i = 0; i < 200; i++) {
    const r = await other.query(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%pg_sleep(0.3)%' and pid <> pg_backend_pid()`);
    if (r.rows[0].n > 0) break;
    await new Promise((res) => setTimeout(res, 10));
  }
  // Committed after the slow statement was sent, before the next reads arrive.
  await other.query(`insert into meta (key, value) values ('t-1', 'x')`);
  const again = db.selectArrays(SLOW, ['t-%']);
  const queuedA = db.selectArrays(COUNT, ['t-%']);
  const queuedB = db.selectArrays(COUNT, ['t-%']);
  const different = db.selectArrays(COUNT, ['x-%']);
  const [rSent, rAgain, rA, rB, rDiff] = await Promise.all([sent, again, queuedA, queuedB, different]);
  // The statement already running saw the state before the insert; the identical read that came later did not join it.
  assert.equal(rSent[0]![0], 1);
  assert.equal(rAgain[0]![0], 2);
  assert.notEqual(rSent, rAgain);
  // Both queued identical reads got the rows of one execution; a read with other parameters ran its own.
  assert.equal(rA, rB);
  assert.deepEqual(rA, [[2]]);
  assert.deepEqual(rDiff, [[0]]);

  // Off: every read runs its own statement.
  const plain = await openDb(url, { poolSize: 1, coalesceReads: false, migrate: false });
  closers.unshift(() => plain.close());
  const [p1, p2] = await Promise.all([plain.selectArrays(COUNT, ['t-%']), plain.selectArrays(COUNT, ['t-%'])]);
  assert.deepEqual(p1, p2);
  assert.notEqual(p1, p2);
});

test('PostgreSQL: a failed read is not shared with reads that arrive after it failed', async (t) => {
  const closers: Array<() => Promise<void>> = [];
  const url = await pgDatabase(t, closers);
  if (!url) return;
  const db = await openDb(url, { poolSize: 1 });
  closers.push(() => db.close());
  await assert.rejects(db.selectArrays('select * from no_such_table where x = $1', [1]), /no_such_table/);
  await db.kysely.schema.createTable('no_such_table').addColumn('x', 'integer').execute();
  assert.deepEqual(await db.selectArrays('select * from no_such_table where x = $1', [1]), []);
});
