/** The scan side of the vulnerability DB: provenance in the report, stale-DB warnings, real Debian 11 findings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../../src/vulndb/index.js';
import { scanRootfs } from '../../src/scan/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = join(import.meta.dirname, '..', '..');

test('a rootfs scan against the demo feeds: real DSA findings, DB provenance, stale-DB warning', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-vuln-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds')], dbPath: join(dir, 'bulwark.db') });
  const base = join(ROOT, 'demo', 'base');
  const report = await scanRootfs(base, { dbDir: dir, noCache: true, scanners: ['vuln'] });
  assert.equal(report.os?.family, 'debian');
  const ids = report.vulnerabilities.map((v) => `${v.package.name} ${v.id} ${v.fixedVersion}`);
  // DSA-5343-1: openssl fixed in 1.1.1n-0+deb11u4 for bullseye; the base has 1.1.1n-0+deb11u3.
  assert.ok(ids.includes('libssl1.1 CVE-2023-0286 1.1.1n-0+deb11u4'), ids.join('\n'));
  // xz-utils is installed exactly at its fixed version: not reported.
  assert.ok(!ids.some((i) => i.startsWith('liblzma5 ')));
  assert.ok(report.database && report.database.sources.length > 0);
  assert.ok(report.scanners.includes('vuln'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs', 'report.schema.json'), 'utf8')));
  assert.ok(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors?.slice(0, 3)));
  const stale = await scanRootfs(base, { dbDir: dir, noCache: true, scanners: ['vuln'], maxDbAgeDays: 1e-9 });
  assert.ok(stale.warnings.some((w) => /older than|days old|stale/i.test(w)), stale.warnings.join('\n'));
  assert.equal(stale.vulnerabilities.length, report.vulnerabilities.length, 'a stale DB still matches');
});
