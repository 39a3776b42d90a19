import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyLicenseText } from '../../analyzers/licenses/classify.js';
import { parseConfig } from '../../config/index.js';
import { silentLogger, type Package } from '../../core/index.js';
import { licensesDetector } from './detector.js';
import { normaliseLicense } from './expression.js';

test('classifies the real license texts Debian ships in /usr/share/common-licenses', () => {
  const expected: Record<string, string> = {
    'Apache-2.0': 'Apache-2.0', 'GPL-2': 'GPL-2.0-only', 'GPL-3': 'GPL-3.0-only', 'LGPL-2.1': 'LGPL-2.1-only',
    'MPL-2.0': 'MPL-2.0', 'CC0-1.0': 'CC0-1.0', 'Artistic': 'Artistic-1.0-Perl', 'MPL-1.1': 'MPL-1.1',
  };
  for (const [file, id] of Object.entries(expected)) {
    const c = classifyLicenseText(readFileSync(`/usr/share/common-licenses/${file}`, 'utf8'));
    assert.equal(c?.license, id, file);
    assert.ok(c!.confidence > 0.95, `${file} confidence ${c!.confidence}`);
  }
  assert.equal(classifyLicenseText('This is the README of a project.\nIt has nothing to do with licensing at all.'), undefined);
});

test('an MIT LICENSE with a real copyright line and wrapped lines still classifies as MIT', () => {
  const mit = readFileSync(new URL('../../../node_modules/picocolors/LICENSE', import.meta.url), 'utf8');
  assert.equal(classifyLicenseText(mit)?.license, 'ISC');
  const yaml = readFileSync(new URL('../../../node_modules/commander/LICENSE', import.meta.url), 'utf8');
  assert.equal(classifyLicenseText(yaml)?.license, 'MIT');
});

test('Debian DEP-5 short names normalise to SPDX ids', () => {
  assert.equal(normaliseLicense('GPL-2+').expression, 'GPL-2.0-or-later');
  assert.equal(normaliseLicense('Expat').expression, 'MIT');
  assert.equal(normaliseLicense('BSD-3-clause').expression, 'BSD-3-Clause');
  assert.equal(normaliseLicense('LGPL-2.1+').expression, 'LGPL-2.1-or-later');
  assert.equal(normaliseLicense('MIT/X').expression, 'MIT');
});

test('declared license strings normalise to SPDX expressions', () => {
  assert.equal(normaliseLicense('MIT').expression, 'MIT');
  assert.equal(normaliseLicense('(MIT OR Apache-2.0)').expression, 'MIT OR Apache-2.0');
  assert.equal(normaliseLicense('Apache 2.0').expression, 'Apache-2.0');
  assert.equal(normaliseLicense('GPLv2+').expression, 'GPL-2.0-or-later');
  assert.equal(normaliseLicense('MIT / Apache-2.0').expression, 'MIT OR Apache-2.0');
  assert.equal(normaliseLicense('MIT/X11').expression, 'MIT', 'spdx-correct knows the MIT/X11 spelling');
  assert.match(normaliseLicense('Proprietary, see LICENSE.txt').expression, /^LicenseRef-/);
});

const pkg = (name: string, licenses: string[]): Package => ({
  name, version: '1.0.0', ecosystem: 'npm', type: 'library', purl: `pkg:npm/${name}@1.0.0`, licenses,
  locations: [{ path: `app/node_modules/${name}/package.json`, layer: 'sha256:l1' }], foundBy: ['npm'],
});

async function run(packages: Package[], yaml?: Record<string, unknown>) {
  const config = yaml ? parseConfig(yaml) : undefined;
  const out = await licensesDetector.detect({ inventory: { packages, results: [], warnings: [] }, options: { scanners: new Set(['license']), ...(config ? { config } : {}) }, logger: silentLogger });
  return Object.fromEntries((out.licenses ?? []).map((l) => [l.package!.name, l]));
}

