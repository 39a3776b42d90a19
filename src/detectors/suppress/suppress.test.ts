import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretFinding, VulnerabilityFinding } from '../../core/index.js';
import { parseConfig } from '../../config/index.js';
import { isBulwarkError } from '../../core/index.js';
import { applySuppressions, loadSuppressions, parseIgnoreFile, parseVex, rulesFromConfig } from './index.js';

const vuln = (id: string, purl: string, aliases: string[] = []): VulnerabilityFinding => ({
  id, aliases, package: { name: purl.split('/').pop()!.split('@')[0]!, version: purl.split('@')[1] ?? '', ecosystem: 'x', purl },
  status: 'fixed', severity: 'high', source: 'osv',
});
const secret = (ruleId: string, path: string): SecretFinding => ({ ruleId, title: ruleId, severity: 'high', path, deleted: false, match: 'AKIA****', fingerprint: `fp-${path}` });
const sets = (vulnerabilities: VulnerabilityFinding[], secrets: SecretFinding[] = []) => ({ vulnerabilities, secrets, misconfigurations: [], licenses: [] });
const fixture = (f: string): string => readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8');

test('.bulwarkignore: ids, aliases, expiry, purl and path scopes, comments', () => {
  const rules = parseIgnoreFile([
    '# team exceptions',
    'CVE-2023-1            # everywhere',
    'GHSA-aaaa-bbbb-cccc exp:2026-01-31',
    'CVE-2023-3 pkg:npm/lodash',
    'CVE-2023-4 pkg:npm/lodash@4.17.21',
    'CVE-2023-5 exp:2020-01-01',
    'aws-access-token path:app/**/*.env',
  ].join('\n'));
  const input = sets([
    vuln('CVE-2023-1', 'pkg:npm/a@1.0.0'),
    vuln('CVE-2023-2', 'pkg:npm/a@1.0.0', ['GHSA-aaaa-bbbb-cccc']),
    vuln('CVE-2023-3', 'pkg:npm/lodash@4.17.20'),
    vuln('CVE-2023-3', 'pkg:npm/underscore@1.0.0'),
    vuln('CVE-2023-4', 'pkg:npm/lodash@4.17.20'),
    vuln('CVE-2023-5', 'pkg:npm/a@1.0.0'),
  ], [secret('aws-access-token', 'app/conf/prod.env'), secret('aws-access-token', 'src/main.js')]);
  const r = applySuppressions(input, { rules, vex: [] }, { now: new Date('2026-01-31T23:00:00Z') });
  assert.deepEqual(r.findings.vulnerabilities.map((f) => `${f.id} ${f.package.purl}`), [
    'CVE-2023-3 pkg:npm/underscore@1.0.0', 'CVE-2023-4 pkg:npm/lodash@4.17.20', 'CVE-2023-5 pkg:npm/a@1.0.0',
  ]);
  assert.deepEqual(r.findings.secrets.map((s) => s.path), ['src/main.js']);
  assert.deepEqual(r.suppressed.map((s) => [s.kind, s.id, s.source]), [
    ['vulnerability', 'CVE-2023-1', '.bulwarkignore'], ['vulnerability', 'CVE-2023-2', '.bulwarkignore'],
    ['vulnerability', 'CVE-2023-3', '.bulwarkignore'], ['secret', 'aws-access-token', '.bulwarkignore'],
  ]);
  assert.match(r.suppressed[1]!.reason, /ignored until 2026-01-31/);
  assert.deepEqual(r.warnings, ['ignore rule CVE-2023-5 (.bulwarkignore:6) expired on 2020-01-01; not applied']);
  // the day after expiry the GHSA rule no longer applies
  const later = applySuppressions(input, { rules, vex: [] }, { now: new Date('2026-02-01T00:00:00Z') });
  assert.ok(later.findings.vulnerabilities.some((f) => f.id === 'CVE-2023-2'));
});

