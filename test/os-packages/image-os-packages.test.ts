/**
 * OS packages through the whole image pipeline (layer walk → analyzers → inventory → JSON report):
 * real package databases from the analyzer fixtures placed in image layers next to an os-release,
 * so the purl namespace, ecosystem and distro qualifier come from the detected OS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, writeDockerArchive, type FixtureEntry } from '../fixtures/image-builder.js';
import { bulwark, tempDir } from '../image/helpers.js';

const analyzers = new URL('../../src/analyzers/', import.meta.url).pathname;
const rpmGen = join(analyzers, 'rpm/testdata/generated');
const slice = join(analyzers, 'dpkg/testdata/debian-slice');

interface JsonPackage { name: string; version: string; ecosystem: string; purl: string; source?: { name: string; version: string }; licenses: string[]; locations: Array<{ path: string; layer?: string; layerIndex?: number }>; files?: string[] }

const osRelease = (id: string, version: string, extra = ''): FixtureEntry => ({ path: 'etc/os-release', content: `ID=${id}\nVERSION_ID="${version}"\n${extra}` });
const host = (path: string, hostPath: string): FixtureEntry => ({ path, hostPath });

async function scan(t: { after(fn: () => void): void }, layers: FixtureEntry[][]): Promise<{ os?: { family: string; version: string }; packages: JsonPackage[]; warnings: string[] }> {
  const dir = tempDir(t);
  await writeDockerArchive(join(dir, 'img.tar'), [await buildImage({ layers: layers.map((entries) => ({ entries })) })]);
  const r = bulwark(['image', join(dir, 'img.tar'), '--format', 'json', '--scanners', 'vuln', '--cache-dir', join(dir, 'cache'), '--db-dir', join(dir, 'nodb'), '--allow-missing-db']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const rpmTsv = readFileSync(join(rpmGen, 'expected.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('gpg-pubkey'));

for (const [family, version, dbPath, sub, ns, eco] of [
  ['rhel', '9.3', 'var/lib/rpm/rpmdb.sqlite', 'sqlite/var/lib/rpm/rpmdb.sqlite', 'redhat', 'redhat'],
  ['centos', '7', 'var/lib/rpm/Packages', 'bdb/var/lib/rpm/Packages', 'centos', 'centos'],
  ['sles', '15.5', 'usr/lib/sysimage/rpm/Packages.db', 'ndb/usr/lib/sysimage/rpm/Packages.db', 'suse', 'suse'],
] as const) {
  test(`image: ${family} ${version} rpm database (${dbPath}) → pkg:rpm/${ns}/… distro=${family}-${version}`, async (t) => {
    const report = await scan(t, [[osRelease(family, version), host(dbPath, join(rpmGen, sub))]]);
    assert.equal(report.os?.family, family);
    const rpms = report.packages.filter((p) => p.purl.startsWith('pkg:rpm/'));
    assert.equal(rpms.length, rpmTsv.length);
    for (const p of rpms) {
      assert.equal(p.ecosystem, eco);
      assert.ok(p.purl.startsWith(`pkg:rpm/${ns}/${p.name}@${p.version}?`) && p.purl.includes(`distro=${family}-${version}`), p.purl);
      assert.equal(p.locations[0].path, dbPath);
      assert.equal(p.locations[0].layerIndex, 0);
    }
    const alpha = rpms.find((p) => p.name === 'bulwark-alpha')!;
    assert.match(alpha.purl, /[?&]epoch=2(&|$)/);
    assert.deepEqual(alpha.licenses, ['MIT AND (Apache-2.0 OR BSD-3-Clause)']);
  });
}

test('image: alpine apk database → pkg:apk/alpine/… with origin as source', async (t) => {
  const report = await scan(t, [[{ path: 'etc/alpine-release', content: '3.11.6\n' }, osRelease('alpine', '3.11.6'),
    host('lib/apk/db/installed', join(analyzers, 'apk/testdata/alpine-3.11/lib/apk/db/installed'))]]);
  const ssl = report.packages.find((p) => p.name === 'libssl1.1')!;
  assert.equal(ssl.purl, 'pkg:apk/alpine/libssl1.1@1.1.1d-r3?arch=x86_64&distro=3.11.6');
  assert.deepEqual(ssl.source, { name: 'openssl', version: '1.1.1d-r3' });
  assert.equal(report.packages.filter((p) => p.purl.startsWith('pkg:apk/')).length, 11);
});

test('image: dpkg packages per layer — a later layer adds a package and rewrites status', async (t) => {
  const status = readFileSync(join(slice, 'var/lib/dpkg/status'), 'utf8');
  const stanzas = status.split('\n\n').filter((s) => s.trim());
  const base = stanzas.filter((s) => !s.startsWith('Package: openssl\n')).join('\n\n') + '\n';
  const lists = ['libssl3:amd64.list', 'zlib1g:amd64.list'].map((n) => host(`var/lib/dpkg/info/${n}`, join(slice, 'var/lib/dpkg/info', n)));
  const report = await scan(t, [
    [osRelease('debian', '12', 'VERSION_CODENAME=bookworm\n'), { path: 'var/lib/dpkg/status', content: base }, ...lists],
    [host('var/lib/dpkg/status', join(slice, 'var/lib/dpkg/status')), host('var/lib/dpkg/info/openssl.list', join(slice, 'var/lib/dpkg/info/openssl.list'))],
  ]);
  const debs = report.packages.filter((p) => p.purl.startsWith('pkg:deb/'));
  assert.equal(debs.length, stanzas.length);
  assert.ok(debs.every((p) => p.ecosystem === 'debian' && p.purl.endsWith('distro=debian-12')));
  const openssl = debs.find((p) => p.name === 'openssl')!;
  assert.equal(openssl.locations[0].layerIndex, 1, 'introduced by the second layer');
  assert.ok(openssl.files?.includes('usr/bin/openssl'), 'its list file is in the same layer');
  assert.equal(debs.find((p) => p.name === 'libssl3')!.locations[0].layerIndex, 0, 'attributed to the layer that installed it');
  assert.equal(debs.find((p) => p.name === 'libssl3')!.source?.name, 'openssl');
});
