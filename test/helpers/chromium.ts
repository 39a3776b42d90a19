/**
 * Debian's Chromium driven by playwright-core for the pages we serve or write: a fresh profile per run, no
 * background networking (this machine has no network), and a page that records every non-file request and
 * script error, so a test can assert the page is offline and clean.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM) && 'Debian chromium not installed (scripts/test.sh installs it)';

export interface WatchedPage { browser: BrowserContext; page: Page; requests: string[]; errors: string[] }

export async function openWatched(profileDir: string, url: string, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const browser = await chromium.launchPersistentContext(join(profileDir, 'profile'), {
    executablePath: CHROMIUM, headless: true, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('http://127.0.0.1')) requests.push(r.url()); });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  return { browser, page, requests, errors };
}