test('.bulwarkignore and bulwark.yaml: bad input is a CONFIG_INVALID error', () => {
  assert.throws(() => parseIgnoreFile('CVE-1 exp:2026-13-45'), (e) => isBulwarkError(e) && e.code === 'CONFIG_INVALID');
  assert.throws(() => parseIgnoreFile('CVE-1 until-tuesday'), (e) => isBulwarkError(e) && e.code === 'CONFIG_INVALID');
  assert.throws(() => parseConfig({ ignore: { id: 'x' } }), (e) => isBulwarkError(e) && e.code === 'CONFIG_INVALID');
  const rules = rulesFromConfig(parseConfig({ ignore: ['CVE-9', { id: 'CVE-8', expires: new Date('2030-01-01'), purl: 'pkg:pypi/x', reason: 'not reachable' }] }).ignore);
  assert.deepEqual(rules.map((r) => [r.id, r.expires, r.purls, r.reason]), [['CVE-9', undefined, [], undefined], ['CVE-8', '2030-01-01', ['pkg:pypi/x'], 'not reachable']]);
});

test('OpenVEX: not_affected and fixed remove findings; latest statement wins; image-wide statements', () => {
  const vex = parseVex(fixture('openvex.json'), 'openvex.json');
  const input = sets([
    vuln('CVE-2023-44487', 'pkg:golang/golang.org/x/net@v0.7.0'),
    vuln('GHSA-qppj-fm5r-hxr3', 'pkg:golang/golang.org/x/net@v0.7.0'),
    vuln('CVE-2023-44487', 'pkg:golang/golang.org/x/net@v0.17.0'),
    vuln('CVE-2024-0727', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12'),
    vuln('CVE-2022-0001', 'pkg:npm/anything@1.0.0'),
    vuln('CVE-2021-9999', 'pkg:npm/lodash@4.17.20'),
  ]);
  const r = applySuppressions(input, { rules: [], vex });
  assert.deepEqual(r.findings.vulnerabilities.map((f) => `${f.id} ${f.package.purl}`), [
    'CVE-2023-44487 pkg:golang/golang.org/x/net@v0.17.0', 'CVE-2021-9999 pkg:npm/lodash@4.17.20',
  ]);
  assert.deepEqual(r.suppressed.map((s) => s.reason), [
    'not_affected: vulnerable_code_not_in_execute_path: the HTTP/2 server is never started',
    'not_affected: vulnerable_code_not_in_execute_path: the HTTP/2 server is never started',
    'fixed: patched in our rebuild',
    'not_affected: component_not_present',
  ]);
  assert.ok(r.suppressed.every((s) => s.source === 'vex:openvex.json'));
});

test('CycloneDX VEX: false_positive/not_affected and resolved suppress, exploitable keeps, no analysis is ignored', () => {
  const vex = parseVex(fixture('cyclonedx-vex.json'), 'bom.vex.json');
  const input = sets([
    vuln('GHSA-35jh-r3h4-6jhm', 'pkg:npm/lodash@4.17.20', ['CVE-2021-23337']),
    vuln('CVE-2023-43804', 'pkg:pypi/urllib3@1.26.5'),
    vuln('CVE-2023-45803', 'pkg:pypi/urllib3@1.26.5'),
    vuln('CVE-2020-0001', 'pkg:pypi/urllib3@1.26.5'),
    vuln('CVE-2023-43804', 'pkg:pypi/urllib3@2.0.0'),
  ]);
  const r = applySuppressions(input, { rules: [], vex });
  assert.deepEqual(r.findings.vulnerabilities.map((f) => `${f.id} ${f.package.purl}`), [
    'CVE-2023-45803 pkg:pypi/urllib3@1.26.5', 'CVE-2020-0001 pkg:pypi/urllib3@1.26.5', 'CVE-2023-43804 pkg:pypi/urllib3@2.0.0',
  ]);
  assert.deepEqual(r.suppressed.map((s) => s.reason), ['not_affected: code_not_reachable: template() is never called', 'fixed: backported fix']);
});

test('VEX: unreadable or unknown documents are input errors', () => {
  assert.throws(() => parseVex('{', 'x.json'), (e) => isBulwarkError(e) && e.code === 'MALFORMED_DOCUMENT');
  assert.throws(() => parseVex('{"spdxVersion":"SPDX-2.3"}', 'x.json'), (e) => isBulwarkError(e) && e.code === 'INPUT_UNRECOGNIZED');
  assert.throws(() => loadSuppressions({ vexFiles: ['/nonexistent/vex.json'] }), (e) => isBulwarkError(e) && e.code === 'INPUT_NOT_FOUND');
});

test('loadSuppressions: .bulwarkignore in cwd, bulwark.yaml ignore list, VEX files (relative to cwd too)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-suppress-'));
  writeFileSync(join(dir, '.bulwarkignore'), 'CVE-1\n');
  writeFileSync(join(dir, 'a.vex.json'), fixture('openvex.json'));
  const s = loadSuppressions({ cwd: dir, ignore: parseConfig({ ignore: ['CVE-2'] }).ignore, vexFiles: ['a.vex.json', join(dir, 'a.vex.json')] });
  assert.deepEqual(s.rules.map((r) => r.id).sort(), ['CVE-1', 'CVE-2']);
  assert.equal(s.vex.length, 10);
  assert.deepEqual(loadSuppressions({ cwd: tmpdir() + '/does-not-exist-dir' }), { rules: [], vex: [] });
});

