/**
 * Continuous re-evaluation: inventories stored with an advisory DB that lacks Debian data have no findings;
 * after the DB gains the Debian feed, an on-demand re-evaluation (no image pull) records newly affecting
 * findings with timestamps and posts a signed webhook; after the feed is gone again they are recorded fixed.
 */
import { test } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { importPaths } from '../../src/vulndb/index.js';
import { getMeta, isPostgresUrl, notifyChanges, redactUrl, sign } from '../../src/store/index.js';
import { silentLogger } from '../../src/core/index.js';
import { ROOT, bearer, demoSbom, startServer } from './helpers.js';

function hookServer(): Promise<{ url: string; got: Array<{ headers: IncomingMessage['headers']; body: string }>; close: () => void }> {
  const got: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { got.push({ headers: req.headers, body }); res.end('ok'); });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    const a = srv.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${a.port}/hook`, got, close: () => srv.close() });
  }));
}

test('a DB update makes stored inventories newly affected, then fixed: events, timestamps, signed webhooks', async (t) => {
  const s = await startServer();
  const hook = await hookServer();
  t.after(async () => { hook.close(); await s.close(); });
  const dbPath = join(s.dbDir, 'bulwark.db');
  // Start from a database without the Debian feed.
  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds', 'npm')], dbPath, fresh: true });
  s.jobs.notify = async (changes) => { await notifyChanges(s.db, changes, silentLogger); };
  const secret = 'a-webhook-secret-of-some-length';
  const add = await s.app.inject({ method: 'POST', url: '/api/webhooks', headers: bearer(s.tokens.admin), payload: { url: hook.url, format: 'json', secret, minSeverity: 'low' } });
  assert.equal(add.statusCode, 201, add.body);
  const slack = await s.app.inject({ method: 'POST', url: '/api/webhooks', headers: bearer(s.tokens.admin), payload: { url: hook.url, format: 'slack', minSeverity: 'critical', kevOnly: true } });
  assert.equal(slack.statusCode, 201);
  const up = await s.app.inject({ method: 'POST', url: '/api/sboms?reference=demo/base:1', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: await demoSbom() });
  assert.equal(up.statusCode, 201, up.body);
  assert.equal(up.json().findings, 0, 'no Debian advisories yet');

  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds')], dbPath, fresh: true });
  const run = await s.app.inject({ method: 'POST', url: '/api/reevaluations', headers: bearer(s.tokens.admin) });
  assert.equal(run.statusCode, 202);
  await s.queue.idle();
  const runs = (await s.app.inject({ method: 'GET', url: '/api/reevaluations', headers: bearer(s.tokens.read) })).json();
  assert.equal(runs.items[0].id, run.json().id);
  assert.ok(runs.items[0].finishedAt, 'run finished');
  assert.equal(runs.items[0].images, 1);
  assert.ok(runs.items[0].newFindings > 0);
  const events = (await s.app.inject({ method: 'GET', url: '/api/events?kind=new', headers: bearer(s.tokens.read) })).json();
  const ssl = events.items.find((e: { vulnerability: string; purl: string }) => e.vulnerability === 'CVE-2023-0286' && e.purl.includes('libssl1.1'));
  assert.ok(ssl, JSON.stringify(events.items.slice(0, 3)));
  assert.equal(ssl.cause, 'reevaluate');
  assert.ok(Date.parse(ssl.at) > 0);
  // The JSON webhook got the newly affecting findings, signed over the raw body.
  const json = hook.got.find((g) => !JSON.parse(g.body).blocks);
  assert.ok(json, 'json webhook delivered');
  assert.equal(json.headers['x-bulwark-signature'], `sha256=${createHmac('sha256', secret).update(json.body).digest('hex')}`);
  const payload = JSON.parse(json.body);
  assert.ok(payload.changes.some((c: { kind: string; vulnerability: string }) => c.kind === 'new' && c.vulnerability === 'CVE-2023-0286'));
  assert.equal(await getMeta(s.db, 'last_evaluated_db') !== undefined, true);
  // A second run against the same DB changes nothing, and writes nothing to findings or events: images whose
  // match digest is unchanged are skipped, unchanged findings are never deleted, re-inserted or touched.
  const before = hook.got.length;
  const rowsOf = async () => JSON.stringify(await s.db.kysely.selectFrom('findings').selectAll().orderBy('image_id').orderBy('vuln_id').orderBy('purl').execute());
  const findingsBefore = await rowsOf();
  const eventsBefore = (await s.db.kysely.selectFrom('finding_events').select('id').execute()).length;
  const counted = s.db.dialect === 'sqlite';
  if (counted) {
    // Every row-level write to the two tables is counted (SQLite triggers, test-only).
    await sql`create table test_writes (n integer not null)`.execute(s.db.kysely);
    await sql`insert into test_writes values (0)`.execute(s.db.kysely);
    for (const [table, op] of [['findings', 'insert'], ['findings', 'update'], ['findings', 'delete'], ['finding_events', 'insert']] as const) {
      await sql.raw(`create trigger test_${table}_${op} after ${op} on ${table} begin update test_writes set n = n + 1; end`).execute(s.db.kysely);
    }
  }
  await s.app.inject({ method: 'POST', url: '/api/reevaluations', headers: bearer(s.tokens.admin) });
  await s.queue.idle();
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/reevaluations', headers: bearer(s.tokens.read) })).json().items[0].newFindings, 0);
  assert.equal(hook.got.length, before, 'nothing new, nothing sent');
  assert.equal(await rowsOf(), findingsBefore, 'findings rows unchanged (first seen dates kept)');
  assert.equal((await s.db.kysely.selectFrom('finding_events').select('id').execute()).length, eventsBefore, 'no events');
  if (counted) {
    assert.equal((await sql<{ n: number }>`select n from test_writes`.execute(s.db.kysely)).rows[0]!.n, 0, 'no row written to findings or finding_events');
  }

  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds', 'npm')], dbPath, fresh: true });
  await s.app.inject({ method: 'POST', url: '/api/reevaluations', headers: bearer(s.tokens.admin) });
  await s.queue.idle();
  // The counter does count: this run fixes findings (updates) and records events.
  if (counted) assert.ok((await sql<{ n: number }>`select n from test_writes`.execute(s.db.kysely)).rows[0]!.n > 0);
  const fixed = (await s.app.inject({ method: 'GET', url: '/api/findings?state=fixed&vulnerability=CVE-2023-0286', headers: bearer(s.tokens.read) })).json();
  assert.ok(fixed.items.length > 0);
  assert.ok(fixed.items.every((f: { resolvedAt: string | null }) => f.resolvedAt));
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/findings?vulnerability=CVE-2023-0286', headers: bearer(s.tokens.read) })).json().items.length, 0);
  const fixedEvents = (await s.app.inject({ method: 'GET', url: '/api/events?kind=fixed', headers: bearer(s.tokens.read) })).json();
  assert.ok(fixedEvents.items.length > 0);
  const over = (await s.app.inject({ method: 'GET', url: '/api/stats/findings-over-time?days=3', headers: bearer(s.tokens.read) })).json();
  assert.equal(over.days.length, 3);
});

test('helpers: URL redaction, dialect detection, HMAC signature format', () => {
  assert.equal(redactUrl('postgres://bulwark:hunter2@db:5432/x'), 'postgres://bulwark:****@db:5432/x');
  assert.ok(isPostgresUrl('postgresql://h/db'));
  assert.ok(!isPostgresUrl('/var/lib/bulwark.db'));
  assert.match(sign('k', '{}'), /^sha256=[0-9a-f]{64}$/);
});

test('matching many inventories at once gives exactly what matching each one gives', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const { demoReport } = await import('./helpers.js');
  const { openMatcher } = await import('../../src/scan/index.js');
  const base = await demoReport();
  const m = await openMatcher({ dbDir: s.dbDir });
  t.after(() => m.close());
  // Overlapping subsets of the same Debian 11 packages, one with a package moved to another layer.
  const invs = [
    { packages: base.packages, os: base.os! },
    { packages: base.packages.slice(0, 8), os: base.os! },
    { packages: base.packages.slice(5).map((p) => ({ ...p, locations: [{ path: p.locations[0]?.path ?? 'x', layer: 'sha256:other' }] })), os: base.os! },
  ];
  const many = await m.matchMany(invs);
  for (let i = 0; i < invs.length; i++) {
    const one = (await m.match(invs[i]!)).vulnerabilities;
    const norm = (vs: typeof one) => vs.map((v) => `${v.id} ${v.package.purl} ${v.layer ?? ''} ${v.fixedVersion ?? ''} ${v.severity}`).sort();
    assert.deepEqual(norm(many[i]!), norm(one), `inventory ${i}`);
    assert.ok(one.length > 0 || i === 1);
  }
});
