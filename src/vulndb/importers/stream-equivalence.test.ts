/**
 * Split reading (json-stream.ts) must give the same feeds as reading each document whole: every committed
 * fixture and the demo feeds, read with a 64-byte split threshold (every top-level value is split into units
 * and routed in batches) against the default (each small document parsed whole).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputPath } from '../inputs.js';
import { parseDocuments } from './index.js';

const td = fileURLToPath(new URL('./testdata/', import.meta.url));
const demo = fileURLToPath(new URL('../../../data/demo-feeds/', import.meta.url));

const read = (path: string, splitAbove?: number) => parseDocuments(readInputPath(path), path, { splitAbove });

for (const dir of ['nvd', 'kev', 'debian-json', 'debian-text', 'secdb', 'osv', 'wolfi', 'npm-security-wg', 'epss']) {
  test(`split reading = whole reading: testdata/${dir}`, () => {
    const whole = read(join(td, dir));
    assert.ok(whole.feeds.length > 0);
    assert.ok(whole.feeds.reduce((n, f) => n + f.advisories.length + f.enrichment.length, 0) > 0);
    assert.deepEqual(read(join(td, dir), 64), whole);
  });
}

test('split reading = whole reading: data/demo-feeds', () => {
  assert.deepEqual(read(demo, 64), read(demo));
});

test('a large document whose identifying field comes after its array is still recognised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-late-head-'));
  const records = Array.from({ length: 2500 }, (_, i) => ({ cve: { id: `CVE-2099-${i}`, descriptions: [{ lang: 'en', value: `flaw ${i}` }] } }));
  writeFileSync(join(dir, 'nvd-late.json'), JSON.stringify({ vulnerabilities: records, format: 'NVD_CVE', timestamp: '2026-01-01T00:00:00' }));
  const whole = read(dir);
  assert.equal(whole.feeds[0]?.enrichment.length, 2500);
  assert.deepEqual(read(dir, 64), whole);
});

test('documents split into several batches (NVD records, tracker packages) give one feed each, equal to whole reading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-batches-'));
  const records = Array.from({ length: 2500 }, (_, i) => ({ cve: { id: `CVE-2099-${i}`, lastModified: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00`,
    descriptions: [{ lang: 'en', value: `flaw ${i}` }] } }));
  writeFileSync(join(dir, 'nvd-big.json'), JSON.stringify({ format: 'NVD_CVE', timestamp: '2026-01-01T00:00:00', vulnerabilities: records }));
  const tracker: Record<string, unknown> = {};
  for (let i = 0; i < 2500; i++) {
    tracker[`pkg${i}`] = { [`CVE-2099-${i}`]: { description: 'x', releases: { bookworm: { status: 'resolved', fixed_version: `1.${i}-1`, urgency: 'low' } } } };
  }
  writeFileSync(join(dir, 'tracker.json'), JSON.stringify(tracker));
  const whole = read(dir);
  assert.deepEqual(whole.feeds.map((f) => [f.feed, f.advisories.length + f.enrichment.length]).sort(), [['debian-tracker', 2500], ['nvd:nvd-big', 2500]]);
  assert.deepEqual(read(dir, 64), whole);
});
