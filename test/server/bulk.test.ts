/**
 * The scale paths (issue 14 performance) must not change what is stored: the bulk ingest writes the rows one
 * upload at a time writes; a re-evaluation that skips images whose match did not change (match digest) keeps
 * suppressions and reopenings made in between; a stale digest only costs a full diff, never a wrong row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Report } from '../../src/core/index.js';
import { openMatcher } from '../../src/scan/index.js';
import { writerFor } from '../../src/reports/index.js';
import { addSuppression, deleteSuppression, inProcessQueue, ingestSbom, ingestSboms, openDb, type Db } from '../../src/store/index.js';
import { demoReport, demoVulnDb } from './helpers.js';

/** Three SBOMs from the demo inventory: all packages, every other one, and the first half (distinct ids). */
async function variants(): Promise<string[]> {
  const base = await demoReport();
  const write = (await writerFor('cyclonedx')) as (r: Report, o: object) => string;
  const subsets = [base.packages, base.packages.filter((_, i) => i % 2 === 0), base.packages.slice(0, Math.ceil(base.packages.length / 2))];
  return subsets.map((packages) => String(write({ ...base, packages, vulnerabilities: [] }, {})));
}

async function rows(db: Db): Promise<unknown> {
  const findings = await db.kysely.selectFrom('findings').select(['image_id', 'vuln_id', 'purl', 'severity', 'status', 'fixed_version', 'kev', 'layer', 'state'])
    .orderBy('image_id').orderBy('vuln_id').orderBy('purl').execute();
  const packages = await db.kysely.selectFrom('packages').select(['image_id', 'purl']).orderBy('image_id').orderBy('purl').execute();
  const images = await db.kysely.selectFrom('images').select(['id', 'reference', 'critical', 'high', 'medium', 'low', 'unknown', 'kev', 'package_count', 'match_hash']).orderBy('id').execute();
  return { findings, packages, images };
}

test('bulk ingest (ingestSboms, shared match memo) stores exactly what one ingestSbom per document stores', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bulk-'));
  const dbDir = demoVulnDb(dir);
  const matcher = await openMatcher({ dbDir, logger: silentLogger });
  const one = await openDb(join(dir, 'one.db'));
  const bulk = await openDb(join(dir, 'bulk.db'));
  t.after(async () => { matcher.close(); await one.close(); await bulk.close(); rmSync(dir, { recursive: true, force: true }); });
  const docs = await variants();
  for (const [i, d] of docs.entries()) await ingestSbom(one, d, { matcher, reference: `demo/app-${i}:1` });
  const memo = new Map();
  // Two batches sharing the memo, the second holding the same document twice (the later upload wins).
  await ingestSboms(bulk, [{ bytes: docs[0]!, reference: 'demo/app-0:1' }], { matcher, memo });
  const r = await ingestSboms(bulk, [{ bytes: docs[1]!, reference: 'x' }, { bytes: docs[1]!, reference: 'demo/app-1:1' }, { bytes: docs[2]!, reference: 'demo/app-2:1' }], { matcher, memo });
  assert.equal(r.length, 3);
  assert.equal(r[1]!.created, false, 'the repeated document updated the image the batch had just created');
  const a = await rows(one);
  const b = await rows(bulk);
  assert.ok((a as { findings: unknown[] }).findings.length > 0, 'the demo inventory has findings');
  assert.deepEqual(b, a);
});

test('re-evaluation skips unchanged images without undoing suppressions, and re-diffs an image whose digest is stale', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-skip-'));
  const dbDir = demoVulnDb(dir);
  const scanBase = { dbDir, allowMissingDb: true, logger: silentLogger };
  const db = await openDb(join(dir, 's.db'));
  const queue = inProcessQueue(db, { scan: scanBase, logger: silentLogger, openMatcher: () => openMatcher(scanBase) });
  t.after(async () => { await queue.close(); await db.close(); rmSync(dir, { recursive: true, force: true }); });
  const matcher = await openMatcher(scanBase);
  const [doc] = await variants();
  const up = await ingestSbom(db, doc!, { matcher, reference: 'demo/app:1' });
  matcher.close();
  const before = await rows(db);
  const run = async (): Promise<number> => {
    const id = await queue.enqueueReevaluation('test');
    await queue.idle();
    const r = await db.kysely.selectFrom('reevaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(r.finished_at);
    return r.new_findings + r.fixed_findings;
  };
  assert.equal(await run(), 0);
  assert.deepEqual(await rows(db), before, 'same DB, same rows');

  const open = await db.kysely.selectFrom('findings').select(['vuln_id', 'purl']).where('image_id', '=', up.imageId).where('state', '=', 'open').executeTakeFirstOrThrow();
  const s = await addSuppression(db, { vulnerability: open.vuln_id, purl: open.purl, justification: 'component_not_present' }, null);
  assert.equal(await run(), 0);
  const state = async (): Promise<string> => (await db.kysely.selectFrom('findings').select('state').where('image_id', '=', up.imageId)
    .where('vuln_id', '=', open.vuln_id).where('purl', '=', open.purl).executeTakeFirstOrThrow()).state;
  assert.equal(await state(), 'suppressed', 'a skipped image keeps the suppression');
  await deleteSuppression(db, s.id);
  assert.equal(await run(), 0);
  assert.equal(await state(), 'open');

  // A lost digest (or an image stored before migration 002): the full diff runs and finds nothing to change.
  await db.kysely.updateTable('images').set({ match_hash: null }).execute();
  assert.equal(await run(), 0);
  assert.deepEqual(await rows(db), before);
});

