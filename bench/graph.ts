/**
 * Attack-graph benchmark (#17): 10,000 pods in 100 namespaces, 2,000 Services (a quarter public, some behind
 * Ingresses, NetworkPolicies in half the namespaces), 50,000 RBAC bindings over 200 roles, and 20,000
 * vulnerabilities in 200 image scan results. Times manifest parsing, graph building and the top-100 paths
 * separately, in one process, with peak RSS. Target: graph + top-100 paths < 10 s and < 1 GB.
 * Usage: node --import tsx bench/graph.ts [pods]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Report } from '../src/core/index.js';
import { buildGraph, findPaths } from '../src/graph/index.js';
import { loadInputs } from '../src/k8s/index.js';

const PODS = Number(process.argv[2] ?? 10_000);
const SERVICES = PODS / 5;
const BINDINGS = PODS * 5;
const NS = 100;
const IMAGES = 200;

function workloads(): string {
  const docs: string[] = [];
  for (let i = 0; i < PODS; i++) {
    const ns = `ns-${i % NS}`;
    const risky = i % 97 === 0 ? '\n        securityContext: { privileged: true }' : '';
    const host = i % 211 === 0 ? '\n        volumeMounts: [{ name: logs, mountPath: /host/log }]' : '';
    const vols = i % 211 === 0 ? '\n    volumes: [{ name: logs, hostPath: { path: /var/log } }]' : '';
    docs.push(`apiVersion: v1
kind: Pod
metadata: { name: pod-${i}, namespace: ${ns}, labels: { app: app-${i % SERVICES} } }
spec:
    serviceAccountName: sa-${i % 20}
    containers:
      - name: app
        image: registry.example/team/app-${i % IMAGES}:1.0
        ports: [{ containerPort: 8080 }]${risky}${host}${vols}`);
  }
  return docs.join('\n---\n');
}

function services(): string {
  const docs: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const ns = `ns-${i % NS}`;
    docs.push(`apiVersion: v1
kind: Service
metadata: { name: svc-${i}, namespace: ${ns} }
spec: { type: ${i % 4 === 0 ? 'LoadBalancer' : 'ClusterIP'}, selector: { app: app-${i} }, ports: [{ port: 80, targetPort: 8080 }] }`);
    if (i % 4 === 1) {
      docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ing-${i}, namespace: ${ns} }
spec: { rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: svc-${i}, port: { number: 80 } } } }] } }] }`);
    }
  }
  for (let n = 0; n < NS; n += 2) {
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: ns-${n} }
spec: { podSelector: {}, policyTypes: [Ingress] }`);
  }
  return docs.join('\n---\n');
}

const VERBS = [['get', 'list'], ['create'], ['patch'], ['get'], ['list', 'watch'], ['*']];
const RESOURCES = ['pods', 'pods/exec', 'secrets', 'deployments', 'configmaps', 'serviceaccounts'];

function rbac(): string {
  const docs: string[] = [];
  for (let r = 0; r < 200; r++) {
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: role-${r} }
rules: [{ apiGroups: ['${RESOURCES[Math.floor(r / 6) % 6] === 'deployments' ? 'apps' : ''}'], resources: [${RESOURCES[Math.floor(r / 6) % 6]}], verbs: [${VERBS[r % 6].map((v) => `'${v}'`).join(', ')}] }]`);
  }
  for (let b = 0; b < BINDINGS; b++) {
    const cluster = b % 50 === 0;
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRoleBinding' : 'RoleBinding'}
metadata: { name: bind-${b}${cluster ? '' : `, namespace: ns-${b % NS}`} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: role-${(Math.imul(b, 2654435761) >>> 0) % 200} }
subjects: [{ kind: ServiceAccount, name: sa-${b % 20}, namespace: ns-${Math.floor(b / 20) % NS} }]`);
  }
  // A few service accounts with cluster-admin, as CI systems and operators often have.
  for (let a = 0; a < 5; a++) {
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: admin-${a} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: sa-${a}, namespace: ns-${a * 17} }]`);
  }
  return docs.join('\n---\n');
}

function scans(): Report[] {
  const out: Report[] = [];
  const perImage = 20_000 / IMAGES;
  for (let i = 0; i < IMAGES; i++) {
    out.push({
      schemaVersion: 1, tool: { name: 'bulwark', version: 'bench' }, createdAt: '2026-01-01T00:00:00Z',
      target: { type: 'image', name: `registry.example/team/app-${i}:1.0` }, packages: [], secrets: [], misconfigurations: [], licenses: [], warnings: [], scanners: ['vuln'],
      vulnerabilities: Array.from({ length: perImage }, (_, v) => ({
        id: `CVE-2099-${i * 1000 + v}`, aliases: [], package: { name: `pkg-${v}`, version: '1', ecosystem: 'npm', purl: `pkg:npm/pkg-${v}@1` },
        status: 'fixed' as const, fixedVersion: '2', severity: (['critical', 'high', 'medium', 'low'] as const)[v % 4], source: 'osv',
        ...(v === 0 && i % 10 === 0 ? { kev: { dateAdded: '2026-01-01' } } : {}), ...(v % 3 === 0 ? { epss: { probability: (v % 100) / 200, percentile: 0.5 } } : {}),
      })),
    });
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-graph-'));
try {
  writeFileSync(join(dir, 'workloads.yaml'), workloads());
  writeFileSync(join(dir, 'services.yaml'), services());
  writeFileSync(join(dir, 'rbac.yaml'), rbac());
  const results = scans();
  // Wall and CPU per phase: on a shared 2-vCPU VM the CPU seconds are the figure that does not move with load.
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const t0 = performance.now(); const c0 = cpu();
  const loaded = await loadInputs([dir]);
  const t1 = performance.now(); const c1 = cpu();
  const g = buildGraph(loaded.objects, results);
  const t2 = performance.now(); const c2 = cpu();
  const r = findPaths(g, { top: 100 });
  const t3 = performance.now(); const c3 = cpu();
  const s = (a: number, b: number): number => Number(((b - a) / 1000).toFixed(2));
  const c = (a: number, b: number): number => Number((b - a).toFixed(2));
  console.log(JSON.stringify({
    pods: PODS, services: SERVICES, bindings: BINDINGS, vulnerabilities: 20_000, objects: loaded.objects.length,
    nodes: g.nodes.size, edges: g.edges.length, paths: r.paths.length, cutFirst: r.cut[0]?.fix.title,
    parseSeconds: s(t0, t1), buildSeconds: s(t1, t2), pathsSeconds: s(t2, t3), graphPlusPathsSeconds: s(t1, t3),
    cpuSeconds: { parse: c(c0, c1), build: c(c1, c2), paths: c(c2, c3), graphPlusPaths: c(c1, c3) },
    loadAverage: (await import('node:os')).loadavg()[0],
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
