import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_LAYER, runAnalyzer } from '../shared/testing.js';
import type { AnalyzerFile } from '../contract.js';
import { dpkgAnalyzer } from './index.js';
import { parseSourceField } from './parse-status.js';

const here = new URL('./testdata/', import.meta.url).pathname;
const debian12 = { family: 'debian', version: '12' };

/** dpkg-query as the oracle: `name\tversion\tsrcname\tsrcversion\tarch` per installed package. */
function dpkgQuery(admindir?: string): string[] {
  const args = [...(admindir ? [`--admindir=${admindir}`] : []), '-W', '-f',
    '${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\t${db:Status-Abbrev}\n'];
  return execFileSync('dpkg-query', args, { encoding: 'utf8' }).split('\n').filter(Boolean)
    .map((l) => l.split('\t')).filter((f) => f[5].trim() === 'ii' || f[5].trim() === 'hi')
    .map((f) => f.slice(0, 5).join('\t')).sort();
}

function ours(pkgs: Awaited<ReturnType<typeof runAnalyzer>>['packages']): string[] {
  return pkgs.map((p) => [p.name, p.version, p.source?.name, p.source?.version, p.arch].join('\t')).sort();
}

test('debian slice: identical to dpkg-query over the same admindir', async () => {
  const run = await runAnalyzer(dpkgAnalyzer, join(here, 'debian-slice'), { os: debian12 });
  assert.equal(run.packages.length, 12);
  assert.deepEqual(ours(run.packages), dpkgQuery(join(here, 'debian-slice/var/lib/dpkg')));
  assert.deepEqual(run.warnings, []);
});

test('debian slice: source packages, purls, maintainer, files and dependency edges', async () => {
  const { packages } = await runAnalyzer(dpkgAnalyzer, join(here, 'debian-slice'), { os: debian12 });
  const by = new Map(packages.map((p) => [p.name, p]));
  const ssl = by.get('libssl3')!;
  assert.equal(ssl.source?.name, 'openssl');
  assert.equal(ssl.ecosystem, 'debian');
  assert.equal(ssl.purl, `pkg:deb/debian/libssl3@${ssl.version}?arch=amd64&distro=debian-12`);
  assert.match(ssl.maintainer ?? '', /Debian OpenSSL Team/);
  assert.deepEqual(ssl.locations, [{ path: 'var/lib/dpkg/status' }]);
  const libssl = readFileSync(join(here, 'debian-slice/var/lib/dpkg/info/libssl3:amd64.list'), 'utf8')
    .split('\n').filter((l) => l && l !== '/.').map((l) => l.slice(1));
  assert.deepEqual(ssl.files, libssl);
  assert.ok(ssl.files?.includes('usr/lib/x86_64-linux-gnu/libssl.so.3'));
  assert.ok(by.get('openssl')!.files?.includes('usr/bin/openssl'), 'arch-less openssl.list attaches too');
  assert.equal(by.get('libc6')!.files, undefined, 'no list file in the slice → no files claimed');
  // bash has "Source: bash (5.2.15-2)" while its binary version is 5.2.15-2+b8 (a binNMU).
  assert.deepEqual(by.get('bash')!.source, { name: 'bash', version: '5.2.15-2' });
  assert.notEqual(by.get('bash')!.version, '5.2.15-2');
  assert.deepEqual(by.get('util-linux')!.source, parseSourceField('util-linux (2.38.1-5+deb12u3)', '', ''));
  const purlOf = (n: string) => by.get(n)!.purl;
  assert.deepEqual(by.get('openssl')!.dependsOn, [purlOf('libc6'), purlOf('libssl3')].sort());
  assert.deepEqual(by.get('libgcc-s1')!.dependsOn, [purlOf('gcc-12-base'), purlOf('libc6')].sort());
  // "debconf (>= 0.5) | debconf-2.0": the first installed alternative wins.
  assert.deepEqual(by.get('tzdata')!.dependsOn, [purlOf('debconf')]);
  // util-linux Pre-Depends on many libraries; only the installed ones (libc6, libcrypt1, zlib1g) become edges.
  assert.deepEqual(by.get('util-linux')!.dependsOn, [purlOf('libc6'), purlOf('libcrypt1'), purlOf('zlib1g')].sort());
  const z = by.get('zlib1g')!;
  assert.match(z.version, /^1:/);
  assert.equal(z.purl, `pkg:deb/debian/zlib1g@${z.version}?arch=amd64&distro=debian-12`, 'epoch stays in the deb version');
});

test('declared licenses come from usr/share/doc/<pkg>/copyright (DEP-5 License: names, else common-licenses)', async () => {
  const { packages } = await runAnalyzer(dpkgAnalyzer, join(here, 'debian-slice'), { os: debian12 });
  const lic = (n: string) => packages.find((p) => p.name === n)!.licenses;
  assert.deepEqual(lic('zlib1g'), ['Zlib']);
  assert.deepEqual(lic('tzdata'), ['public-domain']);
  assert.deepEqual(lic('libc6'), ['LGPL-2.1', 'GPL-2'], 'free-form file: common-licenses references, in file order');
  assert.deepEqual(lic('base-files'), ['GPL']);
  assert.deepEqual(lic('openssl'), [], 'no copyright file in the fixture');
  // grep as the oracle for DEP-5: the distinct License: short names in file order.
  const bash = readFileSync(join(here, 'debian-slice/usr/share/doc/bash/copyright'), 'utf8');
  const grep = [...new Set(bash.split('\n').filter((l) => l.startsWith('License:')).map((l) => l.slice(8).trim()))];
  assert.deepEqual(lic('bash'), grep);
  assert.ok(lic('bash').includes('GPL-3+'));
});