test('package-in-portfolio: the ecosystem order decides the range (per distinct version), SQL sorts and cuts the page', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-pkgq-'));
  const db = await openDb(join(dir, 'p.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  const versions = ['1.2.3-1', '1.10.0-1', '1:0.9-1', '1.9.9-1'];
  const now = new Date().toISOString();
  for (let i = 0; i < 8; i++) {
    const id = `sha256:${String(i).padStart(64, '0')}`;
    await db.kysely.insertInto('images').values({
      id, kind: 'sbom', reference: `r/img-${7 - i}`, repository: null, os_family: null, os_version: null, os_eol: 0, os_eol_date: null, package_count: 1,
      critical: 0, high: 0, medium: 0, low: 0, unknown: 0, kev: 0, first_seen: now, last_scanned: now, db_built_at: null, match_hash: null,
    }).execute();
    const v = versions[i % versions.length]!;
    await db.kysely.insertInto('packages').values([
      { image_id: id, name: 'libz', version: v, ecosystem: 'Debian', type: 'os', purl: `pkg:deb/debian/libz@${v}` },
      { image_id: id, name: 'libz', version: '1.5.0', ecosystem: 'npm', type: 'library', purl: 'pkg:npm/libz@1.5.0' },
    ]).execute();
  }
  const { imagesWithPackage } = await import('../../src/store/portfolio.js');
  // dpkg order: 1.2.3-1 < 1.9.9-1 < 1.10.0-1 < 1:0.9-1 (the epoch wins); a string order would disagree.
  const r = await imagesWithPackage(db, { name: 'libz', ecosystem: 'Debian', from: '1.9.0', to: '1.10.0-1', limit: 100 });
  assert.deepEqual(r.items.map((x) => x.version).sort(), ['1.10.0-1', '1.10.0-1', '1.9.9-1', '1.9.9-1']);
  assert.deepEqual(r.items.map((x) => x.reference), [...r.items.map((x) => x.reference)].sort());
  assert.equal(r.truncated, false);
  const all = await imagesWithPackage(db, { name: 'libz', limit: 5 });
  assert.equal(all.items.length, 5);
  assert.equal(all.truncated, true);
  assert.equal((await imagesWithPackage(db, { name: 'libz', from: '2.0.0', ecosystem: 'npm', limit: 5 })).items.length, 0);
});

test('read caches: a list page reflects a write made right before it; a token revoked through the API is refused at once', async (t) => {
  const { startServer, bearer } = await import('./helpers.js');
  const s = await startServer();
  t.after(() => s.close());
  const [doc] = await variants();
  const list = async (): Promise<number> => (await s.app.inject({ method: 'GET', url: '/api/findings?limit=500', headers: bearer(s.tokens.read) })).json().items.length;
  const images = async (): Promise<number> => (await s.app.inject({ method: 'GET', url: '/api/images', headers: bearer(s.tokens.read) })).json().items.length;
  assert.equal(await list(), 0);
  assert.equal(await images(), 0);
  const up = await s.app.inject({ method: 'POST', url: '/api/sboms?reference=demo/app:1', headers: { ...bearer(s.tokens.scan), 'content-type': 'application/json' }, payload: doc! });
  assert.equal(up.statusCode, 201, up.body);
  assert.ok(await list() > 0, 'the cached empty page was not served after the upload');
  assert.equal(await images(), 1);
  const created = (await s.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(s.tokens.admin), payload: { scope: 'read', name: 'short-lived' } })).json() as { id: string; token: string };
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: bearer(created.token) })).statusCode, 200);
  assert.equal((await s.app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: bearer(s.tokens.admin) })).statusCode, 204);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/images', headers: bearer(created.token) })).statusCode, 401);
});
