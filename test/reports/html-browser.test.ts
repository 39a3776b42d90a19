// The HTML report opened from a file in a real headless Chromium (Debian `chromium` driven by playwright-core):
// findings render, header clicks sort, the text box and severity select filter, and nothing touches the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { chromiumMissing, openWatched } from '../helpers/chromium.js';
import { writeHtml } from '../../src/reports/html.js';
import { fixtureReport } from '../../src/reports/testdata/fixture-report.js';

const EVIL = '<img src=x onerror="window.__pwned=1">';

async function visibleColumn(page: Page, table: string, col: number): Promise<string[]> {
  return page.$$eval(`#${table} tbody tr:not(.hidden)`, (rows, c) => rows.map((r) => (r as unknown as { cells: Array<{ textContent: string | null }> }).cells[c].textContent ?? ''), col);
}

test('html report works in headless Chromium: renders, sorts, filters, offline', { skip: chromiumMissing }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-html-'));
  const report = fixtureReport();
  report.packages[2].name = EVIL; // zlib1g → hostile name: must render as text, never run
  const file = join(dir, 'report.html');
  writeFileSync(file, writeHtml(report));
  const { browser, page, requests, errors } = await openWatched(dir, pathToFileURL(file).href);
  try {
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
