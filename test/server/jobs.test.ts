/**
 * Scan jobs by reference against a real registry: in-process on SQLite, and on PostgreSQL with worker processes
 * that are killed with SIGKILL in the middle of a job (before and after the commit). The job is retried by
 * another worker after it expires, with no lost and no duplicated results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/index.js';
import { openMatcher } from '../../src/scan/index.js';
import { openDb, pgBossQueue } from '../../src/store/index.js';
import { buildImage, writeOciLayout } from '../fixtures/image-builder.js';
import { skopeoPush, startRegistry } from '../helpers/registry.js';
import { ROOT, bearer, demoVulnDb, startServer } from './helpers.js';
import { pgDatabase } from './pg.js';

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** The committed Debian 11 rootfs of demo/base as a real image in a real registry. */
async function pushDemo(t: { after: (f: () => Promise<void>) => void }): Promise<{ ref: string; digest: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-jobimg-'));
  const img = await buildImage({
    layers: [{ entries: [
      { path: 'etc/os-release', hostPath: join(ROOT, 'demo/base/etc/os-release') },
      { path: 'etc/debian_version', hostPath: join(ROOT, 'demo/base/etc/debian_version') },
      { path: 'var/lib/dpkg/status', hostPath: join(ROOT, 'demo/base/var/lib/dpkg/status') },
    ], compression: 'gzip', createdBy: 'ADD rootfs /' }],
    repoTags: ['shop/base:1'],
  });
  writeOciLayout(join(dir, 'layout'), [img]);
  const reg = await startRegistry();
  t.after(async () => { await reg.stop(); rmSync(dir, { recursive: true, force: true }); });
  const ref = `${reg.host}/shop/base:1`;
  await skopeoPush(join(dir, 'layout'), '1', ref);
  return { ref, digest: img.manifest.digest };
}

test('SQLite: a scan request by reference is pulled, scanned and stored in-process', async (t) => {
  const { ref, digest } = await pushDemo(t);
  const s = await startServer();
  t.after(() => s.close());
  const r = await s.app.inject({ method: 'POST', url: '/api/scans', headers: bearer(s.tokens.scan), payload: { reference: ref, insecure: true } });
  assert.equal(r.statusCode, 202, r.body);
  await s.queue.idle();
  const st = (await s.app.inject({ method: 'GET', url: `/api/scans/${r.json().id}`, headers: bearer(s.tokens.read) })).json();
  assert.equal(st.status, 'done', JSON.stringify(st));
  assert.equal(st.imageId, digest);
  const img = (await s.app.inject({ method: 'GET', url: `/api/images/${digest}`, headers: bearer(s.tokens.read) })).json();
  assert.equal(img.reference, ref);
  assert.ok(img.vulnerabilities.high + img.vulnerabilities.critical + img.vulnerabilities.medium > 0, JSON.stringify(img));
  const bad = await s.app.inject({ method: 'POST', url: '/api/scans', headers: bearer(s.tokens.scan), payload: { reference: `${ref.split('/')[0]}/nope/missing:1`, insecure: true } });
  await s.queue.idle();
  const failed = (await s.app.inject({ method: 'GET', url: `/api/scans/${bad.json().id}`, headers: bearer(s.tokens.read) })).json();
  assert.equal(failed.status, 'failed');
  assert.ok(failed.error);
});

function startWorker(env: Record<string, string>): { kill: () => void; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'test/server/worker-fixture.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { kill: () => { child.kill('SIGKILL'); }, exited };
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (const pause of ['before-ingest', 'after-ingest'] as const) {
  test(`PostgreSQL: a worker killed with SIGKILL ${pause.replace('-', ' ')} → job retried by another worker, no lost or duplicated rows`, async (t) => {
    const closers: Array<() => Promise<void>> = [];
    const url = await pgDatabase(t, closers);
    if (!url) return;
    const { ref, digest } = await pushDemo(t);
    const work = mkdtempSync(join(tmpdir(), 'bw-kill-'));
    const dbDir = demoVulnDb(work);
    const db = await openDb(url);
    const scanBase = { dbDir, allowMissingDb: true, noCache: true, logger: silentLogger };
    const queue = await pgBossQueue(db, { scan: scanBase, logger: silentLogger, openMatcher: () => openMatcher(scanBase) }, { expireInSeconds: 3, retryLimit: 5 });
    const workers: Array<ReturnType<typeof startWorker>> = [];
    closers.push(async () => {
      for (const w of workers) w.kill();
      await Promise.all(workers.map((w) => w.exited));
      await queue.close();
      await db.close();
      rmSync(work, { recursive: true, force: true });
    });
    const marker = join(work, 'paused');
    const first = startWorker({ DATABASE: url, DB_DIR: dbDir, PAUSE: pause, MARKER: marker });
    workers.push(first);
    const id = await queue.enqueueScan(ref, { insecure: true });
    await waitFor('the first worker to reach the pause', async () => (existsSync(marker) ? true : undefined));
    first.kill();
    await first.exited;
    const mid = await db.kysely.selectFrom('images').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(mid.n), pause === 'before-ingest' ? 0 : 1, 'killed before the commit: nothing written; after: everything written');
    workers.push(startWorker({ DATABASE: url, DB_DIR: dbDir, PAUSE: 'none', MARKER: marker }));
    const done = await waitFor('the retried job to finish', async () => {
      const r = await db.kysely.selectFrom('scan_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return r.status === 'done' ? r : undefined;
    });
    assert.equal(done.image_id, digest);
    assert.ok(done.attempts >= 2, `attempts ${done.attempts}`);
    const count = async (table: 'images' | 'packages' | 'findings' | 'finding_events') =>
      Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(await count('images'), 1);
    const inv = await db.kysely.selectFrom('inventories').select('packages_json').where('image_id', '=', digest).executeTakeFirstOrThrow();
    assert.equal(await count('packages'), (JSON.parse(inv.packages_json) as unknown[]).length, 'package rows not duplicated');
    const findings = await count('findings');
    assert.ok(findings > 0, 'findings not lost');
    assert.equal(await count('finding_events'), findings, 'one "new" event per finding, not one per attempt');
  });
}
