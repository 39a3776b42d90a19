import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report, VulnerabilityFinding } from '../core/index.js';
import { parseManifests } from '../k8s/index.js';
import { buildGraph, EDGE_TYPES, findPaths, type AttackGraph } from './index.js';

const TD = join(import.meta.dirname, 'testdata');
const load = (file: string): AttackGraph => buildGraph(parseManifests(readFileSync(file, 'utf8'), file).objects);
const hasEdge = (g: AttackGraph, from: string, to: string, type: string): boolean => g.edges.some((e) => e.from === from && e.to === to && e.type === type);

const attacks = readdirSync(join(TD, 'attacks')).sort();

for (const name of attacks) {
  const expect = JSON.parse(readFileSync(join(TD, 'attacks', name, 'expect.json'), 'utf8')) as { type: string; from: string; to: string };
  test(`${name}: the condition creates the edge, its negative twin does not`, () => {
    const pos = load(join(TD, 'attacks', name, 'positive.yaml'));
    assert.ok(hasEdge(pos, expect.from, expect.to, expect.type),
      `expected ${expect.type} ${expect.from} → ${expect.to}; edges: ${pos.edges.filter((e) => e.type === expect.type).map((e) => `${e.from}→${e.to}`).join(', ') || 'none of that type'}`);
    const edge = pos.edges.find((e) => e.from === expect.from && e.to === expect.to && e.type === expect.type)!;
    assert.ok(edge.reason.length > 10, 'every edge says why it exists');
    const neg = load(join(TD, 'attacks', name, 'negative.yaml'));
    assert.ok(!hasEdge(neg, expect.from, expect.to, expect.type), `negative twin still has ${expect.type} ${expect.from} → ${expect.to}`);
  });
}

test('every edge type has a fixture pair (IMAGE_SECRET comes from scan results: tested below; the node-role exits from IaC: test/graph/iac-exits.test.ts)', () => {
  const fromElsewhere = ['IMAGE_SECRET', 'NODE_ROLE_CREDENTIALS', 'POD_IMDS_CREDENTIALS'];
  const missing = Object.keys(EDGE_TYPES).filter((t) => !fromElsewhere.includes(t) && !attacks.includes(t));
  assert.deepEqual(missing, []);
});

const CLUSTER = join(TD, 'vulnerable-cluster', 'cluster.yaml');

test('vulnerable cluster: top paths, the one fix that cuts most, and NetworkPolicy isolation', () => {
  const g = load(CLUSTER);
  const r = findPaths(g);
  const ends = r.paths.map((p) => `${p.from} → ${p.to}`);
  assert.ok(ends.includes('internet → jewel:cluster-admin'), ends.join('\n'));
  // The web pod's token may create pods in kube-system: internet → ingress → web → token → pod-launcher → node.
  const node = r.paths.find((p) => p.to === 'node:*' && p.edges.some((e) => e.type === 'INGRESS_ROUTE'))!;
  assert.deepEqual(node.edges.map((e) => e.type), ['INTERNET_EXPOSE', 'INGRESS_ROUTE', 'ENDPOINT_EXPLOIT', 'IDENTITY_ASSUME', 'PERMISSION_DISCOVER', 'POD_CREATE']);
  // Payments' privileged API sits behind a default-deny policy: no path starts there.
  assert.ok(!g.edges.some((e) => e.type === 'ENDPOINT_EXPLOIT' && e.to.startsWith('container:payments/')));
  assert.ok(g.edges.some((e) => e.type === 'CE_PRIV_MOUNT' && e.from === 'container:payments/api/api'), 'the escape edge exists, only the entry is cut');
  // The CI deployer's token (bound to cluster-admin) sits on every path to cluster-admin: cutting it first.
  assert.equal(r.cut[0].fix.id, 'automount:ci/deploy');
  assert.deepEqual(r.cut[0].fix.findings, ['BW-K8S-0107'], 'the fix names the posture check that reports it');
  assert.equal(r.findings[0].id, 'BW-K8S-0107', 'the automount finding lies on the most paths');
  assert.ok(r.cut[0].cuts >= 4);
  const cut = new Set(r.cut.map((c) => c.fix.id));
  for (const p of r.paths) assert.ok(p.edges.some((e) => e.fix && cut.has(e.fix.id)), `the cut leaves ${p.explanation}`);
});

function vuln(id: string, extra: Partial<VulnerabilityFinding>): VulnerabilityFinding {
  return { id, aliases: [], package: { name: 'openssl', version: '3.0.1', ecosystem: 'debian', purl: 'pkg:deb/debian/openssl@3.0.1' }, status: 'fixed', fixedVersion: '3.0.2', severity: 'high', source: 'osv', ...extra };
}

function webReport(vulns: VulnerabilityFinding[]): Report {
  return {
    schemaVersion: 1, tool: { name: 'bulwark', version: 't' }, createdAt: '2026-01-01T00:00:00Z',
    target: { type: 'image', name: 'registry.example/shop/web:1.2' }, packages: [], vulnerabilities: vulns,
    secrets: [{ ruleId: 'aws-access-token', title: 'AWS access key', severity: 'critical', path: 'app/.env', deleted: true, match: 'AKIA****', fingerprint: 'f1' }],
    misconfigurations: [], licenses: [], warnings: [], scanners: ['vuln', 'secret'],
  };
}

test('scan results: a KEV vulnerability in the exposed image makes its path the most likely, and its upgrade a ranked fix', () => {
  const objects = parseManifests(readFileSync(CLUSTER, 'utf8'), CLUSTER).objects;
  const before = findPaths(buildGraph(objects));
  const kev = vuln('CVE-2099-0001', { kev: { dateAdded: '2026-01-01' }, cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }] });
  const g = buildGraph(objects, [webReport([vuln('CVE-2099-0002', { severity: 'low' }), kev])]);
  const after = findPaths(g);
  const web = (r: typeof after) => r.paths.find((p) => p.edges.some((e) => e.to === 'container:shop/web/app'))!;
  assert.ok(web(after).score > web(before).score * 5, `${web(after).score} vs ${web(before).score}`);
  assert.equal(after.paths[0].edges[2].fix?.id, 'cve:CVE-2099-0001@registry.example/shop/web:1.2');
  assert.match(after.paths[0].edges[2].reason, /CVE-2099-0001 \(KEV/);
  assert.ok(after.fixes.some((f) => f.findings?.includes('CVE-2099-0001')));
  assert.deepEqual(g.nodes.get('container:shop/web/app')!.findings?.slice(0, 2), ['CVE-2099-0001', 'CVE-2099-0002']);
  assert.ok(hasEdge(g, 'container:shop/web/app', 'secret:image:registry.example/shop/web:1.2#aws-access-token:app/.env', 'IMAGE_SECRET'));
});

test('--from pods and --to narrow the search; an unknown name is an error', () => {
  const g = load(CLUSTER);
  const admin = findPaths(g, { from: ['pods'], to: ['cluster-admin'] });
  assert.ok(admin.paths.length > 0);
  assert.ok(admin.paths.every((p) => p.to === 'jewel:cluster-admin' && p.from.startsWith('container:')));
  const fromWeb = findPaths(g, { from: ['container:shop/web/app'], to: ['node'] });
  assert.ok(fromWeb.paths.every((p) => p.from === 'container:shop/web/app'));
  assert.throws(() => findPaths(g, { from: ['nosuch'] }), /names no node/);
});
