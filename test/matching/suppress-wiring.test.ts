/** The scan composition applies .bulwarkignore / bulwark.yaml ignore / VEX after the detectors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../../src/core/index.js';
import { runDetectors } from '../../src/scan/run-detectors.js';
import { vulnerabilityDetector } from '../../src/detectors/vulnerability/index.js';
import { MemoryAdvisoryStore, adv } from './memory-store.js';

test('runDetectors: VEX and bulwark.yaml ignore rules move findings to suppressed[]', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-wiring-'));
  const vex = join(dir, 'vex.json');
  writeFileSync(vex, JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0', statements: [
      { vulnerability: { name: 'CVE-2021-1' }, products: [{ '@id': 'pkg:npm/lodash@4.17.20' }], status: 'not_affected', justification: 'inline_mitigations_already_exist' },
    ],
  }));
  const pkg: Package = { name: 'lodash', version: '4.17.20', ecosystem: 'npm', type: 'library', purl: 'pkg:npm/lodash@4.17.20', licenses: [], locations: [{ path: 'app/package-lock.json' }], foundBy: ['t'] };
  const store = new MemoryAdvisoryStore(['CVE-2021-1', 'CVE-2021-2', 'CVE-2021-3'].map((id) =>
    adv({ id, ecosystem: 'npm', package: 'lodash', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] })));
  const out = await runDetectors({ packages: [pkg], results: [], warnings: [] }, ['vuln'], {
    store, detectors: [vulnerabilityDetector], vexFiles: [vex], ignoreFile: join(dir, 'none'), config: { ignore: [{ id: 'CVE-2021-2', purls: [], paths: ['app/**'] }] },
  }).catch((e: unknown) => e);
  // an explicit ignore file that does not exist is an input error, not silence
  assert.equal((out as { code?: string }).code, 'INPUT_NOT_FOUND');
  writeFileSync(join(dir, 'none'), '# nothing\n');
  const ok = await runDetectors({ packages: [pkg], results: [], warnings: [] }, ['vuln'], {
    store, detectors: [vulnerabilityDetector], vexFiles: [vex], ignoreFile: join(dir, 'none'), config: { ignore: [{ id: 'CVE-2021-2', purls: [], paths: ['app/**'] }] },
  });
  assert.deepEqual(ok.vulnerabilities.map((f) => f.id), ['CVE-2021-3']);
  assert.deepEqual(ok.suppressed?.map((s) => [s.id, s.source]), [['CVE-2021-1', 'vex:vex.json'], ['CVE-2021-2', 'bulwark.yaml']]);
});

test('runDetectors passes pkgTypes to the matcher; the CLI parses --pkg-types', async () => {
  const { parsePkgTypes } = await import('../../src/cli/options.js');
  assert.deepEqual(parsePkgTypes('os, library,os'), ['os', 'library']);
  assert.throws(() => parsePkgTypes('os,binary'), (e: unknown) => (e as { code?: string }).code === 'USAGE');
  const lib: Package = { name: 'lodash', version: '1.0.0', ecosystem: 'npm', type: 'library', purl: 'pkg:npm/lodash@1.0.0', licenses: [], locations: [], foundBy: ['t'] };
  const store = new MemoryAdvisoryStore([adv({ id: 'CVE-1', ecosystem: 'npm', package: 'lodash', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] })]);
  const run = (pkgTypes?: Array<'os' | 'library'>) => runDetectors({ packages: [lib], results: [], warnings: [] }, ['vuln'],
    { store, detectors: [vulnerabilityDetector], ignoreFile: undefined, ...(pkgTypes ? { pkgTypes } : {}) });
  assert.equal((await run()).vulnerabilities.length, 1);
  assert.equal((await run(['os'])).vulnerabilities.length, 0);
  assert.equal((await run(['library'])).vulnerabilities.length, 1);
});
