// The HTML report opened from a file in a real headless Chromium (Debian `chromium` driven by playwright-core):
// findings render, header clicks sort, the text box and severity select filter, and nothing touches the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { writeHtml } from '../../src/reports/html.js';
import { fixtureReport } from '../../src/reports/testdata/fixture-report.js';

const CHROMIUM = '/usr/bin/chromium';
const EVIL = '<img src=x onerror="window.__pwned=1">';

async function visibleColumn(page: Page, table: string, col: number): Promise<string[]> {
  return page.$$eval(`#${table} tbody tr:not(.hidden)`, (rows, c) => rows.map((r) => (r as unknown as { cells: Array<{ textContent: string | null }> }).cells[c].textContent ?? ''), col);
}

test('html report works in headless Chromium: renders, sorts, filters, offline', { skip: !existsSync(CHROMIUM) && 'Debian chromium not installed (scripts/test.sh installs it)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-html-'));
  const report = fixtureReport();
  report.packages[2].name = EVIL; // zlib1g → hostile name: must render as text, never run
  const file = join(dir, 'report.html');
  writeFileSync(file, writeHtml(report));
  // A fresh profile directory per run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(pathToFileURL(file).href);

    // Rendered: every finding is a row.
    assert.equal((await visibleColumn(page, 'vulnerabilities', 1)).length, 4);
    assert.equal((await visibleColumn(page, 'secrets', 1)).length, 2);
    assert.equal((await visibleColumn(page, 'misconfigurations', 1)).length, 2);
    assert.equal((await visibleColumn(page, 'packages', 0)).length, 7);
    assert.ok((await visibleColumn(page, 'packages', 0)).includes(EVIL), 'hostile name shown as text');
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);

    // Sorting by clicking the Package header, then again for descending; severity sorts by rank.
    await page.click('#vulnerabilities thead th:nth-child(3)');
    assert.deepEqual(await visibleColumn(page, 'vulnerabilities', 2), ['libssl3', 'lodash', 'openssl', 'org.apache.logging.log4j:log4j-core']);
    await page.click('#vulnerabilities thead th:nth-child(3)');
    assert.deepEqual(await visibleColumn(page, 'vulnerabilities', 2), ['org.apache.logging.log4j:log4j-core', 'openssl', 'lodash', 'libssl3']);
    await page.click('#vulnerabilities thead th:nth-child(1)');
    assert.deepEqual(await visibleColumn(page, 'vulnerabilities', 0), ['low', 'medium', 'high', 'critical']);

    // Filtering by text (all tables) and by minimum severity.
    await page.fill('#filter', 'lodash');
    assert.deepEqual(await visibleColumn(page, 'vulnerabilities', 1), ['GHSA-35jh-r3h4-6jhm']);
    assert.deepEqual(await visibleColumn(page, 'packages', 0), ['lodash']);
    assert.equal(await page.textContent('#vulnerabilities-count'), '(1 of 4)');
    await page.fill('#filter', '');
    await page.selectOption('#severity', '3');
    assert.deepEqual((await visibleColumn(page, 'vulnerabilities', 1)).sort(), ['CVE-2021-44228', 'GHSA-35jh-r3h4-6jhm']);
    assert.equal((await visibleColumn(page, 'packages', 0)).length, 7, 'packages have no severity and stay visible');
    await page.selectOption('#severity', '0');

    const shot = process.env.BULWARK_SCREENSHOT ?? join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 1280, 'screenshot width');
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'the report must not fetch anything');
  } finally {
    await browser.close();
    if (!process.env.BULWARK_SCREENSHOT) rmSync(dir, { recursive: true, force: true });
  }
});