test('path globs: *, ** across directories (also none), ?', async () => {
  const { globMatches } = await import('./rules.js');
  assert.ok(globMatches('app/**/*.env', 'app/x.env'));
  assert.ok(globMatches('app/**/*.env', 'app/a/b/x.env'));
  assert.ok(!globMatches('app/*.env', 'app/a/x.env'));
  assert.ok(globMatches('/etc/ssl/?ey.pem', 'etc/ssl/key.pem'));
  assert.ok(!globMatches('app/**', 'lib/app/x'));
  assert.ok(globMatches('**/id_rsa', 'root/.ssh/id_rsa'));
});

test('OpenVEX from the Bulwark server: a bare image digest scopes to that image, no product means everywhere', () => {
  const img = `sha256:${'a'.repeat(64)}`;
  const other = `sha256:${'b'.repeat(64)}`;
  const doc = {
    '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://bulwark.local/vex/x', author: 'bulwark-server', timestamp: '2026-12-06T10:00:00Z', version: 1,
    statements: [
      { vulnerability: { name: 'CVE-2026-0001' }, status: 'not_affected', justification: 'component_not_present' },
      { vulnerability: { name: 'CVE-2026-0002' }, products: [{ '@id': img }], status: 'not_affected', justification: 'vulnerable_code_not_present' },
      { vulnerability: { name: 'CVE-2026-0003' }, products: [{ '@id': img, subcomponents: [{ '@id': 'pkg:npm/left' }] }], status: 'not_affected', justification: 'inline_mitigations_already_exist' },
      { vulnerability: { name: 'CVE-2026-0004' }, products: [{ '@id': other.toUpperCase().replace('SHA256', 'sha256') }], status: 'not_affected', justification: 'component_not_present' },
    ],
  };
  const vex = parseVex(JSON.stringify(doc), 'server.openvex.json');
  const input = sets([
    vuln('CVE-2026-0001', 'pkg:npm/a@1.0.0'), vuln('CVE-2026-0001', 'pkg:deb/debian/b@2'),
    vuln('CVE-2026-0002', 'pkg:npm/a@1.0.0'), vuln('CVE-2026-0002', 'pkg:deb/debian/b@2'),
    vuln('CVE-2026-0003', 'pkg:npm/left@1.0.0'), vuln('CVE-2026-0003', 'pkg:npm/right@1.0.0'),
    vuln('CVE-2026-0004', 'pkg:npm/a@1.0.0'),
  ]);
  const left = (digests?: string[]): string[] => applySuppressions(input, { rules: [], vex }, digests ? { imageDigests: digests } : {}).findings.vulnerabilities.map((f) => `${f.id} ${f.package.purl}`);
  // The scanned image: the global statement, the image-wide one and the image+package one apply; the other image's does not.
  assert.deepEqual(left([img, `sha256:${'c'.repeat(64)}`]), ['CVE-2026-0003 pkg:npm/right@1.0.0', 'CVE-2026-0004 pkg:npm/a@1.0.0']);
  // Another image (or a scan without a digest: a directory): only "everywhere" applies.
  const globalOnly = ['CVE-2026-0002 pkg:npm/a@1.0.0', 'CVE-2026-0002 pkg:deb/debian/b@2', 'CVE-2026-0003 pkg:npm/left@1.0.0', 'CVE-2026-0003 pkg:npm/right@1.0.0', 'CVE-2026-0004 pkg:npm/a@1.0.0'];
  assert.deepEqual(left([`sha256:${'c'.repeat(64)}`]), globalOnly);
  assert.deepEqual(left(), globalOnly);
  assert.deepEqual(left([other]), ['CVE-2026-0002 pkg:npm/a@1.0.0', 'CVE-2026-0002 pkg:deb/debian/b@2', 'CVE-2026-0003 pkg:npm/left@1.0.0', 'CVE-2026-0003 pkg:npm/right@1.0.0']);
});
