/** A `vuln` scan without a database fails closed (DB_MISSING) unless the user opts out explicitly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBulwarkError } from '../../src/core/index.js';
import { scanFs } from '../../src/scan/index.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');
function bulwark(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('no database: vuln scans exit 2 with one DB_MISSING line saying how to get one; --allow-missing-db / BULWARK_ALLOW_MISSING_DB opt out loudly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-nodb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  const nodb = join(dir, 'nodb');
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/lodash': { version: '4.17.20' } } }));
  for (const args of [['fs', dir], ['fs', dir, '--scanners', 'vuln'], ['rootfs', dir, '--scanners', 'vuln,secret'], ['image', join(src, 'missing.tar')]]) {
    const r = bulwark([...args, '--db-dir', nodb, '--format', 'json']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /vulnerability database not found at .*nodb\/bulwark\.db: run `bulwark db update` \(or `bulwark db import` offline\), or pass --allow-missing-db .*\[DB_MISSING\]$/);
  }
  for (const [args, env] of [[['--allow-missing-db'], {}], [[], { BULWARK_ALLOW_MISSING_DB: 'true' }]] as const) {
    const r = bulwark(['fs', dir, '--db-dir', nodb, '--format', 'json', ...args], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^WARN +vulnerability database not found at .*: vulnerabilities not checked\n$/);
    const report = JSON.parse(r.stdout) as { scanners: string[]; warnings: string[]; packages: unknown[] };
    assert.deepEqual(report.scanners, ['secret'], 'vuln is not listed as run');
    assert.ok(report.warnings.some((w) => /vulnerabilities not checked/.test(w)));
    assert.equal(report.packages.length, 1);
  }
  assert.equal(bulwark(['fs', dir, '--db-dir', nodb, '--scanners', 'secret', '--format', 'json']).code, 0, 'scans without vuln need no database');
  await assert.rejects(scanFs(dir, { dbDir: nodb, noCache: true }), (e) => isBulwarkError(e) && e.code === 'DB_MISSING');
  assert.deepEqual((await scanFs(dir, { dbDir: nodb, noCache: true, allowMissingDb: true })).scanners, ['secret']);
});
