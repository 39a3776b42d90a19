import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_LAYER, runAnalyzer } from '../shared/testing.js';
import { apkAnalyzer } from './index.js';

const dir = new URL('./testdata/alpine-3.11/', import.meta.url).pathname;
const db = readFileSync(join(dir, 'lib/apk/db/installed'));
const alpine = { family: 'alpine', version: '3.11.6' };

function analyze(content: Buffer, path = 'lib/apk/db/installed') {
  return apkAnalyzer.analyze({ path, meta: { size: content.length, mode: 0o644, type: 'file' }, layer: FIXTURE_LAYER, content });
}

test('every record of the installed database becomes a package with origin, license, files', async () => {
  const run = await runAnalyzer(apkAnalyzer, dir, { os: alpine });
  const records = db.toString().split('\n').filter((l) => l.startsWith('P:')).map((l) => l.slice(2));
  assert.deepEqual(run.packages.map((p) => p.name).sort(), records.sort());
  assert.deepEqual(run.warnings, []);
  const by = new Map(run.packages.map((p) => [p.name, p]));
  const ssl = by.get('libssl1.1')!;
  assert.deepEqual([ssl.version, ssl.source, ssl.licenses, ssl.arch], ['1.1.1d-r3', { name: 'openssl', version: '1.1.1d-r3' }, ['OpenSSL'], 'x86_64']);
  assert.equal(ssl.purl, 'pkg:apk/alpine/libssl1.1@1.1.1d-r3?arch=x86_64&distro=3.11.6');
  assert.equal(ssl.ecosystem, 'alpine');
  assert.equal(ssl.maintainer, 'Natanael Copa <ncopa@alpinelinux.org>');
  assert.deepEqual(by.get('ca-certificates')!.licenses, ['MPL-2.0 AND MIT']);
  assert.deepEqual(by.get('libcrypto1.1')!.files, ['lib/libcrypto.so.1.1', 'usr/lib/engines-1.1/afalg.so', 'usr/lib/engines-1.1/capi.so', 'usr/lib/engines-1.1/padlock.so']);
  assert.deepEqual(by.get('curl')!.source, { name: 'curl', version: '7.66.0-r0' });
  assert.deepEqual(ssl.locations, [{ path: 'lib/apk/db/installed' }]);
});

test('D: dependencies resolve through names, so: provides and /bin/sh; conflicts are not edges', async () => {
  const { packages } = await runAnalyzer(apkAnalyzer, dir, { os: alpine });
  const purl = (n: string) => packages.find((p) => p.name === n)!.purl;
  const deps = (n: string) => packages.find((p) => p.name === n)!.dependsOn;
  assert.deepEqual(deps('libssl1.1'), [purl('libcrypto1.1'), purl('musl')].sort());
  assert.deepEqual(deps('ca-certificates'), [purl('busybox'), purl('libcrypto1.1'), purl('musl')].sort());
  assert.deepEqual(deps('curl'), [purl('ca-certificates'), purl('libcurl'), purl('musl'), purl('zlib')].sort());
  assert.deepEqual(deps('expat'), [purl('musl')]);
  assert.equal(deps('musl'), undefined);
});

test('Wolfi and Chainguard get their own namespace and ecosystem', async () => {
  for (const family of ['wolfi', 'chainguard'] as const) {
    const { packages } = await runAnalyzer(apkAnalyzer, dir, { os: { family, version: '20230201' } });
    assert.ok(packages.every((p) => p.ecosystem === family && p.purl.startsWith(`pkg:apk/${family}/`) && p.purl.endsWith('distro=20230201')));
    assert.ok(packages.find((p) => p.name === 'curl')!.dependsOn!.every((d) => d.startsWith(`pkg:apk/${family}/`)));
  }
});

test('both database paths match; nothing else does', () => {
  const meta = { size: 1, mode: 0o644, type: 'file' } as const;
  assert.ok(apkAnalyzer.matches('lib/apk/db/installed', meta) && apkAnalyzer.matches('usr/lib/apk/db/installed', meta));
  assert.ok(!apkAnalyzer.matches('lib/apk/db/installed.old', meta) && !apkAnalyzer.matches('x/lib/apk/db/installed', meta));
  const r = analyze(db, 'usr/lib/apk/db/installed') as ReturnType<typeof apkAnalyzer.analyze>;
  assert.equal(r.packages?.[0].locations[0].path, 'usr/lib/apk/db/installed');
});

test('corrupt, truncated and incomplete databases warn with the file name and keep the good records', () => {
  const garbage = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256));
  const bad = analyze(garbage);
  assert.equal(bad.packages?.length, 0);
  assert.ok(bad.warnings?.[0].startsWith('lib/apk/db/installed:'));
  const text = db.toString();
  const cut = analyze(Buffer.from(text.slice(0, text.indexOf('P:libcurl') + 4)));
  assert.ok(cut.packages!.some((p) => p.name === 'ca-certificates'));
  assert.ok(cut.warnings?.some((w) => /without P: or V:/.test(w)), 'the cut record (no V:) is reported');
  const noVersion = analyze(Buffer.from(text.replace('V:7.66.0-r0\n', '')));
  assert.equal(noVersion.packages!.length, text.split('\nP:').length - 2);
});
