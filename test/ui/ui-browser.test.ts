/**
 * The web UI in real Chromium (Debian chromium through playwright-core) against the real server on a temporary
 * SQLite database seeded with real scan results (seed.ts). Everything is done with the keyboard: log in, reach
 * every page through the navigation, filter, page, open an image, suppress a finding and check the OpenVEX
 * document, download the SBOMs, view the attack paths. No console error, no request leaves 127.0.0.1.
 * With BULWARK_UI_SCREENSHOTS=<dir> each page is also saved as a PNG (docs/ui/*.png were made that way).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { chromiumMissing, openWatched } from '../helpers/chromium.js';
import { startServer } from '../server/helpers.js';
import { focused, settled, tabTo, type MiniDocument } from './keyboard.js';
import { buildUi, seed, WEB_IMAGE } from './seed.js';

const SHOTS = process.env.BULWARK_UI_SCREENSHOTS;
const skip = chromiumMissing && process.env.CI !== 'true' ? chromiumMissing : false;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Tab to a main-navigation link and follow it with Enter. */
async function navTo(page: Page, text: string, heading: RegExp): Promise<void> {
  await page.locator('a.skip').focus(); // start of the tab order, as after a page load
  await tabTo(page, (f) => f.tag === 'a' && f.text === text, `the "${text}" link`);
  await page.keyboard.press('Enter');
  await settled(page, heading);
}

