import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeCycloneDx } from './cyclonedx.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

interface Cdx {
  metadata: { component: { type: string; version: string; properties: Array<{ name: string; value: string }> } };
  components: Array<{ name: string; group?: string; purl?: string; 'bom-ref': string; licenses?: unknown[]; hashes?: unknown[]; properties?: Array<{ name: string; value: string }> }>;
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
  vulnerabilities: Array<{ id: string; affects: Array<{ ref: string }>; ratings: Array<{ method: string; score?: number; vector?: string; severity: string }>; recommendation?: string }>;
}

test('cyclonedx matches the golden file and is deterministic', () => {
  const out = writeCycloneDx(fixtureReport());
  assert.equal(writeCycloneDx(fixtureReport()), out);
  assertGolden('cyclonedx.json', out);
});

test('cyclonedx: image metadata, licenses, hashes, layer/path properties, dependency graph, vulnerabilities', () => {
  const bom = JSON.parse(writeCycloneDx(fixtureReport())) as Cdx;
  const meta = bom.metadata.component;
  assert.equal(meta.type, 'container');
  assert.equal(meta.version, 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  assert.deepEqual(meta.properties.filter((p) => p.name === 'bulwark:image:tag').map((p) => p.value),
    ['registry.example.com/shop/web:1.4.2', 'registry.example.com/shop/web:latest']);

  const byName = new Map(bom.components.map((c) => [c.name, c]));
  assert.deepEqual(byName.get('cryptography')?.licenses, [{ expression: 'Apache-2.0 OR BSD-3-Clause' }]);
  assert.deepEqual(byName.get('log4j-core')?.licenses, [{ license: { name: 'Apache License, Version 2.0' } }]);
  assert.equal(byName.get('log4j-core')?.group, 'org.apache.logging.log4j');
  assert.deepEqual(byName.get('log4j-core')?.hashes, [{ alg: 'SHA-1', content: 'a4bd2a3a4d5a6b2b5a3d1e6f7a8b9c0d1e2f3a4b' }]);
  const openssl = byName.get('openssl');
  assert.ok(openssl?.properties?.some((p) => p.name === 'bulwark:layer' && p.value.startsWith('sha256:1111')));
  assert.ok(openssl?.properties?.some((p) => p.name === 'bulwark:path' && p.value === 'var/lib/dpkg/status'));
  assert.ok(openssl?.properties?.some((p) => p.name === 'bulwark:srcName' && p.value === 'openssl'));

  const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
  assert.deepEqual(deps.get('pkg:npm/express@4.17.1'), ['pkg:npm/lodash@4.17.20']);
  // lodash is reached through express, so the image root does not list it directly.
  const rootDeps = [...deps.entries()].find(([ref]) => ref.startsWith('pkg:oci/'))?.[1] ?? [];
  assert.ok(rootDeps.includes('pkg:npm/express@4.17.1') && !rootDeps.includes('pkg:npm/lodash@4.17.20'));

  const log4shell = bom.vulnerabilities.find((v) => v.id === 'CVE-2021-44228');
  assert.deepEqual(log4shell?.affects.map((a) => a.ref), ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1']);
  assert.ok(log4shell?.ratings.some((r) => r.method === 'CVSSv31' && r.score === 10 && r.vector?.startsWith('CVSS:3.1/')));
  assert.equal(log4shell?.recommendation, 'Upgrade org.apache.logging.log4j:log4j-core to version 2.15.0 or later');
  assert.equal(bom.vulnerabilities.length, 4);
});

test('cyclonedx: duplicate purls at two locations get distinct bom-refs', () => {
  const r = fixtureReport();
  const lodash = r.packages.find((p) => p.name === 'lodash');
  assert.ok(lodash);
  r.packages.push({ ...lodash, locations: [{ path: 'other/node_modules/lodash/package.json' }] });
  const bom = JSON.parse(writeCycloneDx(r)) as Cdx;
  const refs = bom.components.filter((c) => c.name === 'lodash').map((c) => c['bom-ref']);
  assert.equal(refs.length, 2);
  assert.equal(new Set(refs).size, 2);
});

test('cyclonedx: non-registry origin and package properties become bulwark: properties', () => {
  const report = fixtureReport();
  const lodash = report.packages.find((p) => p.name === 'lodash')!;
  lodash.nonRegistry = { kind: 'git', ref: 'git+https://github.com/lodash/lodash.git#f299b52f' };
  lodash.properties = { alias: 'old-lodash' };
  const doc = JSON.parse(writeCycloneDx(report)) as Cdx;
  const props = doc.components.find((c) => c.name === 'lodash')?.properties ?? [];
  assert.deepEqual(props.filter((p) => ['bulwark:nonRegistry', 'bulwark:nonRegistryRef', 'bulwark:alias'].includes(p.name)).map((p) => `${p.name}=${p.value}`).sort(),
    ['bulwark:alias=old-lodash', 'bulwark:nonRegistry=git', 'bulwark:nonRegistryRef=git+https://github.com/lodash/lodash.git#f299b52f']);
});
