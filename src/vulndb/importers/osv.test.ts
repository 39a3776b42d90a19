import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readInputPath } from '../inputs.js';
import { parseDocuments } from './index.js';
import { normalizeEcosystem } from './osv.js';
import { cvss3BaseScore, cvss2BaseScore } from './cvss.js';

const dir = fileURLToPath(new URL('./testdata/osv/', import.meta.url));

test('OSV directory: one feed per ecosystem family, PyPI names normalised, aliases kept', () => {
  const { feeds, unrecognised } = parseDocuments(readInputPath(dir), dir);
  assert.deepEqual(unrecognised, []);
  const byFeed = new Map(feeds.map((f) => [f.feed, f]));
  assert.deepEqual([...byFeed.keys()].sort(), ['osv:Alpine', 'osv:Debian', 'osv:Go', 'osv:PyPI']);
  const pypi = byFeed.get('osv:PyPI')!.advisories;
  const ac = pypi.find((a) => a.id === 'PYSEC-2021-335')!;
  assert.equal(ac.package, 'accesscontrol');
  assert.deepEqual(ac.ranges.filter((r) => r.type === 'ECOSYSTEM'), [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0' }, { fixed: '4.3' }, { introduced: '5.0' }, { fixed: '5.2' }] }]);
  assert.ok(ac.aliases.includes('CVE-2021-32807'));
  assert.ok(ac.versions.includes('5.1'));
  // PEP 503: Foo_Bar.baz → foo-bar-baz; GIT range with limit kept; withdrawn kept for the matcher to skip.
  const syn = pypi.find((a) => a.id === 'GHSA-xxxx-yyyy-zzzz')!;
  assert.equal(syn.package, 'foo-bar-baz');
  assert.deepEqual(syn.ranges[0], { type: 'GIT', events: [{ introduced: 'abc123' }, { fixed: 'def456' }, { limit: 'fff999' }] });
  assert.equal(syn.withdrawn, '2024-05-03T00:00:00Z');
  assert.equal(syn.severity, 'medium'); // database_specific MODERATE wins over the CVSS 9.8
  assert.equal(syn.severitySource, 'ghsa');
  assert.equal(syn.cvss?.[0].score, 9.8);
  assert.deepEqual(syn.cwes, ['CWE-79']);
  const deb = byFeed.get('osv:Debian')!.advisories[0];
  assert.equal(deb.ecosystem, 'Debian:12');
  assert.equal(deb.severity, 'low');
  const alp = byFeed.get('osv:Alpine')!.advisories[0];
  assert.equal(alp.ecosystem, 'Alpine:v3.19');
  assert.deepEqual(alp.ranges[0].events, [{ introduced: '0' }, { last_affected: '3.1.4-r0' }]);
  const go = byFeed.get('osv:Go')!.advisories.find((a) => a.id === 'GO-2021-0159')!;
  assert.equal(go.package, 'stdlib');
  assert.equal(go.ranges[0].type, 'SEMVER');
  assert.equal(go.modified, undefined, 'the 0001-01-01 placeholder is not a date');
});

test('OSV all.zip layout gives the same records as the loose files', () => {
  const { feeds } = parseDocuments(readInputPath(`${dir}all.zip`), 'all.zip');
  assert.equal(feeds.length, 1);
  assert.deepEqual([...new Set(feeds[0].advisories.map((a) => a.id))].sort(), ['GO-2021-0159', 'GO-2022-0969']);
  assert.equal(feeds[0].advisories.length, 3, 'GO-2022-0969 affects two modules');
});

test('Ubuntu OSV ecosystems lose the :LTS suffix; others keep their spelling', () => {
  assert.equal(normalizeEcosystem('Ubuntu:22.04:LTS'), 'Ubuntu:22.04');
  assert.equal(normalizeEcosystem('Ubuntu:Pro:18.04:LTS'), 'Ubuntu:Pro:18.04');
  assert.equal(normalizeEcosystem('Debian:12'), 'Debian:12');
  assert.equal(normalizeEcosystem('Alpine:v3.19'), 'Alpine:v3.19');
});

test('CVSS base scores match the published examples', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L'), 1.8);
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N'), 5.7);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:N/I:N/A:P'), 5);
  assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:C/I:C/A:C'), 10);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N'), undefined);
});
