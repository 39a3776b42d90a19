import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runAnalyzer } from '../shared/testing.js';
import { osReleaseAnalyzer } from './index.js';
import { parseOsRelease, parseRedhatRelease } from './parse-os-release.js';

const here = join(import.meta.dirname, 'testdata');
const best = async (dir: string) => {
  const run = await runAnalyzer(osReleaseAnalyzer, join(here, dir));
  const hits = run.results.filter((r) => r.result.os).sort((a, b) => (a.result.facts?.osPriority ?? 5) - (b.result.facts?.osPriority ?? 5));
  return { os: hits[0]?.result.os, run };
};

test('debian: usr/lib/os-release read (etc/os-release is a symlink, no content), debian_version as a second opinion', async () => {
  const { os, run } = await best('debian');
  assert.deepEqual(os, { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  assert.deepEqual(run.results.map((r) => r.path).sort(), ['etc/debian_version', 'usr/lib/os-release']);
});

test('ubuntu, alpine, ubi, amazon map to their family ids', async () => {
  assert.deepEqual((await best('ubuntu')).os, { family: 'ubuntu', version: '22.04', codename: 'jammy', prettyName: 'Ubuntu 22.04.4 LTS' });
  assert.equal((await best('alpine')).os?.family, 'alpine');
  assert.equal((await best('alpine')).os?.version, '3.19.1');
  assert.deepEqual([(await best('ubi9')).os?.family, (await best('ubi9')).os?.version], ['rhel', '9.3']);
  assert.deepEqual([(await best('amazon2023')).os?.family, (await best('amazon2023')).os?.version], ['amazon', '2023']);
});

test('distroless: status.d without os-release → debian with the distroless flag and base-files major version', async () => {
  assert.deepEqual((await best('distroless')).os, { family: 'debian', version: '12', distroless: true });
});

test('redhat-release alone identifies Rocky', async () => {
  assert.deepEqual((await best('legacy-rocky')).os, { family: 'rocky', version: '9.3', prettyName: 'Rocky Linux release 9.3 (Blue Onyx)' });
});

test('a file without ID= gives a warning naming it, not an OS', async () => {
  const { os, run } = await best('corrupt');
  assert.equal(os, undefined);
  assert.deepEqual(run.warnings, ['etc/os-release: no OS identification found']);
});

test('parsers: quoting, other distros', () => {
  assert.equal(parseOsRelease("ID='opensuse-leap'\nVERSION_ID=\"15.5\"")?.family, 'opensuse-leap');
  assert.equal(parseOsRelease('ID=ol\nVERSION_ID="8.9"')?.family, 'oracle');
  assert.equal(parseOsRelease('ID=almalinux\nVERSION_ID="9.3"')?.family, 'alma');
  assert.equal(parseOsRelease('ID=mariner\nVERSION_ID="2.0"')?.family, 'mariner');
  assert.equal(parseOsRelease('ID=azurelinux\nVERSION_ID="3.0"')?.family, 'azurelinux');
  assert.equal(parseOsRelease('ID=photon\nVERSION_ID=5.0')?.family, 'photon');
  assert.equal(parseOsRelease('ID="sles"\nVERSION_ID="15.5"')?.family, 'sles');
  assert.equal(parseOsRelease('ID=wolfi\nVERSION_ID=20230201')?.family, 'wolfi');
  assert.equal(parseOsRelease('ID=chainguard\nVERSION_ID=20230214')?.family, 'chainguard');
  assert.equal(parseOsRelease('ID=amzn\nVERSION_ID="2"')?.version, '2');
  assert.deepEqual(parseRedhatRelease('CentOS Linux release 7.9.2009 (Core)'), { family: 'centos', version: '7.9.2009', prettyName: 'CentOS Linux release 7.9.2009 (Core)' });
  assert.equal(parseRedhatRelease('garbage'), undefined);
});

test('matches: only the identification files', () => {
  const f = { size: 10, mode: 0o644, type: 'file' as const };
  assert.ok(osReleaseAnalyzer.matches('etc/os-release', f));
  assert.ok(osReleaseAnalyzer.matches('var/lib/dpkg/status.d/libc6', f));
  assert.ok(!osReleaseAnalyzer.matches('var/lib/dpkg/status.d/libc6.md5sums', f));
  assert.ok(!osReleaseAnalyzer.matches('etc/os-release.bak', f));
  assert.ok(!osReleaseAnalyzer.matches('etc/os-release', { ...f, type: 'symlink' }));
});