test('ubuntu OS gives the ubuntu namespace and ecosystem; no OS keeps debian without distro', async () => {
  const u = await runAnalyzer(dpkgAnalyzer, join(here, 'debian-slice'), { os: { family: 'ubuntu', version: '22.04' } });
  assert.ok(u.packages.every((p) => p.ecosystem === 'ubuntu' && p.purl.startsWith('pkg:deb/ubuntu/') && p.purl.endsWith('distro=ubuntu-22.04')));
  const ssl = u.packages.find((p) => p.name === 'openssl')!;
  assert.ok(ssl.dependsOn?.every((d) => d.startsWith('pkg:deb/ubuntu/')), 'edges follow the rewritten purls');
  const none = await runAnalyzer(dpkgAnalyzer, join(here, 'debian-slice'));
  assert.ok(none.packages.every((p) => p.purl.startsWith('pkg:deb/debian/') && !p.purl.includes('distro=')));
});

test('only installed states are reported (ii and hi), like dpkg-query', async () => {
  const run = await runAnalyzer(dpkgAnalyzer, join(here, 'dpkg-states'), { os: debian12 });
  assert.deepEqual(ours(run.packages), dpkgQuery(join(here, 'dpkg-states/var/lib/dpkg')));
  assert.deepEqual(run.packages.map((p) => p.name).sort(), ['grep', 'libc6', 'zlib1g']);
});

test('distroless status.d: one file per package, md5sums ignored, location is the status.d file', async () => {
  const run = await runAnalyzer(dpkgAnalyzer, join(here, 'distroless'), { os: { family: 'distroless', version: '12' } });
  assert.deepEqual(run.packages.map((p) => p.name).sort(), ['base-files', 'libc6', 'libssl3', 'tzdata']);
  const libc = run.packages.find((p) => p.name === 'libc6')!;
  assert.deepEqual(libc.locations.map((l) => l.path), ['var/lib/dpkg/status.d/libc6']);
  assert.equal(libc.source?.name, 'glibc');
  assert.match(libc.purl, /^pkg:deb\/debian\/libc6@.*distro=debian-12$/);
  assert.ok(!run.results.some((r) => r.path.endsWith('.md5sums')));
});

function file(path: string, content: Buffer): AnalyzerFile {
  return { path, meta: { size: content.length, mode: 0o644, type: 'file' }, layer: FIXTURE_LAYER, content };
}

test('corrupt and truncated status files give warnings naming the file, never a throw', async () => {
  const real = readFileSync(join(here, 'debian-slice/var/lib/dpkg/status'));
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const [bad] = await dpkgAnalyzer.analyzeGroup([file('var/lib/dpkg/status', garbage)]);
  assert.equal(bad.packages?.length, 0);
  assert.ok(bad.warnings?.some((w) => w.startsWith('var/lib/dpkg/status:')));
  // Cut in the middle of a stanza: every complete installed stanza before the cut is still found.
  const cut = real.subarray(0, Math.floor(real.length / 2));
  const [half] = await dpkgAnalyzer.analyzeGroup([file('var/lib/dpkg/status', cut)]);
  const complete = cut.toString('utf8').split('\n\n').slice(0, -1).length;
  assert.ok((half.packages?.length ?? 0) >= complete);
  const [empty] = await dpkgAnalyzer.analyzeGroup([file('var/lib/dpkg/status', Buffer.alloc(0))]);
  assert.deepEqual(empty.packages, []);
});

test('matches: status, status.d entries, info lists; not md5sums or nested files', () => {
  const f = { type: 'file' } as const;
  const m = (p: string) => dpkgAnalyzer.matches(p, { ...f, size: 1, mode: 0o644 });
  assert.ok(m('var/lib/dpkg/status') && m('var/lib/dpkg/status.d/libc6') && m('var/lib/dpkg/info/libc6:amd64.list'));
  assert.ok(!m('var/lib/dpkg/status.d/libc6.md5sums') && !m('var/lib/dpkg/status-old') && !m('var/lib/dpkg/info/libc6.md5sums'));
  assert.ok(!m('var/lib/dpkg/status.d/x/y') && !m('usr/var/lib/dpkg/status'));
  assert.ok(m('usr/share/doc/libc6/copyright') && !m('usr/share/doc/libc6/x/copyright') && !m('usr/share/doc/copyright'));
});

const LIVE = '/var/lib/dpkg/status';
test('live differential: this machine\'s dpkg database equals dpkg-query -W exactly', { skip: !existsSync(LIVE) && 'no dpkg database' }, async () => {
  const files = [file('var/lib/dpkg/status', readFileSync(LIVE))];
  for (const n of readdirSync('/var/lib/dpkg/info')) {
    if (n.endsWith('.list')) files.push(file(`var/lib/dpkg/info/${n}`, readFileSync(join('/var/lib/dpkg/info', n))));
  }
  const results = await dpkgAnalyzer.analyzeGroup(files);
  const packages = dpkgAnalyzer.finalizePackages(results.flatMap((r) => r.packages ?? []), debian12);
  assert.deepEqual(ours(packages), dpkgQuery());
  assert.deepEqual(results.flatMap((r) => r.warnings ?? []), []);
  // Every package with a list file owns exactly what `dpkg -L` says, e.g. libc6.
  const libc = packages.find((p) => p.name === 'libc6');
  if (libc) {
    const listed = execFileSync('dpkg', ['-L', `libc6:${libc.arch}`], { encoding: 'utf8' }).split('\n')
      .filter((l) => l && l !== '/.').map((l) => l.slice(1));
    assert.deepEqual(libc.files, listed);
  }
  assert.equal(new Set(packages.map((p) => p.purl)).size, packages.length, 'purls are unique');
});
