import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ECOSYSTEMS } from '../../core/index.js';
import { purlInfo } from './purl-info.js';

test('every ecosystem in the table is recognised from its purl (OS rows by vendor namespace and family)', () => {
  for (const row of ECOSYSTEMS) {
    if (row.kind === 'other') continue;
    // maven and swift purls require a namespace (purl-spec; packageurl-js rejects them without one).
    const ns = row.kind === 'os' ? `${row.purlNamespace}/` : row.purlType === 'maven' || row.purlType === 'swift' ? 'org.example/' : '';
    const info = purlInfo(`pkg:${row.purlType}/${ns}some-pkg@1.0?distro=x-9.3`);
    assert.equal(info?.ecosystem, row.id, `pkg:${row.purlType}/${ns} → ${info?.ecosystem}`);
    assert.equal(info?.pkgType, row.kind === 'os' ? 'os' : 'library');
    if (row.kind === 'os') assert.deepEqual(info?.os, { family: row.osFamilies![0], version: '9.3' });
  }
  assert.equal(purlInfo('pkg:rpm/amzn/bash@5.2')?.ecosystem, 'amazon');
  assert.equal(purlInfo('pkg:deb/bash@5.2')?.ecosystem, 'debian', 'no namespace: the purl type\'s default vendor');
  assert.equal(purlInfo('pkg:generic/node@20.1.0')?.ecosystem, 'binary');
});
