/** Writers drop zero-time placeholder dates (Go's 0001-01-01) that a database built by an older importer may still hold. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeCycloneDx } from './cyclonedx.js';
import { writeJson } from './json.js';
import { fixtureReport } from './testdata/fixture-report.js';

function withPlaceholder() {
  const r = fixtureReport();
  r.vulnerabilities = r.vulnerabilities.map((v, i) => (i === 0 ? { ...v, published: '0001-01-01T00:00:00Z', modified: '0001-01-01T00:00:00Z' } : v));
  return r;
}

test('JSON report: a placeholder published/modified is left out, other findings unchanged', () => {
  const r = withPlaceholder();
  const out = JSON.parse(writeJson(r)) as { vulnerabilities: Array<{ id: string; published?: string; modified?: string }> };
  assert.equal(out.vulnerabilities[0].published, undefined);
  assert.equal(out.vulnerabilities[0].modified, undefined);
  assert.doesNotMatch(writeJson(r), /0001-01-01/);
  assert.deepEqual(out.vulnerabilities.slice(1), JSON.parse(writeJson(fixtureReport())).vulnerabilities.slice(1));
});

test('CycloneDX: a placeholder published/modified gives no published/updated', () => {
  assert.doesNotMatch(writeCycloneDx(withPlaceholder()), /0001-01-01/);
});
