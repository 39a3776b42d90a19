/**
 * A fresh PostgreSQL database per test on the cluster of BULWARK_TEST_PG_URL (scripts/test.sh starts one with
 * scripts/pg-test-cluster.sh). Without it a test skips with the reason; under CI=true it fails instead.
 */
import type { TestContext } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The URL of a new database, dropped after the test once the `before` closers (servers, pools) have run. */
export async function pgDatabase(t: TestContext, before: Array<() => Promise<void>> = []): Promise<string | undefined> {
  const base = process.env.BULWARK_TEST_PG_URL;
  if (!base) {
    if (process.env.CI === 'true') throw new Error('BULWARK_TEST_PG_URL is not set: scripts/test.sh starts PostgreSQL for these tests');
    t.skip('no PostgreSQL: set BULWARK_TEST_PG_URL (scripts/pg-test-cluster.sh start DIR prints one)');
    return undefined;
  }
  const name = `bw_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  t.after(async () => {
    // Close what uses the database (servers, pools) before dropping it.
    for (const f of before) await f();
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