test('the web UI end to end in Chromium, by keyboard, against the real server', { skip, timeout: 600_000 }, async (t) => {
  const s = await startServer();
  // node:test runs after-hooks in the order they were added; close in reverse (browser, app, then the server,
  // whose temp dir holds Chromium's profile: removing it under a live browser fails and leaves Chromium running).
  const cleanups: Array<() => Promise<unknown>> = [];
  t.after(async () => { for (const c of cleanups.reverse()) await c(); });
  cleanups.push(() => s.close());
  const uiDir = join(s.dir, 'ui');
  buildUi(uiDir);
  // A second app on the same database, now serving the UI (startServer's own app has no uiDir).
  const { buildApp } = await import('../../src/server/index.js');
  const { silentLogger } = await import('../../src/core/index.js');
  const app = await buildApp({ db: s.db, queue: s.queue, openMatcher: s.jobs.openMatcher, logger: silentLogger, rateLimit: 100000, uiDir });
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const seeded = await seed(app, s.tokens.scan, s.dir, s.dbDir);
  assert.ok(seeded.demo.vulnerabilities.length > 0 && seeded.demo.secrets.length > 0, 'the demo image has findings and a secret');

  const { browser, page, requests, errors } = await openWatched(s.dir, `${base}/images`);
  cleanups.push(() => browser.close());
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

  // Not logged in: sent to the login page, which remembers where we were going.
  await settled(page, /Log in/);
  assert.match(page.url(), /\/login\?next=%2Fimages$/);
  await shot(page, 'login');
  await tabTo(page, (f) => f.id === 'token', 'the token field');
  await page.keyboard.type('bwk_000000000000_wrongwrongwrongwrongwrongwrongwr');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => ((globalThis as unknown as { document: MiniDocument }).document.getElementById('login-error')?.textContent ?? '').length > 0);
  assert.match(await page.locator('#login-error').innerText(), /not valid/);
  assert.equal((await focused(page)).id, 'token', 'focus returns to the field after a failed login');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(s.tokens.scan);
  await page.keyboard.press('Enter');
  await settled(page, /^Images$/);
  assert.ok(!(await page.evaluate('document.cookie') as string).includes('bulwark_session'), 'the session cookie is HttpOnly');

  // Dashboard.
  await navTo(page, 'Dashboard', /Dashboard/);
  const tiles = await page.locator('.tile .value').allInnerTexts();
  assert.equal(tiles[0], '2', 'two images');
  assert.ok(await page.locator('svg.chart polyline').count() >= 4, 'one line per severity');
  assert.match(await page.locator('#new-h + p, #new-h ~ .table-wrap').first().innerText(), new RegExp(WEB_IMAGE.replace(/[./]/g, '.')));
  await shot(page, 'dashboard');

  // Images: filter by reference through the form, by keyboard.
  await navTo(page, 'Images', /^Images$/);
  assert.equal(await page.locator('tbody tr').count(), 2);
  await tabTo(page, (f) => f.id === 'f-q', 'the reference filter');
  await page.keyboard.type('shop/web');
  await page.keyboard.press('Enter');
  await settled(page, /^Images$/);
  assert.match(page.url(), /\?q=shop%2Fweb$/);
  assert.equal(await page.locator('tbody tr').count(), 1);
  assert.match(await page.locator('.pager .total').innerText(), /^1 images$/);
  await shot(page, 'images');

  // Image detail: every section, secrets redacted, downloads in every format.
  await tabTo(page, (f) => f.tag === 'a' && f.text === WEB_IMAGE, 'the image link');
  await page.keyboard.press('Enter');
  await settled(page, new RegExp(WEB_IMAGE.replace(/[./]/g, '.')));
  for (const id of ['vulns', 'packages', 'layers', 'secrets', 'misconfigs', 'licenses', 'downloads']) assert.equal(await page.locator(`section#${id}`).count(), 1, id);
  assert.match(await page.locator('#vulns').innerText(), /CVE-2023-0286[\s\S]*1\.1\.1n-0\+deb11u4/, 'fix version shown');
  assert.equal(await page.locator('#layers tbody tr').count(), seeded.demo.layers!.length);
  const secrets = await page.locator('#secrets').innerText();
  assert.match(secrets, /id_rsa/);
  assert.doesNotMatch(await page.content(), /BEGIN RSA PRIVATE KEY-----\s*[A-Za-z0-9+/]{20}/, 'no key material in the page');
  await shot(page, 'image');
  // The in-page table of contents moves within the page (no re-render, no refetch).
  await page.locator('a.skip').focus();
  await tabTo(page, (f) => f.tag === 'a' && f.href === '#secrets', 'the Secrets section link');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#secrets$/);
  assert.equal(await page.locator('section#secrets').count(), 1);
  assert.equal(await page.locator('main').getAttribute('aria-busy'), null);
  const links = await page.locator('#downloads a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, format: a.getAttribute('data-format')! })));
  assert.deepEqual(links.map((l) => l.format), ['cyclonedx', 'spdx-json', 'json', 'sarif', 'junit', 'table', 'html']);
  for (const l of links) {
    const res = await page.request.get(base + l.href);
    assert.equal(res.status(), 200, l.format);
    const body = await res.text();
    if (l.format === 'cyclonedx') { const b = JSON.parse(body); assert.equal(b.bomFormat, 'CycloneDX'); assert.ok(b.components.length >= seeded.demo.packages.length * 0.9); }
    if (l.format === 'spdx-json') { const b = JSON.parse(body); assert.match(b.spdxVersion, /^SPDX-2\./); assert.ok(b.packages.length > 10); }
    if (l.format === 'sarif') assert.equal(JSON.parse(body).version, '2.1.0');
    if (l.format === 'junit') assert.match(body, /<testsuites/);
  }
  // And one real download through the browser, by keyboard.
  await tabTo(page, (f) => f.tag === 'a' && f.text === 'CycloneDX SBOM (JSON)', 'the CycloneDX link');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const saved = join(s.dir, 'sbom.cdx.json');
  await download.saveAs(saved);
  assert.equal(JSON.parse(readFileSync(saved, 'utf8')).bomFormat, 'CycloneDX');

  // Findings: filter, then suppress one by keyboard and check the OpenVEX document.
  await navTo(page, 'Findings', /Findings/);
  await tabTo(page, (f) => f.id === 'f-severity', 'the severity filter');
  await page.keyboard.press('ArrowDown'); // any → critical
  await page.keyboard.press('ArrowDown'); // → high or above
  await tabTo(page, (f) => f.text === 'Apply filters', 'Apply filters');
  await page.keyboard.press('Enter');
  await settled(page, /Findings/);
  assert.match(page.url(), /severity=high/);
  const sevs = await page.locator('tbody .sev').allInnerTexts();
  assert.ok(sevs.length > 0 && sevs.every((x) => x === 'HIGH' || x === 'CRITICAL'), sevs.join(','));
  await shot(page, 'findings');
  const before = await (await page.request.get(`${base}/api/findings?vulnerability=CVE-2023-0286&image=${encodeURIComponent(seeded.demoId)}`)).json() as { items: unknown[] };
  await tabTo(page, (f) => f.tag === 'button' && f.label === `Suppress CVE-2023-0286 in libssl1.1 (${WEB_IMAGE})`, 'the Suppress button of CVE-2023-0286 in the web image');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog[open]');
  assert.equal((await focused(page)).id, 'sup-scope', 'the dialog takes focus');
  await shot(page, 'suppress');
  await page.keyboard.press('Tab'); // → justification
  assert.equal((await focused(page)).id, 'sup-just');
  await page.keyboard.press('ArrowDown'); // → vulnerable_code_not_present
  await page.keyboard.press('Tab');
  await page.keyboard.type('libssl is present but no binary in the image links it');
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Suppress', 'the Suppress submit button', 5);
  await page.keyboard.press('Enter');
  await settled(page, /Findings/);
  // Scope "only in this image": every package of that image with this CVE (libssl1.1 and openssl here).
  assert.match(await page.locator('.flash').innerText(), new RegExp(`Suppressed ${before.items.length} finding`));
  const vex = await (await page.request.get(`${base}/api/vex`)).json() as { '@context': string; statements: Array<{ vulnerability: { name: string }; status: string; justification: string; impact_statement?: string; products?: Array<{ '@id': string }> }> };
  assert.match(vex['@context'], /openvex/);
  const st = vex.statements.find((x) => x.vulnerability.name === 'CVE-2023-0286');
  assert.ok(st, JSON.stringify(vex));
  assert.equal(st.status, 'not_affected');
  assert.equal(st.justification, 'vulnerable_code_not_present');
  assert.equal(st.impact_statement, 'libssl is present but no binary in the image links it');
  assert.equal(st.products?.[0]?.['@id'], seeded.demoId, 'scoped to the one image');
  const open = await (await page.request.get(`${base}/api/findings?vulnerability=CVE-2023-0286&image=${encodeURIComponent(seeded.demoId)}`)).json() as { items: unknown[] };
  assert.equal(open.items.length, 0, 'no longer open in that image');
  const still = await (await page.request.get(`${base}/api/findings?vulnerability=CVE-2023-0286`)).json() as { items: Array<{ reference: string }> };
  assert.deepEqual([...new Set(still.items.map((f) => f.reference))], ['demo/base:11'], 'still open in the other image');

  // Paging: page size 50 over every open finding; Next page moves on and First page comes back.
  await page.goto(`${base}/findings`);
  await settled(page, /Findings/);
  const total = Number((await page.locator('.pager .total').innerText()).replace(/\D/g, ''));
  if (total > 50) {
    const first = await page.locator('tbody tr').first().innerText();
    await tabTo(page, (f) => f.text === 'Next page', 'Next page');
    await page.keyboard.press('Enter');
    await settled(page, /Findings/);
    assert.match(page.url(), /cursor=/);
    assert.notEqual(await page.locator('tbody tr').first().innerText(), first);
    await tabTo(page, (f) => f.text === 'First page', 'First page');
    await page.keyboard.press('Enter');
    await settled(page, /Findings/);
    assert.equal(await page.locator('tbody tr').first().innerText(), first);
  } else {
    t.diagnostic(`only ${total} open findings: paging is exercised by the 10k-image test`);
  }

  // Clusters: posture per namespace and the attack paths with the stored findings.
  await navTo(page, 'Clusters', /Clusters/);
  await tabTo(page, (f) => f.tag === 'a' && f.text === 'prod', 'the prod cluster');
  await page.keyboard.press('Enter');
  await settled(page, /Cluster prod/);
  const ns = await page.locator('#ns-h ~ .table-wrap tbody tr').allInnerTexts();
  assert.ok(ns.some((r) => r.startsWith('shop')), ns.join('\n'));
  const paths = await page.locator('ol.paths').innerText();
  assert.match(paths, /CVE-/, 'a path through a vulnerability stored on the server');
  const frame = page.frameLocator('iframe.graph');
  await frame.locator('.node').first().waitFor({ timeout: 30_000 });
  assert.ok(await frame.locator('.node').count() > 3);
  await shot(page, 'cluster');
  await page.evaluate("document.getElementById('paths-h').scrollIntoView()");
  await shot(page, 'attack-paths');
  await page.evaluate("document.querySelector('iframe.graph').scrollIntoView()");
  await shot(page, 'attack-graph');

  // Admission decisions, filtered to denials; runtime alerts.
  await navTo(page, 'Admission', /Admission decisions/);
  assert.equal(await page.locator('tbody tr').count(), 3);
  await tabTo(page, (f) => f.id === 'f-allowed', 'the decision filter');
  await page.keyboard.press('ArrowDown'); // → denied
  await tabTo(page, (f) => f.text === 'Apply filters', 'Apply filters');
  await page.keyboard.press('Enter');
  await settled(page, /Admission decisions/);
  assert.equal(await page.locator('tbody tr').count(), 2);
  await shot(page, 'decisions');
  await navTo(page, 'Runtime alerts', /Runtime alerts/);
  assert.equal(await page.locator('tbody tr').count(), 2);
  assert.match(await page.locator('tbody').innerText(), /xmrig/);
  await shot(page, 'alerts');

  // Log out: the session is gone server-side too.
  await tabTo(page, (f) => f.id === 'logout', 'Log out');
  await page.keyboard.press('Enter');
  await settled(page, /Log in/);
  assert.equal((await page.request.get(`${base}/api/images`)).status(), 401);

  assert.deepEqual(errors, [], 'no script error');
  assert.deepEqual(consoleErrors.filter((e) => !/status of 401/.test(e)), [], 'no console error');
  assert.deepEqual(requests, [], 'nothing but the server was contacted');
});
