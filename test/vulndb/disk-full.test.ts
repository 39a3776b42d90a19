/**
 * Disk full during a build: the database directory is a 512 KiB tmpfs (needs root to mount; skipped
 * otherwise). The build must fail with DB_UPDATE_FAILED naming the cause, remove its temp file, and leave
 * the previous database answering queries.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBulwarkError } from '../../src/core/index.js';
import { dbStatus, importPaths, openAdvisoryStore } from '../../src/vulndb/index.js';

const kev = fileURLToPath(new URL('../../src/vulndb/importers/testdata/kev/', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'bulwark-diskfull-'));
const mnt = join(base, 'mnt');
mkdirSync(mnt);
const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]).status === 0;

test('disk full during a build leaves the old database intact', { skip: mounted ? false : 'needs root to mount a small tmpfs' }, () => {
  try {
    const dbPath = join(mnt, 'bulwark.db');
    importPaths({ dbPath, paths: [kev] });
    const before = dbStatus(dbPath);
    const big = join(base, 'big');
    mkdirSync(big);
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      lines.push(JSON.stringify({ id: `SYN-${i}`, modified: '2024-01-01T00:00:00Z', summary: `synthetic ${i} ${'y'.repeat(120)}`,
        affected: [{ package: { ecosystem: 'npm', name: `pkg-${i}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `${i}.0.0` }] }] }] }));
    }
    writeFileSync(join(big, 'osv.jsonl'), lines.join('\n'));
    assert.throws(() => importPaths({ dbPath, paths: [big] }),
      (e) => isBulwarkError(e) && e.code === 'DB_UPDATE_FAILED' && /disk full|database or disk is full/i.test(e.message));
    assert.deepEqual(readdirSync(mnt).filter((n) => n.includes('.tmp-')), []);
    const store = openAdvisoryStore(dbPath);
    assert.equal(store.enrich(['CVE-2021-44228']).get('CVE-2021-44228')?.kev?.dateAdded, '2021-12-10');
    store.close();
    assert.equal(dbStatus(dbPath).builtAt, before.builtAt);
  } finally {
    spawnSync('umount', [mnt]);
    rmSync(base, { recursive: true, force: true });
  }
});

after(() => { if (!mounted) rmSync(base, { recursive: true, force: true }); });
