/** `bulwark graph` end to end: formats, exit codes, scan results joined by image, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const CLUSTER = fileURLToPath(new URL('../../src/graph/testdata/vulnerable-cluster/cluster.yaml', import.meta.url));

function bulwark(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('graph: table leads with the fix that cuts most paths; --exit-code when a path exists', () => {
  const r = bulwark(['graph', CLUSTER, '--exit-code', '3']);
  assert.equal(r.code, 3, r.err);
  assert.match(r.out, /^Fix this one thing to cut \d+ of \d+ paths: /m);
  assert.match(r.out, /internet: internet → cluster-admin: cluster-admin/);
});

test('graph: JSON has nodes, edges with reasons, paths, fixes and the cut; DOT and Mermaid draw the paths', () => {
  const j = JSON.parse(bulwark(['graph', CLUSTER, '-f', 'json']).out) as {
    nodes: Array<{ id: string; kind: string; name: string; namespace?: string }>; edges: Array<{ from: string; to: string; type: string; reason: string }>;
    paths: Array<{ from: string; to: string; score: number; hops: unknown[] }>; fixes: unknown[]; cut: Array<{ fix: string; cuts: number }>;
  };
  assert.ok(j.nodes.some((n) => n.id === 'container:shop/web/app' && n.kind === 'container' && n.namespace === 'shop'));
  assert.ok(j.edges.length > 20 && j.edges.every((e) => e.reason && e.from && e.to));
  assert.ok(j.paths.length > 0 && j.paths.every((p) => p.score > 0 && p.score <= 1 && p.hops.length > 0));
  assert.equal(j.cut[0].fix, 'automount:ci/deploy');
  const dot = bulwark(['graph', CLUSTER, '-f', 'dot']).out;
  assert.match(dot, /^digraph attack_paths \{/);
  assert.match(dot, /"internet" -> "ingress:shop\/shop" \[label="INTERNET_EXPOSE"/);
  const mmd = bulwark(['graph', CLUSTER, '-f', 'mermaid']).out;
  assert.match(mmd, /^flowchart LR\n/);
  assert.match(mmd, /-->\|ENDPOINT_EXPLOIT\|/);
});

test('graph: --scan results raise an exposed KEV image to the top; bad scan input and unknown names exit 2 with one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-graph-'));
  try {
    const report = {
      schemaVersion: 1, tool: { name: 'bulwark', version: 't' }, createdAt: '2026-01-01T00:00:00Z',
      target: { type: 'image', name: 'registry.example/logging/agent:2.0' }, packages: [], secrets: [], misconfigurations: [], licenses: [], warnings: [], scanners: ['vuln'],
      vulnerabilities: [{ id: 'CVE-2099-7777', aliases: [], package: { name: 'fluent', version: '1', ecosystem: 'npm', purl: 'pkg:npm/fluent@1' }, status: 'fixed', fixedVersion: '2', severity: 'critical', source: 'osv', kev: { dateAdded: '2026-01-01' } }],
    };
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(report));
    const j = JSON.parse(bulwark(['graph', CLUSTER, '--scan', join(dir, 'agent.json'), '-f', 'json']).out) as { paths: Array<{ hops: Array<{ reason: string }> }> };
    assert.match(j.paths[0].hops[1].reason, /CVE-2099-7777 \(KEV/);
    writeFileSync(join(dir, 'bad.json'), '{"not": "a report"}');
    for (const args of [['--scan', join(dir, 'bad.json')], ['--scan', join(dir, 'missing.json')], ['--from', 'nosuch'], ['-f', 'pdf']]) {
      const r = bulwark(['graph', CLUSTER, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('graph: JSON output validates against docs/graph.schema.json (every node kind, edge and path of the vulnerable cluster)', async () => {
  const { Ajv } = await import('ajv');
  const { readFileSync } = await import('node:fs');
  const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../docs/graph.schema.json', import.meta.url)), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const out = JSON.parse(bulwark(['graph', CLUSTER, '-f', 'json']).out) as unknown;
  assert.ok(validate(out), JSON.stringify(validate.errors?.slice(0, 5)));
  // The schema is not vacuous: a node of an unknown kind and a probability of 0 are refused.
  const bad = structuredClone(out) as { nodes: Array<{ kind: string }>; edges: Array<{ p: number }> };
  bad.nodes[0].kind = 'spaceship';
  bad.edges[0].p = 0;
  assert.ok(!validate(bad));
});
