// The attack-graph HTML view in a real headless Chromium (Debian `chromium` via playwright-core): it draws the
// listed paths, a click on a node shows its findings, a click on a path highlights it, the wheel zooms, hostile
// strings stay text, and the page loads nothing from the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from '../../src/core/index.js';
import { buildGraph, findPaths, graphHtml } from '../../src/graph/index.js';
import { parseManifests } from '../../src/k8s/index.js';
import { chromiumMissing, openWatched } from '../helpers/chromium.js';

const CLUSTER = fileURLToPath(new URL('../../src/graph/testdata/vulnerable-cluster/cluster.yaml', import.meta.url));
const EVIL = '<img src=x onerror="window.__pwned=1">';

test('graph HTML works in headless Chromium: draws, clicks, zooms, offline, escaped', { skip: chromiumMissing }, async () => {
  const objects = parseManifests(readFileSync(CLUSTER, 'utf8'), CLUSTER).objects;
  const scan = {
    schemaVersion: 1, tool: { name: 'bulwark', version: 't' }, createdAt: '2026-01-01T00:00:00Z', target: { type: 'image', name: 'registry.example/shop/web:1.2' },
    packages: [], misconfigurations: [], licenses: [], warnings: [], scanners: ['vuln'],
    secrets: [{ ruleId: EVIL, title: 'hostile', severity: 'high', path: 'x', deleted: false, match: '***', fingerprint: 'f' }],
    vulnerabilities: [{ id: 'CVE-2099-0001', aliases: [], package: { name: 'openssl', version: '1', ecosystem: 'debian', purl: 'pkg:deb/debian/openssl@1' }, status: 'fixed', fixedVersion: '2', severity: 'critical', source: 'osv', kev: { dateAdded: '2026-01-01' } }],
  } as unknown as Report;
  const g = buildGraph(objects, [scan]);
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-graph-html-'));
  const file = join(dir, 'graph.html');
  writeFileSync(file, graphHtml(g, findPaths(g)));
  const { browser, page, requests, errors } = await openWatched(dir, pathToFileURL(file).href, { width: 1400, height: 900 });
  try {
    assert.ok(await page.locator('.node').count() > 5);
    assert.match(await page.locator('aside').innerText(), /Fix first:/);
    await page.locator('.node[data-id="container:shop/web/app"]').click();
    const info = await page.locator('#info').innerText();
    assert.match(info, /CVE-2099-0001/);
    assert.ok(info.includes(EVIL), 'the hostile rule id is shown as text');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    await page.locator('.path').first().click();
    assert.ok(await page.locator('.edge.hot').count() >= 3, 'the path is highlighted');
    const before = await page.locator('#stage').getAttribute('transform');
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, -300);
    const after = await page.locator('#stage').getAttribute('transform');
    assert.notEqual(after, before);
    assert.match(after ?? '', /scale\(1\.1/);
    await page.screenshot({ path: join(dir, 'shot.png') });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
