/** PolicyReport writer: an image report keeps every finding kind with its own category (not "Kubernetes"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { writePolicyReport } from './policy-report.js';
import { fixtureReport } from './testdata/fixture-report.js';
import { assertGolden } from './testdata/golden.js';

interface Doc { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; summary: Record<string, number>; results: Array<{ policy: string; rule: string; category: string; result: string; severity?: string; properties?: Record<string, string> }> }

test('image report → one ClusterPolicyReport with vulnerabilities, secrets, misconfigurations and licenses', () => {
  const report = fixtureReport();
  const text = writePolicyReport(report);
  assertGolden('policy-report.yaml', text);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Doc);
  assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}`), ['ClusterPolicyReport/', 'PolicyReport/shop']);
  const cluster = docs[0];
  assert.equal(cluster.metadata.name, 'bulwark-image-registry.example.com-shop-web-1.4.2');
  assert.equal(cluster.metadata.annotations?.['bulwark.dev/target'], report.target.name);
  const all = docs.flatMap((d) => d.results);
  assert.equal(all.length, report.vulnerabilities.length + report.secrets.length + report.misconfigurations.length + report.licenses.length);
  const byCategory = (c: string) => all.filter((r) => r.category === c).map((r) => r.policy).sort();
  assert.deepEqual(byCategory('Vulnerability'), report.vulnerabilities.map((v) => v.id).sort());
  assert.deepEqual(byCategory('Secret'), report.secrets.map((s) => s.ruleId).sort());
  assert.deepEqual(byCategory('Image configuration'), ['BW-IMG-0001']);
  assert.deepEqual(byCategory('License'), ['Apache-2.0', 'GPL-3.0-only']);
  const vuln = all.find((r) => r.policy === report.vulnerabilities[0].id && r.category === 'Vulnerability')!;
  assert.equal(vuln.properties?.installedVersion, report.vulnerabilities[0].package.version);
  assert.equal(vuln.rule, report.vulnerabilities[0].package.name);
  // Only the license the policy flags fails; the others are recorded as passes.
  assert.deepEqual(all.filter((r) => r.category === 'License').map((r) => `${r.policy}:${r.result}`).sort(), ['Apache-2.0:pass', 'GPL-3.0-only:fail']);
  assert.equal(cluster.summary.fail + cluster.summary.pass, cluster.results.length);
  for (const s of report.secrets) assert.ok(text.includes(s.match), 'the redacted match is the only form of the secret');
});

test('Kubernetes findings: the category is the title of the finding\'s own group, not a guess from its id', () => {
  const report = fixtureReport();
  report.target = { type: 'kubernetes', name: 'deploy/' };
  report.vulnerabilities = [];
  report.secrets = [];
  report.licenses = [];
  report.misconfigurations = [
    { id: 'ACME-7', severity: 'high', title: 'Ingress from anywhere', message: 'm', category: 'kubernetes', group: 'network',
      resource: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'open' } },
    { id: 'BW-K8S-0401', severity: 'medium', title: 'CIS 1.2.1', message: 'm', category: 'kubernetes', group: 'cis' },
  ];
  const docs = parseAllDocuments(writePolicyReport(report)).map((d) => d.toJS() as Doc);
  assert.deepEqual(docs.map((d) => d.metadata.name), ['bulwark-cluster', 'bulwark-shop']);
  assert.deepEqual(docs.flatMap((d) => d.results.map((r) => `${r.policy}: ${r.category}`)), ['BW-K8S-0401: CIS Kubernetes Benchmark', 'ACME-7: Network exposure']);
});
