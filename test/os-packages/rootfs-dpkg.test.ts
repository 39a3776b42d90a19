/**
 * The acceptance test: `bulwark rootfs / --format json` lists exactly the packages
 * `dpkg-query -W` reports as installed on this machine — same names, versions, source names and
 * source versions, architectures, nothing extra.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function dpkgQuery(): string[] {
  return execFileSync('dpkg-query', ['-W', '-f', '${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\t${db:Status-Abbrev}\n'], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((l) => l.split('\t'))
    .filter((f) => f[5].trim() === 'ii' || f[5].trim() === 'hi').map((f) => f.slice(0, 5).join('\t')).sort();
}

interface JsonPackage { name: string; version: string; ecosystem: string; type: string; purl: string; source?: { name: string; version: string }; arch?: string }

test('bulwark rootfs / agrees with dpkg-query -W exactly', { skip: !existsSync('/var/lib/dpkg/status') && 'not a dpkg system' }, () => {
  const empty = mkdtempSync(join(tmpdir(), 'bulwark-nodb-'));
  try {
    const before = dpkgQuery();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'rootfs', '/', '--format', 'json', '--scanners', 'vuln', '--no-cache', '--db-dir', empty, '--allow-missing-db'],
      { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const after = dpkgQuery();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(after, before, 'packages changed on this machine during the scan; rerun');
    const report = JSON.parse(r.stdout) as { os?: { family: string }; packages: JsonPackage[] };
    assert.equal(report.os?.family, 'debian');
    const deb = report.packages.filter((p) => p.purl.startsWith('pkg:deb/'));
    const ours = deb.map((p) => [p.name, p.version, p.source?.name, p.source?.version, p.arch ?? new URL(p.purl.replace('pkg:', 'pkg://x/')).searchParams.get('arch')].join('\t')).sort();
    assert.deepEqual(ours, after);
    assert.ok(deb.every((p) => p.ecosystem === 'debian' && p.type === 'os' && p.purl.includes('distro=debian-')));
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