test('categories, severities and the bulwark.yaml policy', async () => {
  const r = await run([pkg('a', ['AGPL-3.0-only']), pkg('b', ['GPL-2.0-only']), pkg('c', ['MPL-2.0']), pkg('d', ['MIT']),
    pkg('e', ['CC0-1.0']), pkg('f', ['GPL-3.0-only OR MIT']), pkg('g', ['MIT', 'GPL-2.0-only']), pkg('h', ['Weird-1'])]);
  assert.deepEqual([r.a.category, r.a.severity, r.a.policyViolation], ['forbidden', 'critical', true]);
  assert.deepEqual([r.b.category, r.b.severity, r.b.policyViolation], ['restricted', 'high', undefined]);
  assert.equal(r.c.category, 'reciprocal');
  assert.deepEqual([r.d.category, r.d.severity], ['notice', 'low']);
  assert.equal(r.e.category, 'unencumbered');
  assert.equal(r.f.category, 'notice', 'OR: the user may pick MIT');
  assert.deepEqual([r.g.license, r.g.category], ['MIT AND GPL-2.0-only', 'restricted']);
  assert.equal(r.h.category, 'unknown');
  const strict = await run([pkg('b', ['GPL-2.0-only']), pkg('d', ['MIT'])], { licenses: { forbidden: ['GPL-2.0-only'], ignore: ['MIT'] } });
  assert.deepEqual([strict.b.category, strict.b.policyViolation], ['forbidden', true]);
  assert.equal(strict.d, undefined, 'ignored license');
});

test('policy: a forbidden license anywhere in an AND is a violation, even next to an unknown one (#11)', async () => {
  const policy = { licenses: { forbidden: ['GPL-3.0-or-later'] } };
  const r = await run([
    pkg('debian-style', ['GPL-3.0-or-later', 'Some custom permission notice']),
    pkg('and', ['GPL-3.0-or-later AND LicenseRef-vendor']),
    pkg('or-unknown', ['GPL-3.0-or-later OR LicenseRef-vendor']),
    pkg('or-known', ['GPL-3.0-or-later OR MIT']),
    pkg('or-all-forbidden', ['GPL-3.0-or-later OR AGPL-3.0-only']),
    pkg('plus', ['GPL-3.0+']),
    pkg('nested', ['(GPL-3.0-or-later OR LicenseRef-a) AND (GPL-3.0-or-later OR AGPL-3.0-only)']),
  ], policy);
  assert.deepEqual([r['debian-style'].category, r['debian-style'].policyViolation], ['forbidden', true]);
  assert.equal(r['debian-style'].license, 'GPL-3.0-or-later AND LicenseRef-Some-custom-permission-notice');
  assert.deepEqual([r.and.category, r.and.severity, r.and.policyViolation], ['forbidden', 'critical', true]);
  // OR: the user may choose the other alternative — a violation only when every alternative is one.
  assert.deepEqual([r['or-unknown'].category, r['or-unknown'].policyViolation], ['unknown', undefined]);
  assert.deepEqual([r['or-known'].category, r['or-known'].policyViolation], ['notice', undefined]);
  assert.deepEqual([r['or-all-forbidden'].category, r['or-all-forbidden'].policyViolation], ['forbidden', true]);
  assert.deepEqual([r.plus.category, r.plus.policyViolation], ['forbidden', true], 'GPL-3.0+ is GPL-3.0-or-later');
  assert.deepEqual([r.nested.category, r.nested.policyViolation], ['forbidden', true]);
});

test('policy: failOn other categories follows the same AND/OR rule', async () => {
  const r = await run([pkg('a', ['GPL-2.0-only AND LicenseRef-x']), pkg('b', ['GPL-2.0-only OR MIT']), pkg('c', ['GPL-2.0-only OR LGPL-2.1-only'])],
    { licenses: { failOn: ['forbidden', 'restricted'] } });
  assert.deepEqual([r.a.category, r.a.policyViolation], ['unknown', true], 'the restricted part applies whatever the unknown one is');
  assert.deepEqual([r.b.category, r.b.policyViolation], ['notice', undefined]);
  assert.deepEqual([r.c.category, r.c.policyViolation], ['restricted', true]);
});
