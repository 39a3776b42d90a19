import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../../core/index.js';
import { FIXTURE_LAYER, runAnalyzer } from '../shared/testing.js';
import { rpmAnalyzer } from './index.js';

const data = new URL('./testdata/', import.meta.url).pathname;
const gen = join(data, 'generated');
const rhel = { family: 'rhel', version: '9.3' };

/** rpm -qa output → the tuple our packages must reproduce (gpg-pubkey is not a package). */
function expected(tsv: string): string[] {
  return tsv.split('\n').filter(Boolean).map((l) => l.split('\t')).filter((f) => f[0] !== 'gpg-pubkey')
    .map((f) => f.map((v) => (v === '(none)' ? '' : v)).join('\t')).sort();
}

function ours(pkgs: Package[]): string[] {
  return pkgs.map((p) => {
    const [version, release] = [p.version.slice(0, p.version.lastIndexOf('-')), p.version.slice(p.version.lastIndexOf('-') + 1)];
    const srpm = p.source ? `${p.source.name}-${p.source.version}.src.rpm` : '';
    return [p.name, p.epoch ?? '', version, release, p.arch ?? '', srpm, p.licenses.join(), p.vendor ?? '', p.modularityLabel ?? ''].join('\t');
  }).sort();
}

async function check(dir: string, tsv: string): Promise<Package[]> {
  const run = await runAnalyzer(rpmAnalyzer, dir, { os: rhel });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(ours(run.packages), expected(tsv));
  return run.packages;
}

const formats = [['sqlite', 'var/lib/rpm/rpmdb.sqlite'], ['bdb', 'var/lib/rpm/Packages'], ['ndb', 'usr/lib/sysimage/rpm/Packages.db']] as const;

for (const [name, path] of formats) {
  test(`${name}: every installed package with rpm's own name/epoch/version/release/arch/sourcerpm/license/vendor/module`, async () => {
    const pkgs = await check(join(gen, name), readFileSync(join(gen, 'expected.tsv'), 'utf8'));
    assert.equal(pkgs.length, 5);
    assert.ok(pkgs.every((p) => p.locations[0].path === path && p.foundBy[0] === 'rpm'));
    const by = new Map(pkgs.map((p) => [p.name, p]));
    const alpha = by.get('bulwark-alpha')!;
    assert.equal(alpha.purl, 'pkg:rpm/redhat/bulwark-alpha@1.2.3-4.el9?arch=noarch&distro=rhel-9.3&epoch=2');
    assert.equal(alpha.ecosystem, 'redhat');
    assert.deepEqual(alpha.source, { name: 'bulwark-alpha', version: '1.2.3-4.el9' });
    assert.deepEqual(alpha.dependsOn, [by.get('bulwark-beta')!.purl], 'Requires: bulwark-beta');
    assert.deepEqual(by.get('bulwark-big')!.dependsOn, [by.get('bulwark-beta')!.purl], 'Requires a Provides: of beta');
    const big = by.get('bulwark-big')!.files!;
    assert.equal(big.length, 122);
    assert.ok(big.includes('usr/share/bulwark-big/a-rather-long-file-name-to-grow-the-header-past-many-pages-120.txt'));
    assert.equal(by.get('bulwark-x86')!.epoch, 0);
    assert.equal(by.get('bulwark-beta')!.epoch, undefined);
  });
}

test('the OS picks namespace, ecosystem and distro; without one the vendor decides', async () => {
  const suse = await runAnalyzer(rpmAnalyzer, join(gen, 'ndb'), { os: { family: 'sles', version: '15.5' } });
  assert.ok(suse.packages.every((p) => p.ecosystem === 'suse' && p.purl.startsWith('pkg:rpm/suse/') && p.purl.includes('distro=sles-15.5')));
  const none = await runAnalyzer(rpmAnalyzer, join(gen, 'sqlite'));
  const beta = none.packages.find((p) => p.name === 'bulwark-beta')!;
  assert.equal(beta.purl, 'pkg:rpm/redhat/bulwark-beta@0.9-1.el9?arch=noarch', 'vendor "Red Hat, Inc."');
});

function analyzeBytes(path: string, content: Buffer) {
  return rpmAnalyzer.analyzeGroup([{ path, meta: { size: content.length, mode: 0o644, type: 'file' }, layer: FIXTURE_LAYER, content }]);
}

test('corrupt, truncated and foreign files: a warning naming the file, never a throw', async () => {
  for (const [name, path] of formats) {
    const real = readFileSync(join(gen, name, path));
    for (const bad of [Buffer.alloc(0), Buffer.from('not a database at all'), real.subarray(0, 700), Buffer.from(real.map((b, i) => (i > 64 ? b ^ 0x5a : b)))]) {
      const [r] = await analyzeBytes(path, bad);
      assert.ok(r.warnings?.length && r.warnings.every((w) => w.startsWith(`${path}:`)), `${name}: ${r.warnings}`);
    }
    // Cut in half: whatever survives is reported, damage is a warning.
    const [half] = await analyzeBytes(path, real.subarray(0, Math.floor(real.length / 2)));
    assert.ok(half.warnings?.length || (half.packages?.length ?? 0) > 0, name);
  }
});

