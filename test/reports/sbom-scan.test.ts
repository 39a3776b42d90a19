// SBOM in: Bulwark's own CycloneDX and SPDX output reads back to the same inventory, and `scanSbom` runs the
// real vulnerability detector over SBOM packages (npm by name, Debian by SOURCE package, as for images).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../../src/core/index.js';
import { writeCycloneDx } from '../../src/reports/cyclonedx.js';
import { writeSpdxJson } from '../../src/reports/spdx.js';
import { fixtureReport } from '../../src/reports/testdata/fixture-report.js';
import { scanSbom } from '../../src/scan/index.js';
import { parseSbom } from '../../src/sources/index.js';
import type { Advisory } from '../../src/vulndb/contract.js';
import { MemoryAdvisoryStore } from '../matching/memory-store.js';

const SBOMS = new URL('../../src/sources/sbom/testdata/', import.meta.url).pathname;

function essentials(p: Package) {
  return {
    name: p.name, version: p.version, purl: p.purl, ecosystem: p.ecosystem, type: p.type, source: p.source,
    locations: p.locations.map((l) => ({ path: l.path, layer: l.layer })), dependsOn: p.dependsOn ?? [],
  };
}
const byPurl = (a: { purl: string }, b: { purl: string }) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0);

test('round trip: bulwark CycloneDX → bulwark sbom gives back the same packages', () => {
  const report = fixtureReport();
  const doc = parseSbom(writeCycloneDx(report), 'bulwark.cdx.json');
  assert.deepEqual(doc.os, report.os);
  assert.deepEqual(doc.packages.map(essentials).sort(byPurl), report.packages.map(essentials).sort(byPurl));
  const licenses = new Map(doc.packages.map((p) => [p.name, p.licenses]));
  assert.deepEqual(licenses.get('cryptography'), ['Apache-2.0 OR BSD-3-Clause']);
  assert.deepEqual(licenses.get('org.apache.logging.log4j:log4j-core'), ['Apache License, Version 2.0']);
  assert.deepEqual(doc.packages.find((p) => p.name === 'org.apache.logging.log4j:log4j-core')?.hashes, { sha1: 'a4bd2a3a4d5a6b2b5a3d1e6f7a8b9c0d1e2f3a4b' });
});

test('round trip: bulwark SPDX → bulwark sbom gives back the same packages (declared SPDX licenses only)', () => {
  const report = fixtureReport();
  const doc = parseSbom(writeSpdxJson(report), 'bulwark.spdx.json');
  assert.deepEqual(doc.os, { family: 'debian', version: '12.4' });
  const mine = report.packages.map((p) => ({ ...essentials(p), ecosystem: p.ecosystem, type: p.type === 'os' ? 'os' : 'library' }));
  assert.deepEqual(doc.packages.map(essentials).sort(byPurl), mine.sort(byPurl));
  // Free-text licenses are NOASSERTION in SPDX, so they cannot come back.
  assert.deepEqual(doc.packages.find((p) => p.name === 'org.apache.logging.log4j:log4j-core')?.licenses, []);
});

const lodashAdvisory: Advisory = {
  id: 'GHSA-35jh-r3h4-6jhm', aliases: ['CVE-2021-23337'], source: 'osv', ecosystem: 'npm', package: 'lodash',
  ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }], versions: [],
  severity: 'high', severitySource: 'ghsa', title: 'Command Injection in lodash',
};
const opensslAdvisory: Advisory = {
  id: 'CVE-2024-5535', aliases: [], source: 'debian-tracker', ecosystem: 'Debian:12', package: 'openssl',
  ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.15-1~deb12u2' }] }], versions: [],
  severity: 'low', severitySource: 'debian', title: 'SSL_select_next_proto buffer overread',
};

test('scanSbom: cdxgen SBOM → npm vulnerability via the real detector, target type sbom', async () => {
  const store = new MemoryAdvisoryStore([lodashAdvisory]);
  const report = await scanSbom(join(SBOMS, 'cdxgen-cyclonedx/bom.json'), { store, scanners: ['vuln'] });
  assert.equal(report.target.type, 'sbom');
  assert.deepEqual(report.scanners, ['vuln']);
  assert.deepEqual(report.vulnerabilities.map((v) => [v.package.name, v.package.version, v.fixedVersion]), [['lodash', '4.17.20', '4.17.21']]);
  const names = [report.vulnerabilities[0].id, ...report.vulnerabilities[0].aliases].sort();
  assert.deepEqual(names, ['CVE-2021-23337', 'GHSA-35jh-r3h4-6jhm']);
});

test('scanSbom: Syft SBOM → Debian advisory matched through the source package (libssl3 ← openssl)', async () => {
  const store = new MemoryAdvisoryStore([opensslAdvisory]);
  const report = await scanSbom(join(SBOMS, 'syft-cyclonedx/bom.json'), { store, scanners: ['vuln'] });
  assert.deepEqual(report.os, { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.package.name, v.fixedVersion]), [['CVE-2024-5535', 'libssl3', '3.0.15-1~deb12u2']]);
});

test('scanSbom: secret/misconfig scanners are reported as not run, a malformed file is MALFORMED_DOCUMENT', async () => {
  const store = new MemoryAdvisoryStore([]);
  const report = await scanSbom(join(SBOMS, 'trivy-spdx/sbom.json'), { store, scanners: ['vuln', 'secret'] });
  assert.ok(!report.scanners.includes('secret'));
  assert.ok(report.warnings.some((w) => /secret not run/.test(w)));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-sbom-'));
  writeFileSync(join(dir, 'bad.json'), '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [');
  await assert.rejects(scanSbom(join(dir, 'bad.json'), { store }), (e: Error & { code?: string }) => e.code === 'MALFORMED_DOCUMENT');
  await assert.rejects(scanSbom(join(dir, 'missing.json'), { store }), (e: Error & { code?: string }) => e.code === 'INPUT_NOT_FOUND');
});

test('round trip on a real scan: scanRootfs(demo Debian base + npm app) → CycloneDX / SPDX → same packages', async () => {
  const { scanRootfs, scanFs } = await import('../../src/scan/index.js');
  const root = new URL('../../demo/', import.meta.url).pathname;
  for (const report of [
    await scanRootfs(join(root, 'base'), { scanners: [], noCache: true }),
    await scanFs(join(root, 'app'), { scanners: [], noCache: true }),
  ]) {
    assert.ok(report.packages.length > 0, `${report.target.name}: the demo tree yields packages`);
    for (const [label, text] of [['cyclonedx', writeCycloneDx(report)], ['spdx', writeSpdxJson(report)]] as const) {
      const doc = parseSbom(text, label);
      assert.deepEqual(doc.packages.map(essentials).sort(byPurl), report.packages.map(essentials).sort(byPurl), `${label} of ${report.target.name}`);
      // CycloneDX keeps codename and pretty name; SPDX has only name and versionInfo for the OS package.
      if (report.os && label === 'cyclonedx') assert.deepEqual(doc.os, report.os);
      if (report.os && label === 'spdx') assert.deepEqual(doc.os, { family: report.os.family, version: report.os.version });
    }
  }
});
