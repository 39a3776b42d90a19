import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeSpdxJson } from './spdx.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

interface Spdx {
  creationInfo: { created: string; creators: string[] };
  packages: Array<{ SPDXID: string; name: string; versionInfo?: string; licenseDeclared: string; externalRefs?: Array<{ referenceCategory: string; referenceType: string; referenceLocator: string }>; primaryPackagePurpose?: string; supplier?: string }>;
  files?: Array<{ SPDXID: string; fileName: string; checksums: Array<{ algorithm: string; checksumValue: string }> }>;
  relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }>;
}

test('spdx-json matches the golden file and is deterministic', () => {
  const out = writeSpdxJson(fixtureReport());
  assert.equal(writeSpdxJson(fixtureReport()), out);
  assertGolden('spdx.json', out);
});

test('spdx-json: root package, purls, declared licenses, files and relationships', () => {
  const doc = JSON.parse(writeSpdxJson(fixtureReport())) as Spdx;
  assert.equal(doc.creationInfo.created, '2026-01-02T03:04:05Z');
  const byName = new Map(doc.packages.map((p) => [p.name, p]));
  const root = byName.get('registry.example.com/shop/web:1.4.2');
  assert.equal(root?.primaryPackagePurpose, 'CONTAINER');
  const crypto = byName.get('cryptography');
  assert.equal(crypto?.licenseDeclared, 'Apache-2.0 OR BSD-3-Clause');
  assert.deepEqual(crypto?.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/cryptography@41.0.3' }]);
  // Free text is not a valid SPDX expression: NOASSERTION rather than an invalid licenseDeclared.
  assert.equal(byName.get('org.apache.logging.log4j:log4j-core')?.licenseDeclared, 'NOASSERTION');
  assert.equal(byName.get('openssl')?.supplier, 'Person: Debian OpenSSL Team (pkg-openssl-devel@alioth-lists.debian.net)');

  const has = (from: string | undefined, type: string, to: string | undefined) =>
    doc.relationships.some((r) => r.spdxElementId === from && r.relationshipType === type && r.relatedSpdxElement === to);
  assert.ok(has('SPDXRef-DOCUMENT', 'DESCRIBES', root?.SPDXID));
  assert.ok(has(root?.SPDXID, 'CONTAINS', byName.get('lodash')?.SPDXID));
  assert.ok(has(byName.get('express')?.SPDXID, 'DEPENDS_ON', byName.get('lodash')?.SPDXID));
  assert.ok(has(byName.get('openssl')?.SPDXID, 'DEPENDS_ON', byName.get('libssl3')?.SPDXID));
  assert.deepEqual(doc.files?.map((f) => f.fileName), ['/opt/app/lib/log4j-core-2.14.1.jar']);
  const ids = doc.packages.map((p) => p.SPDXID);
  assert.equal(new Set(ids).size, ids.length);
  // The 2.3 JSON schema has no SPDXID pattern (2.3.1's has); the spec's idstring rule still holds.
  for (const id of [...ids, ...(doc.files ?? []).map((f) => f.SPDXID)]) assert.match(id, /^SPDXRef-[a-zA-Z0-9.-]+$/);
  assert.equal(byName.get('debian')?.primaryPackagePurpose, 'OPERATING_SYSTEM');
});
