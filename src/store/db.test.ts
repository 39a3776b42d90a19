/**
 * `Db.selectArrays`, the findings list's row path: rows as arrays in select order (mapped by position in
 * queries.ts, so a column out of place would show here), and on SQLite never a transaction's uncommitted rows.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.js';
import { listFindings } from './queries.js';

const now = '2026-12-06T00:00:00.000Z';
const SEVS = ['critical', 'high', 'medium', 'low'] as const;

async function seed(db: Db): Promise<void> {
  for (const i of [1, 2, 3]) {
    await db.kysely.insertInto('images').values({
      id: `sha256:${i}`, kind: 'image', reference: `reg.example/app${i}:1`, repository: null, os_family: null, os_version: null, os_eol: 0, os_eol_date: null,
      package_count: 1, critical: 0, high: 0, medium: 0, low: 0, unknown: 0, kev: 0, first_seen: now, last_scanned: now, db_built_at: null,
    }).execute();
  }
  await db.kysely.insertInto('vuln_details').values([{ id: 'CVE-2024-0', json: '{}', title: 'title zero' }, { id: 'CVE-2024-3', json: '{}', title: 'title three' }]).execute();
  // Image 4 has findings but no images row (the left join's null reference falls back to the image id).
  await db.kysely.insertInto('findings').values(Array.from({ length: 23 }, (_, k) => ({
    image_id: `sha256:${(Math.floor(k / 2) % 4) + 1}`, vuln_id: `CVE-2024-${k % 5}`, purl: `pkg:npm/p${k}@1.${k}`, pkg_name: `p${k}`, pkg_version: `1.${k}`, ecosystem: k % 3 ? 'npm' : 'PyPI',
    severity: SEVS[k % 4]!, severity_rank: 4 - (k % 4), status: k % 2 ? 'fixed' : 'affected', fixed_version: k % 2 ? `1.${k + 1}` : null, kev: k % 7 === 0 ? 1 : 0,
    epss: k % 3 ? k / 100 : null, layer: null, source: 'test', state: k === 22 ? 'fixed' : 'open', first_seen: now, resolved_at: k === 22 ? now : null,
  }))).execute();
}

test('findings pages read through selectArrays carry every field of the row, in the paging order', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-arrays-'));
  const db = await openDb(join(dir, 'b.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  await seed(db);
  // The expectation from Kysely's row objects, independently of the positional mapping.
  const rows = await db.kysely.selectFrom('findings').leftJoin('images', 'images.id', 'findings.image_id').leftJoin('vuln_details', 'vuln_details.id', 'findings.vuln_id')
    .selectAll('findings').select(['images.reference', 'vuln_details.title']).where('findings.state', '=', 'open').where('findings.severity_rank', '>=', 2)
    .orderBy('findings.severity_rank', 'desc').orderBy('findings.image_id', 'desc').orderBy('findings.vuln_id', 'desc').orderBy('findings.purl', 'desc').execute();
  const want = rows.map((r) => ({
    imageId: r.image_id, reference: r.reference ?? r.image_id, vulnerability: r.vuln_id, title: r.title,
    package: { name: r.pkg_name, version: r.pkg_version, ecosystem: r.ecosystem, purl: r.purl },
    severity: r.severity, status: r.status, fixedVersion: r.fixed_version, kev: !!r.kev, epss: r.epss, state: r.state, firstSeen: r.first_seen, resolvedAt: r.resolved_at,
  }));
  assert.ok(want.length > 8 && want.some((w) => w.title) && want.some((w) => w.reference === w.imageId) && want.some((w) => w.kev) && want.some((w) => w.epss !== null));
  const got: unknown[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listFindings(db, { severity: 'medium', limit: 4, ...(cursor ? { cursor } : {}) });
    got.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  assert.deepEqual(got, want);
});

test('on SQLite, selectArrays never returns the uncommitted rows of a transaction on the shared connection', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-arrays-'));
  const db = await openDb(join(dir, 'b.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  await seed(db);
  const text = 'select "id", "reference" from "images" where "id" >= ? order by "id"';
  assert.deepEqual(await db.selectArrays(text, ['sha256:2']), [['sha256:2', 'reg.example/app2:1'], ['sha256:3', 'reg.example/app3:1']]);
  let during: Promise<unknown[][]> | undefined;
  await assert.rejects(db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('images').set({ reference: 'uncommitted' }).where('id', '=', 'sha256:2').execute();
    // Not awaited here: it waits for the transaction, which then rolls back.
    during = db.selectArrays(text, ['sha256:2']);
    throw new Error('roll back');
  }), /roll back/);
  assert.deepEqual(await during, [['sha256:2', 'reg.example/app2:1'], ['sha256:3', 'reg.example/app3:1']]);
});

test('a findings page shows an image reference and an advisory title changed by this process at once (the names memo is dropped on a write)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-names-'));
  const db = await openDb(join(dir, 'b.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  await seed(db);
  const first = await listFindings(db, { vulnerability: 'CVE-2024-0', limit: 50 });
  assert.ok(first.items.length > 1 && first.items.every((i) => i.title === 'title zero'));
  const img = first.items[0]!.imageId;
  assert.equal(first.items[0]!.reference, `reg.example/app${img.slice(-1)}:1`);
  await db.kysely.updateTable('images').set({ reference: 'reg.example/renamed:2' }).where('id', '=', img).execute();
  await db.kysely.updateTable('vuln_details').set({ title: 'retitled' }).where('id', '=', 'CVE-2024-0').execute();
  const second = await listFindings(db, { vulnerability: 'CVE-2024-0', limit: 50 });
  assert.deepEqual(second.items.map((i) => [i.imageId === img ? i.reference : 'other', i.title]), first.items.map((i) => [i.imageId === img ? 'reg.example/renamed:2' : 'other', 'retitled']));
  // A state other than open: the rows' state comes from the filter, since the statement no longer reads the column.
  const fixed = await listFindings(db, { state: 'fixed', limit: 50 });
  assert.deepEqual(fixed.items.map((i) => [i.state, i.resolvedAt]), [['fixed', now]]);
});

/** One seeded SQLite file opened twice: with read sharing (the default) and with every read its own statement. */
async function seededPair(t: TestContext): Promise<{ db: Db; plain: Db }> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-coalesce-'));
  const db = await openDb(join(dir, 'b.db'));
  const plain = await openDb(join(dir, 'b.db'), { coalesceReads: false });
  t.after(async () => { await db.close(); await plain.close(); rmSync(dir, { recursive: true, force: true }); });
  await seed(db);
  return { db, plain };
}

