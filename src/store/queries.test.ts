/** Findings over time: the running sums give, day by day, what the definition (open between first seen and resolution) gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './db.js';
import { findingsOverTime } from './queries.js';

const SEVS = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

test('findings over time counts each finding from its first-seen day until the day before its resolution', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-over-'));
  const db = await openDb(join(dir, 'b.db'));
  t.after(async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); });
  const now = new Date('2026-12-06T15:00:00.000Z');
  const at = (daysAgo: number, hour = 10): string => new Date(Date.UTC(2026, 11, 6 - daysAgo, hour)).toISOString();
  // [first seen days ago, resolved days ago or null, state] across the window's edges (before it, inside, today).
  const spec: Array<[number, number | null, string]> = [
    [40, null, 'open'], [40, 20, 'fixed'], [40, 3, 'fixed'], [9, null, 'open'], [5, 5, 'fixed'], [5, 1, 'fixed'],
    [2, null, 'suppressed'], [0, null, 'open'], [3, 0, 'fixed'], [12, null, 'open'],
  ];
  await db.kysely.insertInto('findings').values(spec.map(([f, r, state], i) => ({
    image_id: `sha256:${i % 3}`, vuln_id: `CVE-2026-${i}`, purl: `pkg:npm/p${i}@1`, pkg_name: `p${i}`, pkg_version: '1', ecosystem: 'npm',
    severity: SEVS[i % SEVS.length]!, severity_rank: 0, status: 'fixed', fixed_version: null, kev: 0, epss: null, layer: null, source: 't',
    state, first_seen: at(f), resolved_at: r === null ? null : at(r, 18),
  }))).execute();

  const got = await findingsOverTime(db, { days: 10, now });
  const want = Array.from({ length: 10 }, (_, k) => {
    const daysAgo = 9 - k;
    const end = new Date(Date.UTC(2026, 11, 6 - daysAgo + 1)).toISOString();
    const day: Record<string, number | string> = { day: end.slice(0, 10), critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    day.day = at(daysAgo).slice(0, 10);
    spec.forEach(([f, r, state], i) => {
      if (state !== 'suppressed' && at(f) < end && (r === null || at(r, 18) >= end)) day[SEVS[i % SEVS.length]!] = (day[SEVS[i % SEVS.length]!] as number) + 1;
    });
    return day;
  });
  assert.deepEqual(got, want);
});
