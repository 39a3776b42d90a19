/** The `bulwark db` commands as a user runs them (real process, real files). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bulwark = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });

test('db import data/demo-feeds, db status --format json, schema-too-new exit code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-dbcli-'));
  const imp = bulwark('db', 'import', 'data/demo-feeds', '--db-dir', dir);
  assert.equal(imp.status, 0, imp.stderr);
  assert.match(imp.stderr, /imported \d+ feeds/);
  const json = bulwark('db', 'status', '--db-dir', dir, '--format', 'json');
  assert.equal(json.status, 0, json.stderr);
  const s = JSON.parse(json.stdout) as { schemaVersion: number; feeds: Array<{ source: string }>; ageWarning: string | null; knownBad: unknown };
  assert.equal(s.schemaVersion, 7);
  assert.equal(s.ageWarning, null);
  assert.ok(s.feeds.some((f) => f.source === 'osv:PyPI'));
  // The demo feed set carries the shipped known-bad list (EICAR only).
  assert.ok(s.feeds.some((f) => f.source === 'known-bad:bulwark'));
  assert.deepEqual(s.knownBad, { files: 1, images: 0 });
  const table = bulwark('db', 'status', '--db-dir', dir);
  assert.match(table.stdout, /^Known-bad: +1 files, 0 images$/m);
  const db = new Database(join(dir, 'bulwark.db'));
  db.pragma('user_version = 99');
  db.close();
  const tooNew = bulwark('db', 'status', '--db-dir', dir);
  assert.equal(tooNew.status, 2);
  assert.match(tooNew.stderr, /DB_SCHEMA_TOO_NEW/);
});