test('ndb: one damaged blob costs only that package', async () => {
  const path = 'usr/lib/sysimage/rpm/Packages.db';
  const real = readFileSync(join(gen, 'ndb', path));
  const at = real.indexOf('bulwark-x86-3.1');
  assert.ok(at > 0);
  const broken = Buffer.from(real);
  broken[at] ^= 0xff;
  const [r] = await analyzeBytes(path, broken);
  assert.equal(r.packages?.length, 4);
  assert.match(r.warnings?.[0] ?? '', /checksum mismatch/);
});

test('bdb: a broken overflow chain costs only that package', async () => {
  const path = 'var/lib/rpm/Packages';
  const real = readFileSync(join(gen, 'bdb', path));
  const at = real.indexOf('a-rather-long-file-name-to-grow-the-header-past-many-pages-60');
  const broken = Buffer.from(real);
  const page = Math.floor(at / 4096) * 4096;
  broken[page + 25] = 0; // that overflow page is no longer an overflow page
  const [r] = await analyzeBytes(path, broken);
  assert.deepEqual(r.packages?.map((p) => p.name).sort(), ['bulwark-alpha', 'bulwark-beta', 'bulwark-x86', 'nodejs-bulwark']);
  assert.match(r.warnings?.[0] ?? '', /overflow/);
});

test('matches only the database files in rpm\'s three directories', () => {
  const meta = { size: 1, mode: 0o644, type: 'file' } as const;
  for (const p of ['var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/Packages.db', 'usr/share/rpm/Packages']) assert.ok(rpmAnalyzer.matches(p, meta), p);
  for (const p of ['var/lib/rpm/Name', 'var/lib/rpm/rpmdb.sqlite-shm', 'opt/var/lib/rpm/Packages', 'var/lib/rpm/x/Packages']) assert.ok(!rpmAnalyzer.matches(p, meta), p);
});

test('sqlite: transactions still in rpmdb.sqlite-wal are seen, as rpm sees them', { skip: spawnSync('python3', ['-V']).status !== 0 && 'python3 missing' }, async () => {
  // A live connection deletes a package with checkpointing off; the files are copied before it closes.
  const root = mkdtempSync(join(tmpdir(), 'bulwark-rpmwal-'));
  try {
    const live = join(root, 'live');
    const snap = join(root, 'snap/var/lib/rpm');
    execFileSync('python3', ['-c', `
import os, shutil, sqlite3, sys
live, snap, src = sys.argv[1:4]
os.makedirs(live); os.makedirs(snap)
shutil.copy(src, live + '/rpmdb.sqlite')
c = sqlite3.connect(live + '/rpmdb.sqlite'); c.execute('PRAGMA wal_autocheckpoint=0')
c.execute("DELETE FROM Packages WHERE hnum = (SELECT min(hnum) FROM Packages)"); c.commit()
for n in ('rpmdb.sqlite', 'rpmdb.sqlite-wal'): shutil.copy(live + '/' + n, snap + '/' + n)
`, live, snap, join(gen, 'sqlite/var/lib/rpm/rpmdb.sqlite')]);
    const run = await runAnalyzer(rpmAnalyzer, join(root, 'snap'));
    assert.deepEqual(run.warnings, []);
    const full = await runAnalyzer(rpmAnalyzer, join(gen, 'sqlite'));
    assert.equal(run.packages.length, full.packages.length - 1, 'the deleted package is gone');
    if (spawnSync('sh', ['-c', 'command -v rpm']).status === 0) {
      const q = execFileSync('rpm', ['--dbpath', snap, '-qa', '--qf', '%{NAME}\n'], { encoding: 'utf8' });
      assert.deepEqual(run.packages.map((p) => p.name).sort(), q.split('\n').filter((n) => n && n !== 'gpg-pubkey').sort(), 'rpm agrees');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const tools = ['rpmbuild', 'db5.3_load', 'python3'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
test('rebuilt from scratch: rpmbuild + rpm (sqlite) + db_load (BDB: 4 KiB, 64 KiB pages, big-endian); rpm bdb_ro agrees', { skip: !tools && 'rpmbuild/db5.3-util missing' }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'bulwark-rpmdb-'));
  try {
    execFileSync('sh', [join(data, 'build-rpmdb.sh'), out], { stdio: 'pipe' });
    const tsv = readFileSync(join(out, 'expected.tsv'), 'utf8');
    assert.ok(tsv.includes('gpg-pubkey') || spawnSync('sh', ['-c', 'command -v gpg']).status !== 0);
    for (const sub of ['sqlite', 'bdb', 'bdb64k', 'bdb-be']) {
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-rpmroot-'));
      execFileSync('sh', ['-c', `mkdir -p "${dir}/var/lib/rpm" && cp "${out}/${sub}"/* "${dir}/var/lib/rpm/"`]);
      await check(dir, tsv);
      rmSync(dir, { recursive: true });
    }
    for (const sub of ['bdb', 'bdb64k', 'bdb-be']) {
      const q = spawnSync('rpm', ['--dbpath', join(out, sub), '--define', '_db_backend bdb_ro', '-qa', '--qf',
        '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{VENDOR}\t%{MODULARITYLABEL}\n'], { encoding: 'utf8' });
      assert.deepEqual(expected(q.stdout), expected(tsv), `rpm's own bdb_ro reader lists the same packages from ${sub}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
