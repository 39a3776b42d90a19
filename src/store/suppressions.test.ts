/**
 * A suppression applies at once with the same predicate ingest and re-evaluation use. Purls with `%` (npm
 * scopes are `%40…`) or `_` used to go through SQL LIKE, which in SQLite has no escape character by default,
 * so such a rule suppressed nothing until the next scan; deleting the rule reopens exactly what it covered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.js';
import { addSuppression, deleteSuppression } from './suppressions.js';

const now = '2026-12-06T00:00:00.000Z';

async function seed(db: Db, image: string, purls: string[]): Promise<void> {
  await db.kysely.insertInto('images').values({
    id: image, kind: 'image', reference: image, repository: null, os_family: null, os_version: null, os_eol: 0, os_eol_date: null,
    package_count: purls.length, critical: 0, high: purls.length, medium: 0, low: 0, unknown: 0, kev: 0, first_seen: now, last_scanned: now, db_built_at: null,
  }).execute();
  await db.kysely.insertInto('findings').values(purls.map((purl) => ({
    image_id: image, vuln_id: 'CVE-2024-0001', purl, pkg_name: purl, pkg_version: '1.0.0', ecosystem: 'npm', severity: 'high', severity_rank: 3,
    status: 'fixed', fixed_version: '1.0.1', kev: 0, epss: null, layer: null, source: 'test', state: 'open', first_seen: now, resolved_at: null,
  }))).execute();
}

const state = async (db: Db, image: string, purl: string): Promise<string | undefined> =>
  (await db.kysely.selectFrom('findings').select('state').where('image_id', '=', image).where('purl', '=', purl).executeTakeFirst())?.state;
const high = async (db: Db, image: string): Promise<number | undefined> =>
  (await db.kysely.selectFrom('images').select('high').where('id', '=', image).executeTakeFirst())?.high;

test('a purl-prefix suppression with %-escapes applies at once, recounts, and its deletion reopens only what it covered', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-supp-'));
  const db = await openDb(join(dir, 'b.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  const scoped = 'pkg:npm/%40acme/left_pad@1.0.0';
  const other = 'pkg:npm/leftpad@1.0.0';
  await seed(db, 'sha256:a', [scoped, other]);
  await seed(db, 'sha256:b', [scoped]);

  const r = await addSuppression(db, { vulnerability: 'CVE-2024-0001', purl: 'pkg:npm/%40acme/left_pad', justification: 'component_not_present' }, null);
  assert.equal(r.findings, 2);
  assert.equal(await state(db, 'sha256:a', scoped), 'suppressed');
  assert.equal(await state(db, 'sha256:b', scoped), 'suppressed');
  assert.equal(await state(db, 'sha256:a', other), 'open');
  assert.equal(await high(db, 'sha256:a'), 1);
  assert.equal(await high(db, 'sha256:b'), 0);

  // A second, image-scoped rule keeps image b suppressed when the first goes.
  await addSuppression(db, { vulnerability: 'CVE-2024-0001', imageId: 'sha256:b', justification: 'component_not_present' }, null);
  assert.ok(await deleteSuppression(db, r.id));
  assert.equal(await state(db, 'sha256:a', scoped), 'open');
  assert.equal(await state(db, 'sha256:b', scoped), 'suppressed');
  assert.equal(await high(db, 'sha256:a'), 2);
  assert.equal(await high(db, 'sha256:b'), 0);
});
