import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isBulwarkError, type Package } from '../../core/index.js';
import { parseSbom } from './index.js';
import { purlInfo } from './purl-info.js';
import { toPackage } from './to-package.js';

const fixture = (p: string) => readFileSync(new URL(`./testdata/${p}`, import.meta.url));
const byName = (pkgs: Package[]) => new Map(pkgs.map((p) => [p.name, p]));

test('Trivy CycloneDX 1.5: OS from the operating-system component, source packages, locations', () => {
  const doc = parseSbom(fixture('trivy-cyclonedx/bom.json'), 'bom.json');
  assert.equal(doc.format, 'cyclonedx');
  assert.deepEqual(doc.tools, ['trivy dev']);
  assert.deepEqual(doc.os, { family: 'debian', version: '10.2' });
  assert.equal(doc.packages.length, 3);
  const p = byName(doc.packages);
  assert.deepEqual(p.get('libidn2-0')?.source, { name: 'libidn2', version: '2.0.5-1' });
  assert.equal(p.get('libidn2-0')?.ecosystem, 'debian');
  assert.equal(p.get('libidn2-0')?.type, 'os');
  const gem = p.get('activesupport');
  assert.equal(gem?.ecosystem, 'RubyGems');
  assert.deepEqual(gem?.licenses, ['MIT']);
  assert.deepEqual(gem?.locations, [{ path: 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec', layer: 'sha256:a8877cad19f14a7044524a145ce33170085441a7922458017db1631dcd5f7602' }]);
  assert.equal(doc.subject?.kind, 'container');
});

test('Trivy SPDX 2.2: CentOS rpm with epoch qualifier, source rpm, OS package skipped', () => {
  const doc = parseSbom(fixture('trivy-spdx/sbom.json'), 'sbom.json');
  assert.deepEqual(doc.os, { family: 'centos', version: '7.6.1810' });
  assert.deepEqual(doc.packages.map((p) => p.name).sort(), ['bash', 'openssl-libs']);
  const ssl = byName(doc.packages).get('openssl-libs');
  // The purl is the precise identity; Trivy's versionInfo here drops the release.
  assert.equal(ssl?.version, '1.0.2k-16.el7');
  assert.equal(ssl?.epoch, 1);
  assert.equal(ssl?.ecosystem, 'centos');
  assert.equal(ssl?.arch, 'x86_64');
  assert.deepEqual(ssl?.source, { name: 'openssl-libs', version: '1:1.0.2k-16.el7' });
  assert.deepEqual(byName(doc.packages).get('bash')?.licenses, ['GPLv3+']);
});

test('Syft CycloneDX 1.6: syft:location paths and layers, upstream source, epoch kept in the deb version', () => {
  const doc = parseSbom(fixture('syft-cyclonedx/bom.json'), 'bom.json');
  assert.deepEqual(doc.os, { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  const p = byName(doc.packages);
  const ssl = p.get('libssl3');
  assert.deepEqual(ssl?.source, { name: 'openssl', version: '3.0.15-1~deb12u1' });
  assert.deepEqual(ssl?.locations.map((l) => l.path), ['var/lib/dpkg/status', 'usr/share/doc/libssl3/copyright']);
  assert.equal(ssl?.locations[0].layer, 'sha256:1f1d2a2ab9d8e7a2e9b7c0c6d6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8');
  assert.equal(ssl?.maintainer, 'Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>');
  const zlib = p.get('zlib1g');
  assert.equal(zlib?.version, '1:1.2.13.dfsg-1');
  assert.deepEqual(zlib?.source, { name: 'zlib', version: '1:1.2.13.dfsg-1' });
  assert.deepEqual(ssl?.dependsOn, [zlib?.purl]);
  assert.equal(p.get('requests')?.ecosystem, 'PyPI');
  assert.equal(p.get('requests')?.type, 'library');
});

test('Syft SPDX 2.3: APK DB sourceInfo → location, the image root is not a package, DEPENDS_ON edges', () => {
  const doc = parseSbom(fixture('syft-spdx/sbom.json'), 'sbom.json');
  assert.deepEqual(doc.os, { family: 'alpine', version: '3.20.3' });
  assert.equal(doc.subject?.name, 'alpine');
  assert.deepEqual(doc.packages.map((p) => p.name).sort(), ['busybox', 'ssl_client']);
  const ssl = byName(doc.packages).get('ssl_client');
  assert.deepEqual(ssl?.locations, [{ path: 'lib/apk/db/installed' }]);
  assert.deepEqual(ssl?.source, { name: 'busybox', version: '1.36.1-r29' });
  assert.deepEqual(ssl?.dependsOn, ['pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3']);
  assert.deepEqual(ssl?.licenses, ['GPL-2.0-only']);
});

test('cdxgen CycloneDX 1.5: SrcFile and evidence locations, npm scope, nested components, dependencies', () => {
  const doc = parseSbom(fixture('cdxgen-cyclonedx/bom.json'), 'bom.json');
  assert.deepEqual(doc.tools, ['cdxgen 10.10.2']);
  assert.equal(doc.os, undefined);
  const p = byName(doc.packages);
  assert.deepEqual([...p.keys()].sort(), ['@babel/runtime', 'express', 'lodash']);
  assert.deepEqual(p.get('express')?.locations, [{ path: 'app/package-lock.json' }]);
  assert.deepEqual(p.get('lodash')?.locations, [{ path: 'app/vendor/lodash/package.json' }]);
  assert.deepEqual(p.get('express')?.dependsOn, ['pkg:npm/lodash@4.17.20']);
  assert.ok(p.get('express')?.hashes?.sha512);
  assert.deepEqual(p.get('@babel/runtime')?.licenses, ['MIT']);
});

test('cdxgen CycloneDX 1.7 (its default): read like 1.6; external components skipped; several expressions kept', async () => {
  // The fixture is valid CycloneDX 1.7 by the official schema (the CycloneDX library's strict validator).
  const { Spec, Validation } = await import('@cyclonedx/cyclonedx-library');
  assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot7).validate(fixture('cdxgen-cyclonedx-1.7/bom.json').toString('utf8')), null);
  const doc = parseSbom(fixture('cdxgen-cyclonedx-1.7/bom.json'), 'bom.json');
  assert.equal(doc.specVersion, '1.7');
  assert.deepEqual(doc.tools, ['cdxgen 12.0.0']);
  const p = byName(doc.packages);
  assert.deepEqual([...p.keys()].sort(), ['dual-licensed', 'express']);
  assert.equal(p.get('express')?.purl, 'pkg:npm/express@4.21.2');
  assert.deepEqual(p.get('express')?.locations, [{ path: 'app/package-lock.json' }]);
  assert.deepEqual(p.get('dual-licensed')?.licenses, ['MIT OR Apache-2.0', 'BSD-3-Clause']);
  assert.ok(doc.warnings.some((w) => /2 external component\(s\) skipped .*: node, openssl$/.test(w)), doc.warnings.join('\n'));
});

test('malformed and unsupported SBOMs fail with one-line typed errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['malformed/truncated.json', 'MALFORMED_DOCUMENT', /not valid JSON/],
    ['malformed/components-object.json', 'MALFORMED_DOCUMENT', /"components" is not an array/],
    ['malformed/future-version.json', 'UNSUPPORTED_SCHEMA', /specVersion "2\.0"/],
    ['malformed/not-an-sbom.json', 'MALFORMED_DOCUMENT', /neither CycloneDX/],
  ];
  for (const [file, code, msg] of cases) {
    assert.throws(() => parseSbom(fixture(file), file), (e: unknown) => {
      assert.ok(isBulwarkError(e));
      assert.equal(e.code, code);
      assert.match(e.message, msg);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    });
  }
  assert.throws(() => parseSbom('SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n', 'x.spdx'), /tag-value/);
  assert.throws(() => parseSbom('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', 'x.xml'), /XML/);
});

test('an in-toto statement wrapping a CycloneDX predicate (cosign attestation) is unwrapped', () => {
  const bom = JSON.parse(fixture('trivy-cyclonedx/bom.json').toString('utf8')) as unknown;
  const statement = { _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://cyclonedx.org/bom', subject: [], predicate: bom };
  const envelope = { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from(JSON.stringify(statement)).toString('base64'), signatures: [] };
  assert.equal(parseSbom(JSON.stringify(envelope), 'att.json').packages.length, 3);
});

test('purls of the newer lockfile ecosystems map back to their ecosystems and names', () => {
  const entry = (purl: string) => toPackage({ ref: purl, name: 'x', purl, licenses: [], props: new Map(), locations: [], hashes: {} });
  assert.deepEqual([entry('pkg:swift/github.com/apple/swift-nio@2.64.0')?.name, entry('pkg:swift/github.com/apple/swift-nio@2.64.0')?.ecosystem], ['github.com/apple/swift-nio', 'SwiftURL']);
  assert.deepEqual(
    ['pkg:pub/http@0.13.6', 'pkg:hex/plug@1.15.3', 'pkg:conan/openssl@3.0.13', 'pkg:julia/HTTP@1.10.1?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3', 'pkg:cocoapods/AppCenter@4.2.0#Analytics', 'pkg:conda/openssl@3.0.13']
      .map((p) => purlInfo(p)?.ecosystem),
    ['Pub', 'Hex', 'ConanCenter', 'Julia', 'CocoaPods', 'conda'],
  );
});
