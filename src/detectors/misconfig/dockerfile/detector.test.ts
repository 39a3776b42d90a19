import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAnalyzer } from '../../../analyzers/shared/testing.js';
import { dockerfileAnalyzer } from '../../../analyzers/dockerfile/analyzer.js';
import { parseDockerfile } from '../../../analyzers/dockerfile/parse-dockerfile.js';
import { silentLogger } from '../../../core/index.js';
import { dockerfileDetector } from './detector.js';
import { dockerfileChecks } from './registry.js';

const testdata = join(import.meta.dirname, 'testdata');

for (const name of readdirSync(testdata).filter((n) => !n.includes('.'))) {
  test(`Dockerfile case ${name}`, async () => {
    const dir = join(testdata, name);
    const run = await runAnalyzer(dockerfileAnalyzer, dir, { mode: 'fs' });
    const results = run.results.map((r) => ({ analyzer: 'dockerfile', path: r.path, layer: { index: 0, digest: '', diffId: '' }, deleted: false, result: r.result }));
    const out = await dockerfileDetector.detect({ inventory: { packages: [], results, warnings: [] }, options: { scanners: new Set(['misconfig']) }, logger: silentLogger });
    const got = (out.misconfigurations ?? []).map((f) => [f.id, f.line]).sort((a, b) => String(a).localeCompare(String(b)));
    const want = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Array<[string, number]>).sort((a, b) => String(a).localeCompare(String(b)));
    assert.deepEqual(got, want);
    for (const f of out.misconfigurations ?? []) assert.equal(f.file, 'Dockerfile');
  });
}

test('check ids are unique and stable-looking', () => {
  const ids = dockerfileChecks.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^BW-DF-\d{3}$/);
});

test('edge cases: USER root last, stage references, legacy ENV form, apt cache mounts', () => {
  const ids = (text: string, ignore = false) => dockerfileChecks.flatMap((c) => c.evaluate(parseDockerfile(text, ignore)).map(() => c.id));
  assert.ok(ids('FROM a:1@sha256:x\nUSER app\nUSER root\n').includes('BW-DF-001'));
  assert.ok(!ids('FROM a:1@sha256:x AS b\nFROM b\nUSER 1000\n').includes('BW-DF-002'), 'FROM <stage> is not a registry image');
  assert.ok(ids('FROM a:1\nENV API_KEY abc def\n').includes('BW-DF-012'));
  assert.ok(!ids('FROM a:1\nENV PATH /x:/y\n').includes('BW-DF-012'));
  assert.ok(!ids('FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y --no-install-recommends curl\n').includes('BW-DF-006'));
  assert.ok(!ids('FROM a:1\nCOPY . .\n', true).includes('BW-DF-010'), '.dockerignore present');
});
