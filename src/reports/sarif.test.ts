import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeSarif } from './sarif.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

interface Sarif {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; properties: { 'security-severity': string }; shortDescription: { text: string } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; partialFingerprints: Record<string, string>;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }>;
  }>;
}

test('sarif matches the golden file and is deterministic', () => {
  const out = writeSarif(fixtureReport());
  assert.equal(writeSarif(fixtureReport()), out);
  assertGolden('sarif.json', out);
});

test('sarif: rules per id, levels, security-severity, locations with lines, fingerprints', () => {
  const sarif = JSON.parse(writeSarif(fixtureReport())) as Sarif;
  assert.equal(sarif.runs.length, 1);
  const { rules } = sarif.runs[0].tool.driver;
  const { results } = sarif.runs[0];
  assert.equal(results.length, 4 + 2 + 2);
  for (const r of results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
  const rule = (id: string) => rules.find((r) => r.id === id);
  assert.equal(rule('CVE-2021-44228')?.properties['security-severity'], '10.0');
  assert.equal(rule('CVE-2024-2511')?.properties['security-severity'], '2.0');
  const res = (id: string) => results.find((r) => r.ruleId === id);
  assert.equal(res('CVE-2021-44228')?.level, 'error');
  assert.equal(res('CVE-2023-5678')?.level, 'warning');
  assert.equal(res('CVE-2024-2511')?.level, 'note');
  assert.equal(res('CVE-2021-44228')?.locations[0].physicalLocation.artifactLocation.uri, 'opt/app/lib/log4j-core-2.14.1.jar');
  const k8s = res('BW-K8S-0012')?.locations[0].physicalLocation;
  assert.deepEqual(k8s, { artifactLocation: { uri: 'deploy/web.yaml' }, region: { startLine: 17 } });
  const secret = res('aws-access-token');
  assert.deepEqual(secret?.locations[0].physicalLocation.region, { startLine: 3 });
  assert.match(secret?.message.text ?? '', /AKIA\*+/);
  const prints = results.map((r) => Object.values(r.partialFingerprints)[0]);
  assert.equal(new Set(prints).size, prints.length);
});

test('sarif: paths with spaces and # become valid relative URIs', () => {
  const r = fixtureReport();
  r.secrets[0].path = 'app/my dir/#notes.txt';
  const sarif = JSON.parse(writeSarif(r)) as Sarif;
  const uris = sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
  assert.ok(uris.includes('app/my%20dir/%23notes.txt'));
});
