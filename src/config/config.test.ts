import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBulwarkError } from '../core/index.js';
import { loadConfig, parseConfig } from './index.js';

function configError(doc: unknown): string {
  try {
    parseConfig(doc, 'bulwark.yaml');
  } catch (err) {
    assert.ok(isBulwarkError(err) && err.code === 'CONFIG_INVALID', String(err));
    return err.message;
  }
  assert.fail('expected CONFIG_INVALID');
}

test('scalars where lists belong are CONFIG_INVALID naming the key, never split into characters', () => {
  assert.equal(configError({ licenses: { forbidden: 'GPL-3.0-only' } }), 'bulwark.yaml: licenses.forbidden: expected a list (write [GPL-3.0-only])');
  assert.match(configError({ licenses: { forbidden: ['GPL-3.0-only'], failOn: 'forbidden' } }), /^bulwark\.yaml: licenses\.failOn: expected a list/);
  assert.match(configError({ secrets: { rules: [{ id: 'x', regex: 'a', keywords: 'abc' }] } }), /secrets\.rules\[0\]\.keywords: expected a list/);
  assert.match(configError({ malware: { knownBad: 'list.json' } }), /malware\.knownBad: expected a list/);
  assert.match(configError({ ignore: 'CVE-1' }), /ignore: expected a list/);
  assert.match(configError({ ignore: [{ id: 'CVE-1', paths: 'app/**' }] }), /ignore\[0\]\.paths: expected a list/);
});

test('values are checked: enumerations, dates, rule ids, unknown keys with a suggestion', () => {
  assert.match(configError({ licenses: { failOn: ['forbiden'] } }), /licenses\.failOn\[0\]: expected one of forbidden, restricted/);
  assert.match(configError({ vulnerability: { severitySource: 'nvd' } }), /vulnerability\.severitySource: expected one of auto, cvss, vendor/);
  assert.match(configError({ ignore: [{ id: 'CVE-1', expires: '2026-02-30' }] }), /ignore\[0\]\.expires: bad date "2026-02-30"/);
  assert.match(configError({ secrets: { rules: [{ regex: 'a' }] } }), /secrets\.rules\[0\]: a rule needs an "id"/);
  assert.match(configError({ licenses: { forbiden: ['MIT'] } }), /licenses\.forbiden: unknown key \(did you mean "forbidden"\?\)/);
  assert.match(configError({ secrets: { allowlist: { regexTarget: 'file' } } }), /secrets\.allowlist\.regexTarget: expected one of secret, match, line/);
});

test('one alias scheme: camelCase, kebab-case and snake_case name the same key; two spellings of one key are an error', () => {
  for (const key of ['failOn', 'fail-on', 'fail_on']) {
    assert.deepEqual(parseConfig({ licenses: { [key]: ['restricted'] } }).licenses?.failOn, ['restricted'], key);
  }
  assert.deepEqual(parseConfig({ 'ignore-unfixed': true, image: { 'max_layer_bytes': '1GiB' } }), { flags: { ignoreUnfixed: true }, commands: { image: { maxLayerBytes: '1GiB' } } });
  assert.deepEqual(parseConfig({ secrets: { 'gitleaks-configs': ['a.toml'], 'disable_rules': ['x'] } }).secrets, { gitleaksConfigs: ['a.toml'], disableRules: ['x'] });
  assert.match(configError({ licenses: { failOn: ['forbidden'], 'fail-on': ['restricted'] } }), /licenses\.fail-on: same key as "failOn"/);
});

test('typed sections: licenses by category, ignore entries, flag defaults', () => {
  const c = parseConfig({
    licenses: { forbidden: ['GPL-3.0-only'], restricted: ['LGPL-2.1-only'], ignore: ['MIT'] },
    ignore: ['CVE-1', { id: 'CVE-2', expires: new Date('2027-01-01'), purl: 'pkg:npm/a', paths: ['app/**'], reason: 'r' }],
    scanners: ['vuln', 'secret'], severity: 'high',
  });
  assert.deepEqual(c.licenses, { categories: { forbidden: ['GPL-3.0-only'], restricted: ['LGPL-2.1-only'] }, ignore: ['MIT'] });
  assert.deepEqual(c.ignore, [
    { id: 'CVE-1', purls: [], paths: [] },
    { id: 'CVE-2', purls: ['pkg:npm/a'], paths: ['app/**'], expires: '2027-01-01', reason: 'r' },
  ]);
  assert.deepEqual(c.flags, { scanners: ['vuln', 'secret'], severity: 'high' });
});

test('loadConfig: YAML errors, a non-mapping document and a missing explicit file are CONFIG_INVALID; no file is the empty config', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(loadConfig(undefined, dir), { flags: {}, commands: {} });
  const bad = (text: string, re: RegExp) => {
    writeFileSync(join(dir, 'bulwark.yaml'), text);
    assert.throws(() => loadConfig(undefined, dir), (e) => isBulwarkError(e) && e.code === 'CONFIG_INVALID' && re.test(e.message));
  };
  bad('licenses: [unclosed', /invalid YAML/);
  bad('- a\n- b\n', /expected a mapping at the top level/);
  bad('licenses: {forbidden: GPL-3.0-only, failOn: forbidden}\n', /bulwark\.yaml: licenses\.forbidden: expected a list/);
  assert.throws(() => loadConfig('nope.yaml', dir), (e) => isBulwarkError(e) && e.code === 'CONFIG_INVALID');
  writeFileSync(join(dir, 'bulwark.yaml'), 'licenses:\n  forbidden: [GPL-3.0-only]\n');
  assert.deepEqual(loadConfig(undefined, dir).licenses?.categories, { forbidden: ['GPL-3.0-only'] });
});
