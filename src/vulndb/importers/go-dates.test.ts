/** Go vulndb's zero-time placeholder dates (`0001-01-01T00:00:00Z`, 4,039 of 4,291 records) are absent, not year 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocuments } from './index.js';

// golang/vulndb a752ea54 (../shared/data/osv/golang-vulndb.jsonl.gz), GO-2022-0231, references cut to one.
const GO_2022_0231 = {
  schema_version: '1.3.1', id: 'GO-2022-0231', modified: '0001-01-01T00:00:00Z', published: '0001-01-01T00:00:00Z',
  aliases: ['CVE-2021-20848', 'GHSA-458f-26r3-x2c3'], summary: 'Cross-site Scripting in github.com/schollz/rwtxt',
  details: 'Cross-site Scripting in github.com/schollz/rwtxt',
  affected: [{ package: { name: 'github.com/schollz/rwtxt', ecosystem: 'Go' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.8.6' }] }], ecosystem_specific: {} }],
  references: [{ type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-458f-26r3-x2c3' }],
  database_specific: { url: 'https://pkg.go.dev/vuln/GO-2022-0231', review_status: 'UNREVIEWED' },
};

test('OSV import: Go zero-time published/modified are dropped, real dates kept', () => {
  const real = { ...GO_2022_0231, id: 'GO-2099-0001', published: '2022-05-24T20:14:11Z', modified: '2024-01-02T00:00:00Z' };
  const { feeds } = parseDocuments([{ name: 'go.jsonl', text: [GO_2022_0231, real].map((r) => JSON.stringify(r)).join('\n') }], 'go.jsonl');
  const advs = feeds.flatMap((f) => f.advisories);
  const placeholder = advs.find((a) => a.id === 'GO-2022-0231')!;
  assert.equal(placeholder.published, undefined);
  assert.equal(placeholder.modified, undefined);
  const dated = advs.find((a) => a.id === 'GO-2099-0001')!;
  assert.equal(dated.published, '2022-05-24T20:14:11Z');
  assert.equal(dated.modified, '2024-01-02T00:00:00Z');
  assert.equal(feeds[0].modified, '2024-01-02T00:00:00Z', 'the feed date ignores the placeholder');
});
