/**
 * A database whose header is intact but whose pages were overwritten with garbage ("database disk image is
 * malformed"): every command that reads it must fail with one DB_CORRUPT line and exit 2 (never an internal
 * error), and `db import` — the way out the message names — must rebuild over it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { isBulwarkError } from '../../src/core/index.js';
import { importPaths, openAdvisoryStore } from '../../src/vulndb/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demoFeeds = join(root, 'data/demo-feeds');
const bulwark = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
const PAGE = 8192;

/** Overwrites the given pages (1-based; page 1 holds the header) with seeded garbage. */
function garblePages(path: string, pages: number[]): void {
  let x = 0x9e3779b9;
  const page = Buffer.alloc(PAGE);
  const fd = openSync(path, 'r+');
  try {
    for (const p of pages) {
      for (let i = 0; i < PAGE; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; page[i] = x & 0xff; }
      writeSync(fd, page, 0, PAGE, (p - 1) * PAGE);
    }
  } finally { closeSync(fd); }
}

function demoDb(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-corrupt-'));
  const path = join(dir, 'bulwark.db');
  importPaths({ dbPath: path, paths: [demoFeeds] });
  return { dir, path };
}

/** A Debian 11 root with the demo's vulnerable openssl. */
function debianRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'bulwark-corrupt-root-'));
  mkdirSync(join(r, 'etc'));
  mkdirSync(join(r, 'var/lib/dpkg'), { recursive: true });
  writeFileSync(join(r, 'etc/os-release'), 'ID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\n');
  writeFileSync(join(r, 'var/lib/dpkg/status'), ['Package: openssl', 'Status: install ok installed', 'Architecture: amd64',
    'Version: 1.1.1n-0+deb11u3', 'Description: x', ''].join('\n'));
  return r;
}

const oneCorruptLine = (r: { status: number | null; stderr: string }) => {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^bulwark: the vulnerability database .*bulwark\.db is damaged \(database disk image is malformed\): run 'bulwark db update' or 'bulwark db import <dir>' to rebuild it \[DB_CORRUPT\]\n$/);
};

test('CLI: db status, db export and a vuln scan on a malformed database give DB_CORRUPT, exit 2; db import rebuilds it', () => {
  const { dir, path } = demoDb();
  const rootfs = debianRoot();
  const healthy = bulwark('rootfs', rootfs, '--db-dir', dir, '--scanners', 'vuln', '--format', 'json');
  assert.equal(healthy.status, 0, healthy.stderr);
  assert.match(healthy.stdout, /CVE-2023-0286/);
  garblePages(path, Array.from({ length: statSync(path).size / PAGE - 1 }, (_, i) => i + 2));
  oneCorruptLine(bulwark('db', 'status', '--db-dir', dir));
  oneCorruptLine(bulwark('db', 'export', '--db-dir', dir, '-o', join(dir, 'out.tar.gz')));
  oneCorruptLine(bulwark('rootfs', rootfs, '--db-dir', dir, '--scanners', 'vuln'));
  const rebuilt = bulwark('db', 'import', demoFeeds, '--db-dir', dir);
  assert.equal(rebuilt.status, 0, rebuilt.stderr);
  assert.match(rebuilt.stderr, /unreadable or damaged; building a fresh one/);
  assert.equal(bulwark('db', 'status', '--db-dir', dir).status, 0);
});

test('damage found by a lookup after a clean open is DB_CORRUPT too', () => {
  const { path } = demoDb();
  // SQLite's own page map (dbstat): garble only the advisory tables, so the store opens cleanly.
  const db = new Database(path, { readonly: true });
  const pages = db.prepare("SELECT pageno FROM dbstat WHERE name IN ('packages', 'vulns', 'enrichment')").pluck().all() as number[];
  db.close();
  assert.ok(pages.length > 0);
  garblePages(path, pages);
  const store = openAdvisoryStore(path);
  const keys = ['openssl', 'curl', 'expat', 'zlib', 'libxml2', 'gnutls28', 'nodejs', 'glibc', 'systemd', 'bash', 'perl', 'tar']
    .map((name) => ({ ecosystem: 'Debian:11', name }))
    .concat([{ ecosystem: 'PyPI', name: 'requests' }, { ecosystem: 'npm', name: 'lodash' }]);
  let damaged = 0;
  try {
    for (const k of keys) {
      try {
        store.lookup(k.ecosystem, k.name);
        store.enrich(['CVE-2022-43680', 'CVE-2023-0286']);
      } catch (e) {
        assert.ok(isBulwarkError(e) && e.code === 'DB_CORRUPT', `DB_CORRUPT, got ${String(e)}`);
        damaged++;
      }
    }
  } finally { store.close(); }
  assert.ok(damaged > 0, 'some lookup touched a garbled page');
});
