// `bulwark sbom` end to end through the real CLI process: formats, --output, exit codes, one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const SBOMS = join(ROOT, 'src/sources/sbom/testdata');

function bulwark(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('bulwark sbom: SARIF to stdout and HTML to --output, exit 0 without findings', () => {
  const dbDir = mkdtempSync(join(tmpdir(), 'bulwark-nodb-'));
  const sarif = bulwark(['sbom', join(SBOMS, 'syft-cyclonedx/bom.json'), '--format', 'sarif', '--db-dir', dbDir, '--allow-missing-db', '--exit-code', '1']);
  assert.equal(sarif.code, 0, sarif.stderr);
  const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: unknown[]; properties: { targetType: string } }> };
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].properties.targetType, 'sbom');

  const out = join(dbDir, 'report.html');
  const html = bulwark(['sbom', join(SBOMS, 'cdxgen-cyclonedx/bom.json'), '-f', 'html', '-o', out, '--db-dir', dbDir, '--allow-missing-db']);
  assert.equal(html.code, 0, html.stderr);
  const page = readFileSync(out, 'utf8');
  assert.match(page, /^<!DOCTYPE html>/);
  assert.match(page, /@babel\/runtime/);
});

test('bulwark sbom: a CycloneDX 1.7 SBOM (cdxgen\'s default) is scanned, not rejected as unsupported', () => {
  const dbDir = mkdtempSync(join(tmpdir(), 'bulwark-nodb-'));
  const r = bulwark(['sbom', join(SBOMS, 'cdxgen-cyclonedx-1.7/bom.json'), '--format', 'json', '--db-dir', dbDir, '--allow-missing-db']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { target: { type: string }; packages: Array<{ purl: string }>; warnings: string[] };
  assert.equal(report.target.type, 'sbom');
  assert.deepEqual(report.packages.map((p) => p.purl).sort(), ['pkg:npm/dual-licensed@1.0.3', 'pkg:npm/express@4.21.2']);
  assert.ok(report.warnings.some((w) => /external component/.test(w)));
});

test('bulwark sbom: a malformed SBOM exits 2 with one line naming the file and the code', () => {
  const r = bulwark(['sbom', join(SBOMS, 'malformed/components-object.json'), '--format', 'json', '--allow-missing-db']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /components-object\.json: CycloneDX "components" is not an array \[MALFORMED_DOCUMENT\]$/);
  assert.equal(r.stdout, '');
});
