/**
 * Graceful shutdown: a client that disconnects while its handler awaits the database must not have the database
 * closed under that handler. Before closeServer drained in-flight handlers, the server closed the listener
 * (which returned at once: the socket was gone), then the database, and the handler's next query failed with
 * "driver has already been destroyed" (a 500 logged as a warning).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { silentLogger, type Logger } from '../../src/core/index.js';
import { openMatcher } from '../../src/scan/index.js';
import { buildApp, closeServer } from '../../src/server/index.js';
import { createToken, inProcessQueue, openDb } from '../../src/store/index.js';

/** Holds every query result until released, once armed: a slow database, on demand. */
class Gate implements KyselyPlugin {
  armed = false;
  hits = 0;
  private release!: () => void;
  private opened = new Promise<void>((r) => { this.release = r; });
  open(): void { this.release(); }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode { return args.node; }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.armed) { this.hits++; await this.opened; }
    return args.result;
  }
}

/** An app on a fresh SQLite file whose queries pass through `gate`; warnings logged by the app are collected. */
async function gatedServer(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-shutdown-'));
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const db = await openDb(join(dir, 'server.db'));
  const token = (await createToken(db, 'read', 'test')).token;
  const gate = new Gate();
  const scanBase = { dbDir: join(dir, 'none'), allowMissingDb: true, noCache: true, logger: silentLogger };
  const jobs = { scan: scanBase, logger: silentLogger, openMatcher: () => openMatcher(scanBase) };
  const queue = inProcessQueue(db, jobs);
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (m) => { warnings.push(m); } };
  const app = await buildApp({ db: { ...db, kysely: db.kysely.withPlugin(gate) }, queue, openMatcher: jobs.openMatcher, logger, rateLimit: 100000 });
  return { app, db, queue, token, gate, warnings };
}

test('shutdown waits for handlers whose client left before closing the database', async (t) => {
  const { app, db, queue, token, gate, warnings } = await gatedServer(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  gate.armed = true;
  let status: number | undefined;
  const req = request({ host: '127.0.0.1', port, path: '/api/images', headers: { authorization: `Bearer ${token}` } }, (res) => { status = res.statusCode; res.resume(); });
  req.on('error', () => undefined);
  req.end();
  // The handler is now waiting on its first query (the token lookup); the client gives up.
  for (let i = 0; i < 400 && gate.hits === 0; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(gate.hits, 1, 'the request reached the database');
  assert.equal(app.inFlight.count, 1);
  req.destroy();
  await new Promise((r) => setTimeout(r, 100));

  let closed = false;
  const closing = closeServer({ app, queue, db, drainMs: 20_000 }).then((drained) => { closed = true; return drained; });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(closed, false, 'the database is not closed while a handler still needs it');
  gate.open();
  assert.equal(await closing, true, 'drained in time');
  assert.equal(app.inFlight.count, 0);
  assert.deepEqual(warnings, [], 'the handler finished without a database error');
  assert.equal(status, undefined, 'the client had left');
});

test('a shutdown with nothing in flight does not wait; a handler that outlives the bound is reported', async (t) => {
  const { app, db, queue, token, gate } = await gatedServer(t);
  assert.equal((await app.inject({ method: 'GET', url: '/api/images', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  assert.equal(app.inFlight.count, 0, 'finished requests are not counted');
  gate.armed = true;
  const pending = app.inject({ method: 'GET', url: '/api/health' }).then(() => app.inject({ method: 'GET', url: '/api/images?limit=1', headers: { authorization: `Bearer ${token}` } }));
  for (let i = 0; i < 400 && gate.hits === 0; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(await app.inFlight.drain(50), false, 'still running after the bound');
  gate.open();
  assert.equal((await pending).statusCode, 200);
  assert.equal(await app.inFlight.drain(50), true);
  await closeServer({ app, queue, db });
});
