/** `bulwark graph --iac`: EKS node roles the node-role checks fail become exits (node → role; pod → role when IMDS answers pods). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildAttackGraph } from '../../src/scan/attack-graph.js';

const TD = fileURLToPath(new URL('../../src/graph/testdata/iac-exits/', import.meta.url));
const WORKLOADS = `${TD}workloads.yaml`;
const ROLE = 'cloud:node-role:aws:aws_iam_role.node';

const graphWith = (iac: string) => buildAttackGraph({ paths: [WORKLOADS], iacPaths: [`${TD}${iac}`], to: ['cloud-identity'] });

test('iac exits: internet → service → privileged pod → escape → node → node role that can push to ECR, BW-IAC-1401 named', async () => {
  const { graph, result } = await graphWith('push');
  const role = graph.nodes.get(ROLE);
  assert.equal(role?.jewel, 'cloud-identity');
  assert.match(role!.name, /eks-node \(cluster prod\)/);
  const path = result.paths.find((p) => p.to === ROLE);
  assert.ok(path, `no path to the node role; paths: ${result.paths.map((p) => p.explanation).join(' | ')}`);
  assert.deepEqual(path.edges.map((e) => e.type), ['INTERNET_EXPOSE', 'ENDPOINT_EXPLOIT', 'CE_PRIV_MOUNT', 'NODE_ROLE_CREDENTIALS']);
  const last = path.edges.at(-1)!;
  assert.match(last.reason, /BW-IAC-1401 EKS node role can push container images/);
  assert.deepEqual(last.fix?.findings, ['BW-IAC-1401']);
  // IMDS settings are not written in this Terraform: unknown never becomes a pod → role edge.
  assert.ok(!graph.edges.some((e) => e.type === 'POD_IMDS_CREDENTIALS'));
});

test('iac exits: the same node role written in CloudFormation is the same exit', async () => {
  const { result } = await graphWith('cfn-push');
  const path = result.paths.find((p) => p.to === 'cloud:node-role:aws:NodeRole');
  assert.ok(path, result.paths.map((p) => p.to).join(', '));
  assert.match(path.edges.at(-1)!.reason, /BW-IAC-1401/);
});

test('iac exits: hop limit 2 (BW-IAC-1209) adds a direct pod → node role edge that outranks the escape', async () => {
  const { graph, result } = await graphWith('imds');
  const direct = graph.edges.find((e) => e.type === 'POD_IMDS_CREDENTIALS' && e.from === 'container:shop/web/app' && e.to === ROLE);
  assert.ok(direct);
  assert.match(direct.reason, /BW-IAC-1209/);
  assert.match(direct.reason, /BW-IAC-1401/);
  const best = result.paths.find((p) => p.to === ROLE)!;
  assert.deepEqual(best.edges.map((e) => e.type), ['INTERNET_EXPOSE', 'ENDPOINT_EXPLOIT', 'POD_IMDS_CREDENTIALS']);
});

test('iac exits: a node role with pull-only permissions is no exit, even with hop limit 2', async () => {
  const { graph, result } = await graphWith('readonly');
  assert.ok(![...graph.nodes.values()].some((n) => n.kind === 'cloud-identity'));
  assert.ok(!graph.edges.some((e) => e.type === 'NODE_ROLE_CREDENTIALS' || e.type === 'POD_IMDS_CREDENTIALS'));
  assert.equal(result.paths.length, 0);
});

test('iac exits: GKE default compute service account (BW-IAC-2219) is an exit, reached from pods when BW-IAC-2221 fails; a dedicated SA is not', async () => {
  const id = 'cloud:node-role:google:gke-node-sa:default';
  const { graph, result } = await graphWith('gke-default');
  assert.match(graph.nodes.get(id)?.name ?? '', /GKE node service account Compute Engine default service account \(cluster prod\)/);
  assert.ok(graph.edges.some((e) => e.type === 'NODE_ROLE_CREDENTIALS' && e.to === id && /BW-IAC-2219/.test(e.reason)));
  const best = result.paths.find((p) => p.to === id)!;
  assert.deepEqual(best.edges.map((e) => e.type), ['INTERNET_EXPOSE', 'ENDPOINT_EXPLOIT', 'POD_IMDS_CREDENTIALS']);
  assert.match(best.edges[2].reason, /BW-IAC-2221/);
  const custom = await graphWith('gke-custom');
  assert.ok(![...custom.graph.nodes.values()].some((n) => n.kind === 'cloud-identity'));
});

test('iac exits: AKS kubelet identity with AcrPush (BW-IAC-3126) is reached from the node only; AcrPull is no exit', async () => {
  const id = 'cloud:node-role:azure:aks-kubelet:azurerm_kubernetes_cluster.main';
  const { graph, result } = await graphWith('aks-push');
  assert.ok(graph.edges.some((e) => e.type === 'NODE_ROLE_CREDENTIALS' && e.to === id && /BW-IAC-3126/.test(e.reason)));
  assert.ok(!graph.edges.some((e) => e.type === 'POD_IMDS_CREDENTIALS'), 'no check proves pods reach IMDS on AKS');
  assert.deepEqual(result.paths.find((p) => p.to === id)?.edges.map((e) => e.type), ['INTERNET_EXPOSE', 'ENDPOINT_EXPLOIT', 'CE_PRIV_MOUNT', 'NODE_ROLE_CREDENTIALS']);
  const pull = await graphWith('aks-pull');
  assert.ok(![...pull.graph.nodes.values()].some((n) => n.kind === 'cloud-identity'));
});

test('iac exits: bulwark graph --iac on the fixture (JSON), and a missing --iac path is one line, exit 2', () => {
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const r = run(['graph', WORKLOADS, '--iac', `${TD}push`, '-f', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { edges: Array<{ to: string; type: string; reason: string }>; paths: Array<{ to: string }> };
  assert.ok(j.edges.some((e) => e.type === 'NODE_ROLE_CREDENTIALS' && e.to === ROLE && /BW-IAC-1401/.test(e.reason)));
  assert.ok(j.paths.some((p) => p.to === ROLE));
  const bad = run(['graph', WORKLOADS, '--iac', `${TD}nope`]);
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /no such file or directory/);
});
