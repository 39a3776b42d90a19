/**
 * The UI with 10,000 images (and 50,000 findings) in a temporary SQLite database: the images list, a filtered
 * list, the next page, the dashboard and the findings list load in Chromium. The times are printed as test
 * diagnostics (docs/ui.md records a run); there is no timing assertion.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { chromiumMissing, openWatched } from '../helpers/chromium.js';
import { startServer } from '../server/helpers.js';
import { focused, settled, tabTo } from './keyboard.js';
import { buildUi } from './seed.js';

const IMAGES = 10_000;
const skip = chromiumMissing && process.env.CI !== 'true' ? chromiumMissing : false;
const SEV = ['critical', 'high', 'medium', 'low'] as const;

test(`UI page loads with ${IMAGES.toLocaleString('en')} images`, { skip, timeout: 600_000 }, async (t) => {
  const s = await startServer({ vulnDb: false });
  // node:test runs after-hooks in the order they were added; close in reverse (browser, app, then the server,
  // whose temp dir holds Chromium's profile: removing it under a live browser fails and leaves Chromium running).
  const cleanups: Array<() => Promise<unknown>> = [];
  t.after(async () => { for (const c of cleanups.reverse()) await c(); });
  cleanups.push(() => s.close());
  const uiDir = join(s.dir, 'ui');
  buildUi(uiDir);
  // Rows as ingest writes them (one per image, five findings each), inserted in bulk: the page-load check is
  // about the queries and the UI, not ingest speed (the server's own benchmark measures that).
  const now = Date.now();
  const images = Array.from({ length: IMAGES }, (_, i) => {
    const id = `sha256:${i.toString(16).padStart(64, '0')}`;
    const at = new Date(now - i * 60_000).toISOString();
    return {
      id, kind: 'image', reference: `registry.example/team-${i % 50}/svc-${i}:1.${i % 7}`, repository: `registry.example/team-${i % 50}/svc-${i}`,
      os_family: i % 3 ? 'debian' : 'alpine', os_version: i % 3 ? '11' : '3.18', os_eol: i % 10 === 0 ? 1 : 0, os_eol_date: null,
      package_count: 100 + (i % 300), critical: i % 9 === 0 ? 1 : 0, high: 1 + (i % 3), medium: 1, low: 0, unknown: 0, kev: i % 40 === 0 ? 1 : 0,
      first_seen: at, last_scanned: at, db_built_at: at,
    };
  });
  const findings = images.flatMap((img, i) => Array.from({ length: 5 }, (_, k) => {
    const sev = SEV[(i + k) % 4]!;
    return {
      image_id: img.id, vuln_id: `CVE-2026-${String(1000 + ((i * 5 + k) % 3000)).padStart(4, '0')}`, purl: `pkg:deb/debian/lib${k}@1.${i % 10}`, pkg_name: `lib${k}`,
      pkg_version: `1.${i % 10}`, ecosystem: 'debian', severity: sev, severity_rank: 4 - SEV.indexOf(sev), status: 'fixed', fixed_version: `1.${(i % 10) + 1}`,
      kev: 0, epss: null, layer: null, source: 'debian-tracker', state: 'open', first_seen: img.first_seen, resolved_at: null,
    };
  }));
  const t0 = performance.now();
  await s.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < images.length; i += 500) await trx.insertInto('images').values(images.slice(i, i + 500)).execute();
    for (let i = 0; i < findings.length; i += 400) await trx.insertInto('findings').values(findings.slice(i, i + 400)).execute();
  });
  t.diagnostic(`seeded ${IMAGES} images and ${findings.length} findings in ${Math.round(performance.now() - t0)} ms`);

  const { buildApp } = await import('../../src/server/index.js');
  const { silentLogger } = await import('../../src/core/index.js');
  const app = await buildApp({ db: s.db, queue: s.queue, openMatcher: s.jobs.openMatcher, logger: silentLogger, rateLimit: 100000, uiDir });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const { browser, page, errors, requests } = await openWatched(s.dir, `${base}/login`);
  cleanups.push(() => browser.close());
  await settled(page, /Log in/);
  await page.locator('#token').fill(s.tokens.read);
  await page.keyboard.press('Enter');
  await settled(page, /Dashboard/);

  const timings: Record<string, number> = {};
  async function timed(name: string, url: string, heading: RegExp): Promise<void> {
    const start = performance.now();
    await page.goto(base + url);
    await settled(page, heading);
    timings[name] = Math.round(performance.now() - start);
  }
  await timed('dashboard', '/', /Dashboard/);
  assert.equal(await page.locator('.tile .value').first().innerText(), IMAGES.toLocaleString('en'));
  await timed('images (first page, with total)', '/images', /^Images$/);
  assert.equal(await page.locator('tbody tr').count(), 50);
  assert.match(await page.locator('.pager .total').innerText(), /^10,000 images$/);
  await timed('images filtered (q=team-7/, critical)', '/images?q=team-7%2F&severity=critical', /^Images$/);
  const filtered = await page.locator('tbody tr a').allInnerTexts();
  assert.ok(filtered.length > 0 && filtered.every((r) => r.includes('team-7/')), filtered.join(','));
  // Next page by keyboard, timed from the key press.
  await page.goto(`${base}/images`);
  await settled(page, /^Images$/);
  const firstRow = await page.locator('tbody tr').first().innerText();
  await tabTo(page, (f) => f.text === 'Next page', 'Next page', 200);
  const start = performance.now();
  await page.keyboard.press('Enter');
  await settled(page, /^Images$/);
  timings['images next page'] = Math.round(performance.now() - start);
  assert.notEqual(await page.locator('tbody tr').first().innerText(), firstRow);
  assert.equal((await focused(page)).tag, 'h1');
  await timed('findings (first page, with total)', '/findings', /Findings/);
  assert.match(await page.locator('.pager .total').innerText(), /^50,000 findings$/);
  await timed('findings filtered (critical, fixable)', '/findings?severity=critical&fixable=true', /Findings/);
  for (const [k, v] of Object.entries(timings)) t.diagnostic(`${k}: ${v} ms`);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
});