test('on SQLite, identical reads of one event-loop turn share one execution that runs after all of them arrived; later reads run anew', async (t) => {
  const { db, plain } = await seededPair(t);
  const text = 'select count(*) as "n" from "images" where "id" >= ?';
  const first = db.selectArrays(text, ['sha256:']);
  // A write of this process that completes after the first read was asked for, but before it ran: the read that
  // arrives after the write joins the first one, and both see the write.
  await db.kysely.insertInto('images').values({
    id: 'sha256:9', kind: 'image', reference: 'reg.example/new:1', repository: null, os_family: null, os_version: null, os_eol: 0, os_eol_date: null,
    package_count: 0, critical: 0, high: 0, medium: 0, low: 0, unknown: 0, kev: 0, first_seen: now, last_scanned: now, db_built_at: null,
  }).execute();
  const joined = db.selectArrays(text, ['sha256:']);
  const other = db.selectArrays(text, ['sha256:3']);
  const [a, b, c] = await Promise.all([first, joined, other]);
  assert.equal(a, b);
  assert.deepEqual(a, [[4]]);
  assert.deepEqual(c, [[2]]);
  // The shared read has run: a read arriving now runs again and sees a write made since.
  await db.kysely.deleteFrom('images').where('id', '=', 'sha256:9').execute();
  const again = await db.selectArrays(text, ['sha256:']);
  assert.notEqual(again, a);
  assert.deepEqual(again, [[3]]);
  // Off: each read runs its own statement.
  const [p, q] = await Promise.all([plain.selectArrays(text, ['sha256:']), plain.selectArrays(text, ['sha256:'])]);
  assert.deepEqual(p, q);
  assert.notEqual(p, q);
});

test('findings pages of reads that shared one execution are one page object, equal to the pages of unshared reads', async (t) => {
  const { db, plain } = await seededPair(t);
  const f = { severity: 'medium', limit: 4 };
  const [a, b] = await Promise.all([listFindings(db, f), listFindings(db, f)]);
  assert.equal(a, b);
  const [p, q] = await Promise.all([listFindings(plain, f), listFindings(plain, f)]);
  assert.notEqual(p, q);
  assert.deepEqual(a, p);
  // With the total: the rows are shared, the total added to each.
  const [c, d] = await Promise.all([listFindings(db, { ...f, count: true }), listFindings(db, { ...f, count: true })]);
  assert.deepEqual(c, { ...p, total: 17 });
  assert.deepEqual(d, c);
  // After a write the names memo is a new generation: the next shared read builds its page anew, with the new name.
  await db.kysely.updateTable('vuln_details').set({ title: 'renamed' }).where('id', '=', 'CVE-2024-3').execute();
  const [e] = await Promise.all([listFindings(db, { vulnerability: 'CVE-2024-3', limit: 50 }), listFindings(db, { vulnerability: 'CVE-2024-3', limit: 50 })]);
  assert.ok(e.items.length > 0 && e.items.every((i) => i.title === 'renamed'));
});
