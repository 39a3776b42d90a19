// Every machine-readable writer's output validates against the format's OFFICIAL schema (provenance in
// schemas/README.md), for the fixed fixture report and for an empty report. A corrupted copy must fail, so the
// validators are known to be live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { emptyReport } from '../../src/core/index.js';
import { writeCycloneDx } from '../../src/reports/cyclonedx.js';
import { writeSpdxJson } from '../../src/reports/spdx.js';
import { writeSarif } from '../../src/reports/sarif.js';
import { fixtureReport } from '../../src/reports/testdata/fixture-report.js';

const schemaPath = (name: string) => new URL(`./schemas/${name}`, import.meta.url);

function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(schemaPath('sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  delete schema.$schema; // draft-04 meta-schema: see schemas/README.md
  delete schema.id;
  // The schema's language pattern has a stray ']' that only non-unicode RegExp accepts.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function spdxValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(schemaPath('spdx-schema-2.3.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const reports = { fixture: fixtureReport(), empty: emptyReport({ type: 'fs', name: 'empty-dir' }, '0.1.0', new Date('2026-01-01T00:00:00Z')) };

for (const [label, report] of Object.entries(reports)) {
  test(`cyclonedx (${label}) validates against the CycloneDX 1.6 strict JSON schema`, async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    const out = writeCycloneDx(report);
    assert.equal(await validator.validate(out), null);
  });

  test(`spdx-json (${label}) validates against the SPDX 2.3 JSON schema`, () => {
    const validate = spdxValidator();
    const ok = validate(JSON.parse(writeSpdxJson(report)));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  test(`sarif (${label}) validates against the SARIF 2.1.0 JSON schema`, () => {
    const validate = sarifValidator();
    const ok = validate(JSON.parse(writeSarif(report)));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });
}

test('a real rootfs scan (demo Debian base) writes SPDX that validates against the SPDX 2.3 JSON schema', async () => {
  const { scanRootfs } = await import('../../src/scan/index.js');
  const report = await scanRootfs(new URL('../../demo/base', import.meta.url).pathname, { scanners: [], noCache: true });
  assert.ok(report.os, 'the demo base has an OS');
  const validate = spdxValidator();
  assert.ok(validate(JSON.parse(writeSpdxJson(report))), JSON.stringify(validate.errors, null, 2));
});

test('the validators reject broken documents (they are not vacuous)', async () => {
  const cdx = JSON.parse(writeCycloneDx(reports.fixture)) as { components: Array<Record<string, unknown>> };
  cdx.components[1].type = 'not-a-type';
  assert.notEqual(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(cdx)), null);

  // The spec text's spelling, which the 2.3 JSON schema does not allow (the bug this validator caught).
  const spdx = JSON.parse(writeSpdxJson(reports.fixture)) as { packages: Array<Record<string, unknown>> };
  const osPackage = spdx.packages.find((p) => p.primaryPackagePurpose === 'OPERATING_SYSTEM');
  assert.ok(osPackage);
  osPackage.primaryPackagePurpose = 'OPERATING-SYSTEM';
  assert.equal(spdxValidator()(spdx), false);

  const sarif = JSON.parse(writeSarif(reports.fixture)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  sarif.runs[0].results[0].level = 'critical';
  assert.equal(sarifValidator()(sarif), false);
});
