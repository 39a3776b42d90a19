/** The same migrations and the same API behaviour on PostgreSQL: ingest, lists, portfolio, sessions, re-evaluation via pg-boss. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importPaths } from '../../src/vulndb/index.js';
import { openDb } from '../../src/store/index.js';
import { ROOT, bearer, demoReport, demoSbom, startServer } from './helpers.js';
import { pgDatabase } from './pg.js';

test('PostgreSQL: migrations apply once (a second open is a no-op) and give the same tables as SQLite', async (t) => {
  const url = await pgDatabase(t);
  if (!url) return;
  const a = await openDb(url);
  const b = await openDb(url);
  const pgTables = (await a.kysely.introspection.getTables()).map((x) => `${x.name}:${x.columns.map((c) => c.name).sort().join(',')}`).sort();
  await a.close();
  await b.close();
  const lite = await openDb(':memory:');
  const liteTables = (await lite.kysely.introspection.getTables()).map((x) => `${x.name}:${x.columns.map((c) => c.name).sort().join(',')}`).sort();
  await lite.close();
  assert.deepEqual(pgTables, liteTables);
});

test('PostgreSQL: ingest, filtered paging, portfolio and re-evaluation through pg-boss workers', async (t) => {
  const closers: Array<() => Promise<void>> = [];
  const url = await pgDatabase(t, closers);
  if (!url) return;
  const s = await startServer({ database: url });
  closers.push(() => s.close());
  assert.equal(s.queue.kind, 'pg-boss');
  const dbPath = join(s.dbDir, 'bulwark.db');
  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds', 'npm')], dbPath, fresh: true });
  const up = await s.app.inject({ method: 'POST', url: '/api/sboms?reference=demo/base:1', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: await demoSbom() });
  assert.equal(up.statusCode, 201, up.body);
  const rep = await s.app.inject({ method: 'POST', url: '/api/reports?reference=demo/base:json', headers: bearer(s.tokens.scan), payload: await demoReport() });
  assert.equal(rep.statusCode, 201, rep.body);
  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds')], dbPath, fresh: true });
  const run = await s.app.inject({ method: 'POST', url: '/api/reevaluations', headers: bearer(s.tokens.admin) });
  assert.equal(run.statusCode, 202);
  await s.queue.idle();
  let runs;
  for (let i = 0; i < 100; i++) {
    runs = (await s.app.inject({ method: 'GET', url: '/api/reevaluations', headers: bearer(s.tokens.read) })).json();
    if (runs.items[0].finishedAt) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(runs.items[0].finishedAt, JSON.stringify(runs.items[0]));
  assert.ok(runs.items[0].newFindings > 0);
  const f = (await s.app.inject({ method: 'GET', url: '/api/findings?severity=medium&count=true&limit=2', headers: bearer(s.tokens.read) })).json();
  assert.ok(f.total > 0);
  let n = f.items.length;
  let cursor = f.next;
  while (cursor) {
    const p = (await s.app.inject({ method: 'GET', url: `/api/findings?severity=medium&limit=2&cursor=${cursor}`, headers: bearer(s.tokens.read) })).json();
    n += p.items.length;
    cursor = p.next;
  }
  assert.equal(n, f.total);
  const where = (await s.app.inject({ method: 'GET', url: '/api/portfolio/vulnerabilities/CVE-2023-0286', headers: bearer(s.tokens.read) })).json();
  assert.ok(where.affected.length >= 1);
  const images = (await s.app.inject({ method: 'GET', url: '/api/images?count=true&os=debian', headers: bearer(s.tokens.read) })).json();
  assert.ok(images.total >= 1);
  const login = await s.app.inject({ method: 'POST', url: '/api/session', payload: { token: s.tokens.read } });
  assert.equal(login.statusCode, 200);
});

test('PostgreSQL: selectArrays runs a named prepared statement again with new values, rows as typed arrays', async (t) => {
  const closers: Array<() => Promise<void>> = [];
  const url = await pgDatabase(t, closers);
  if (!url) return;
  const db = await openDb(url);
  closers.push(() => db.close());
  await db.kysely.insertInto('vuln_details').values([{ id: 'CVE-1', json: '{}', title: 'one' }, { id: 'CVE-2', json: '{}', title: null }]).execute();
  const text = 'select "id", "title", count(*) over () as "n" from "vuln_details" where "id" >= $1 order by "id"';
  // More calls than pool connections: each connection prepares the statement once, then re-binds it.
  for (let i = 0; i < 12; i++) {
    assert.deepEqual(await db.selectArrays(text, ['CVE-1']), [['CVE-1', 'one', 2], ['CVE-2', null, 2]]);
    assert.deepEqual(await db.selectArrays(text, ['CVE-2']), [['CVE-2', null, 1]]);
  }
  // Concurrent calls share the pool the same way.
  const all = await Promise.all(Array.from({ length: 30 }, (_, i) => db.selectArrays(text, [i % 2 ? 'CVE-2' : 'CVE-1'])));
  all.forEach((rows, i) => assert.equal(rows.length, i % 2 ? 1 : 2));
});

test('PostgreSQL: selectArrays keeps at most 200 named statements per connection; further texts run unnamed', async (t) => {
  const closers: Array<() => Promise<void>> = [];
  const url = await pgDatabase(t, closers);
  if (!url) return;
  // One connection, so pg_prepared_statements (per session) sees every statement it prepared.
  const db = await openDb(url, { poolSize: 1 });
  closers.push(() => db.close());
  for (let i = 0; i < 230; i++) assert.deepEqual(await db.selectArrays(`select $1::int + ${i} as "n"`, [1]), [[1 + i]]);
  const named = await db.selectArrays('select count(*) from pg_prepared_statements', []);
  assert.equal(named[0]![0], 200);
});
