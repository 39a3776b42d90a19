import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readInputPath } from '../inputs.js';
import { parseDocuments, type ParsedFeed } from './index.js';
import { npmRangeToOsv } from './npm-range.js';

const td = (p: string) => fileURLToPath(new URL(`./testdata/${p}`, import.meta.url));
const load = (p: string): ParsedFeed[] => {
  const r = parseDocuments(readInputPath(td(p)), p);
  assert.deepEqual(r.unrecognised, []);
  return r.feeds;
};

test('Alpine secdb: per branch/repo feed, origin package, ECOSYSTEM fixed ranges', () => {
  const [f] = load('secdb/alpine-v3.11-main.json');
  assert.equal(f.feed, 'alpine-secdb:v3.11/main');
  const a = f.advisories.find((x) => x.package === 'openssl' && x.id === 'CVE-2019-1551')!;
  assert.equal(a.ecosystem, 'Alpine:v3.11');
  assert.deepEqual(a.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1d-r3' }] }]);
});

test('Wolfi secdb: key "0" produces no advisory', () => {
  const [f] = load('secdb/wolfi-security.derived.json');
  assert.equal(f.feed, 'wolfi-secdb');
  assert.ok(f.advisories.every((a) => a.ecosystem === 'Wolfi'));
  assert.ok(f.advisories.every((a) => a.ranges.every((r) => r.events.every((e) => e.fixed !== '0'))));
  assert.ok(f.advisories.some((a) => a.package === 'aactl' && a.id === 'CVE-2024-45338'));
});

test('Wolfi advisories: last event decides', () => {
  const [f] = load('wolfi/advisories.jsonl');
  assert.equal(f.feed, 'wolfi-advisories');
  const statuses = new Set<string>(f.advisories.map((a) => a.status ?? 'fixed'));
  for (const s of ['fixed', 'will_not_fix', 'affected']) assert.ok(statuses.has(s), s);
  const fixed = f.advisories.find((a) => !a.status)!;
  assert.equal(fixed.ranges[0].events.length, 2);
  assert.ok(fixed.aliases.some((x) => x.startsWith('CGA-')), 'the CGA id stays an alias of the CVE');
});

test('NVD 2.0 and 1.1 → enrichment with CVSS and CWE', () => {
  const feeds = load('nvd');
  const rows = new Map(feeds.flatMap((f) => f.enrichment).map((e) => [e.data.id, e.data]));
  const x = rows.get('CVE-2002-1912')!;
  assert.equal(x.severity, 'high');
  assert.deepEqual(x.cwes, ['CWE-476']);
  assert.deepEqual(x.cvss?.map((c) => [c.version, c.score]), [['3.1', 7.5], ['2.0', 5]]);
  const v11 = rows.get('CVE-2023-43514')!;
  assert.equal(v11.cvss?.[0].score, 8.4);
  assert.ok(v11.description?.startsWith('Memory corruption'));
  assert.ok(rows.has('CVE-2023-6693'), 'a record without metrics still carries its description');
});

test('KEV and EPSS', () => {
  const [kev] = load('kev/kev.json');
  const log4j = kev.enrichment.find((e) => e.data.id === 'CVE-2021-44228')!;
  assert.deepEqual(log4j.data.kev, { dateAdded: '2021-12-10', dueDate: '2021-12-24', ransomware: 'Known' });
  const [epss] = load('epss/epss.csv');
  assert.equal(epss.enrichment.length, 3);
  assert.equal(epss.warnings.length, 1, 'the malformed row is reported, not imported');
  assert.deepEqual(epss.enrichment[0].data.epss, { probability: 0.97565, percentile: 0.99996 });
  assert.equal(epss.modified, '2024-01-02T00:00:00+0000');
});

test('npm-security-wg: exact ranges become SEMVER events, others keep the expression', () => {
  const feeds = load('npm-security-wg');
  const npm = feeds.find((f) => f.feed === 'npm-security-wg:npm')!;
  const core = feeds.find((f) => f.feed === 'npm-security-wg:core')!;
  const by = (id: string) => npm.advisories.find((a) => a.id === id)!;
  assert.deepEqual(by('NSWG-ECO-1').ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.5.1' }] }]);
  assert.deepEqual(by('NSWG-ECO-330').versions, ['3.0.0-rc.1']);
  const req = by('NSWG-ECO-309');
  assert.deepEqual(req.ranges, []);
  assert.equal(req.rangeExpression?.vulnerable, '>=2.2.6 <2.47.0 || >2.51.0 <=2.67.0');
  assert.deepEqual(by('NSWG-ECO-368').aliases, ['CVE-2018-3721']);
  assert.equal(core.advisories[0].ecosystem, 'Node.js');
  assert.equal(core.advisories[0].package, 'node');
  assert.ok(core.advisories[0].rangeExpression?.patched);
});

test('npm range conversion', () => {
  assert.equal(npmRangeToOsv('>1.0.0'), undefined);
  assert.equal(npmRangeToOsv('not a range!!'), undefined);
  assert.deepEqual(npmRangeToOsv('*')?.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }] }]);
  assert.deepEqual(npmRangeToOsv('^1.2.3')?.ranges, [{ type: 'SEMVER', events: [{ introduced: '1.2.3' }, { fixed: '2.0.0-0' }] }]);
});
