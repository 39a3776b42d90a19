/* eslint-disable no-control-regex -- these tests look for ANSI escapes and control characters on purpose */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyReport } from '../../core/index.js';
import { fixtureReport } from '../testdata/fixture-report.js';
import { assertGolden } from '../testdata/golden.js';
import { licensesSection } from './licenses.js';
import { secretsSection } from './secrets.js';
import { vulnerabilitiesSection } from './vulnerabilities.js';

const plain = { color: false, maxWidth: 60 };
const tty = { color: true, maxWidth: 60 };

test('vulnerability, secret and license sections match the golden file (no colour)', () => {
  const r = fixtureReport();
  const text = [vulnerabilitiesSection(r, plain), secretsSection(r, plain), licensesSection(r, plain)].join('\n\n');
  assert.doesNotMatch(text, /\u001b\[/);
  assertGolden('table-sections.txt', `${text}\n`);
});

test('vulnerabilities: grouped per target with counts and fixed versions', () => {
  const text = vulnerabilitiesSection(fixtureReport(), plain) ?? '';
  assert.match(text, /^Total: 4 \(CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0\)$/m);
  assert.match(text, /^OS packages \(Debian GNU\/Linux 12 \(bookworm\)\)\nTotal: 2 /m);
  assert.match(text, /^Maven: opt\/app\/lib\/log4j-core-2\.14\.1\.jar$/m);
  assert.match(text, /^CRITICAL\s+CVE-2021-44228\s+org\.apache\.logging\.log4j:log4j-core\s+2\.14\.1\s+2\.15\.0\s+\[KEV\]/m);
  assert.match(text, /^LOW\s+CVE-2024-2511\s+libssl3\s+3\.0\.11-1~deb12u2\s+\(fix deferred\)/m);
});

test('severity colours only when asked (TTY), and only on the severity word', () => {
  const coloured = vulnerabilitiesSection(fixtureReport(), tty) ?? '';
  assert.match(coloured, /\u001b\[\d+m(\u001b\[\d+m)?CRITICAL\u001b\[\d+m/);
  // Stripping colour gives back exactly the plain text.
  assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), vulnerabilitiesSection(fixtureReport(), plain));
});

test('secrets show only the redacted match and flag deletion in a later layer', () => {
  const text = secretsSection(fixtureReport(), plain) ?? '';
  assert.match(text, /AKIA\*{16}/);
  assert.match(text, /yes, in 333333333333 \(still in image\)/);
});

test('sections say "none" when the scanner ran clean and are absent when it did not run', () => {
  const r = emptyReport({ type: 'fs', name: '.' }, '0.1.0');
  assert.equal(vulnerabilitiesSection(r, plain), undefined);
  r.scanners = ['vuln', 'secret', 'license'];
  assert.match(vulnerabilitiesSection(r, plain) ?? '', /No vulnerabilities found\./);
  assert.match(secretsSection(r, plain) ?? '', /No secrets found\./);
  assert.match(licensesSection(r, plain) ?? '', /No license findings\./);
});

test('control characters in hostile names never reach the terminal', () => {
  const r = fixtureReport();
  r.vulnerabilities[0].package.name = 'evil\u001b[2J\u0007name';
  const text = vulnerabilitiesSection(r, plain) ?? '';
  assert.doesNotMatch(text, /[\u0000-\u0008\u001b]/);
});

test('a 150,000-package table renders (one group; no quadratic appends, no argument-spread overflow, #19)', async () => {
  const { packagesSection } = await import('./packages.js');
  const r = emptyReport({ type: 'fs', name: '.' }, '0.1.0');
  r.packages = Array.from({ length: 150_000 }, (_, i) => ({
    name: `pkg-${i}`, version: `1.${i}.0`, ecosystem: 'npm' as const, type: 'library' as const, purl: `pkg:npm/pkg-${i}@1.${i}.0`,
    licenses: [], locations: [{ path: 'package-lock.json' }], foundBy: ['npm-lockfile'],
  }));
  const text = packagesSection(r, plain) ?? '';
  assert.match(text, /^npm: package-lock\.json — 150000$/m);
  assert.match(text, /^pkg-149999 {2,}1\.149999\.0$/m);
  assert.equal(text.split('\n').length, 150_000 + 6);
});

test('grid: 150,000 rows get column widths without spreading a column into Math.max (stack overflow, #19)', async () => {
  const { grid } = await import('./grid.js');
  const rows = Array.from({ length: 150_000 }, (_, i) => [`id-${i}`, 'x'.repeat(i % 7)]);
  const lines = grid(['ID', 'VALUE'], rows).split('\n');
  assert.equal(lines.length, 150_002);
  assert.equal(lines[0], 'ID         VALUE');
  assert.equal(lines[150_001], 'id-149999  xxx');
});
