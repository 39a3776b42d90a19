import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTrackerText } from './debian-tracker-text.js';
import { parseTrackerJson } from './debian-tracker-json.js';
import { debianEcosystem, urgencyToSeverity } from './debian-common.js';

const td = (p: string) => fileURLToPath(new URL(`./testdata/${p}`, import.meta.url));

test('DSA list: per (release, source, CVE), latest of several DSAs, states honoured', () => {
  const f = parseTrackerText(readFileSync(td('debian-text/DSA-list'), 'utf8'), 'DSA-list');
  assert.equal(f.feed, 'debian-tracker:DSA');
  assert.deepEqual(f.warnings, []);
  const find = (eco: string, pkg: string, id: string) => f.advisories.find((a) => a.ecosystem === eco && a.package === pkg && a.id === id);
  const ossl = find('Debian:11', 'openssl', 'CVE-2023-0286')!;
  assert.deepEqual(ossl.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1n-0+deb11u4' }] }]);
  assert.deepEqual(ossl.aliases, ['DSA-5343-1']);
  // CVE-2022-3201 is fixed by DSA-5230-1 (105…) and again by DSA-5244-1 (106…): the later fix wins.
  const chr = find('Debian:11', 'chromium', 'CVE-2022-3201')!;
  assert.deepEqual(chr.ranges[0].events[1], { fixed: '106.0.5249.61-1~deb11u1' });
  assert.deepEqual(chr.aliases.sort(), ['DSA-5230-1', 'DSA-5244-1']);
  assert.ok(find('Debian:11', 'sox', 'DSA-5356-2'), 'an advisory without CVEs is keyed by its own id');
  assert.equal(find('Debian:5', 'openoffice.org', 'CVE-2011-2685'), undefined, '<not-affected> is skipped');
  assert.ok(find('Debian:6', 'openoffice.org', 'CVE-2011-2685'));
  const eol = find('Debian:8', 'virtualbox', 'DSA-3699-1')!;
  assert.equal(eol.status, 'end_of_life');
  assert.deepEqual(eol.ranges[0].events, [{ introduced: '0' }]);
});

test('tracker JSON: statuses, urgency, not-affected, undetermined and sid inference', () => {
  const f = parseTrackerJson(JSON.parse(readFileSync(td('debian-json/tracker.json'), 'utf8')), 'tracker.json');
  const find = (eco: string, pkg: string, id: string) => f.advisories.find((a) => a.ecosystem === eco && a.package === pkg && a.id === id);
  assert.deepEqual(find('Debian:11', 'openssl', 'CVE-2023-0286')!.ranges[0].events, [{ introduced: '0' }, { fixed: '1.1.1n-0+deb11u4' }]);
  assert.equal(f.advisories.some((a) => a.ecosystem.includes('sid') || a.ecosystem === 'Debian:unstable'), false);
  const unimp = find('Debian:12', 'openssl', 'CVE-2007-6755')!;
  assert.equal(unimp.status, 'affected');
  assert.equal(unimp.severity, 'low');
  assert.equal(find('Debian:12', 'zlib', 'CVE-2023-45853')!.status, 'will_not_fix');
  assert.equal(find('Debian:11', 'zlib', 'CVE-2023-45853')!.status, 'fix_deferred');
  assert.equal(find('Debian:11', 'zlib', 'CVE-2023-45853')!.statusNote, 'Minor issue');
  assert.equal(find('Debian:10', 'glibc', 'CVE-2010-4756')!.status, 'end_of_life');
  assert.equal(find('Debian:12', 'glibc', 'CVE-2099-0001'), undefined, 'fixed_version 0 = not affected');
  assert.equal(find('Debian:12', 'glibc', 'CVE-2099-0002'), undefined, 'undetermined is skipped');
  const inferred = find('Debian:12', 'curl', 'CVE-2099-0003')!;
  assert.equal(inferred.status, undefined);
  assert.deepEqual(inferred.ranges[0].events, [{ introduced: '0' }, { fixed: '7.88.1-10' }]);
  assert.equal(inferred.severity, 'medium');
});

test('codenames and urgencies', () => {
  assert.equal(debianEcosystem('bookworm'), 'Debian:12');
  assert.equal(debianEcosystem('bullseye-security'), 'Debian:11');
  assert.equal(debianEcosystem('sid'), undefined);
  assert.equal(urgencyToSeverity('low**'), 'low');
  assert.equal(urgencyToSeverity('unimportant'), 'low');
  assert.equal(urgencyToSeverity('not yet assigned'), 'unknown');
  assert.equal(urgencyToSeverity('end-of-life'), 'unknown');
});
