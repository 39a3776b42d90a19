/**
 * Kubernetes posture benchmark: 10,000 generated workload manifests (Deployments, StatefulSets, DaemonSets, Jobs,
 * CronJobs, Pods across 50 namespaces, in 100 files) plus Services, NetworkPolicies and RBAC; all checks.
 * Target: < 5 s wall and < 500 MB peak RSS. Usage: node --import tsx bench/k8s-scan.ts [count]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scanK8s } from '../src/scan/scan-k8s.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

function podSpec(i: number): string {
  const hardened = i % 3 === 0;
  return [
    '      serviceAccountName: app',
    ...(i % 7 === 0 ? ['      hostNetwork: true'] : []),
    '      securityContext:',
    `        runAsNonRoot: ${hardened}`,
    ...(hardened ? ['        seccompProfile: {type: RuntimeDefault}'] : []),
    '      containers:',
    '        - name: app',
    `          image: registry.example.com/team/app-${i % 50}:${i % 5 === 0 ? 'latest' : `1.${i % 9}.0`}`,
    '          ports: [{containerPort: 8080}]',
    '          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}',
    '          env:',
    '            - {name: LOG_LEVEL, value: info}',
    ...(i % 11 === 0 ? ['            - {name: API_TOKEN, value: generated-not-secret}'] : []),
    '          securityContext:',
    `            allowPrivilegeEscalation: ${!hardened}`,
    `            capabilities: {drop: [ALL]${i % 13 === 0 ? ', add: [NET_ADMIN]' : ''}}`,
    '          readinessProbe: {httpGet: {path: /ready, port: 8080}}',
  ].join('\n');
}

function workload(i: number): string {
  const kind = KINDS[i % KINDS.length];
  const ns = `team-${i % 50}`;
  const meta = `metadata:\n  name: app-${i}\n  namespace: ${ns}\n  labels: {app: app-${i}, tier: t${i % 4}}`;
  const spec = podSpec(i);
  const tpl = (indent: string) => `${indent}template:\n${indent}  metadata: {labels: {app: app-${i}, tier: t${i % 4}}}\n${indent}  spec:\n${spec.split('\n').map((l) => `${indent}    ${l.slice(6)}`).join('\n')}`;
  switch (kind) {
    case 'Pod': return `apiVersion: v1\nkind: Pod\n${meta}\nspec:\n${spec.split('\n').map((l) => `  ${l.slice(6)}`).join('\n')}`;
    case 'Job': return `apiVersion: batch/v1\nkind: Job\n${meta}\nspec:\n${tpl('  ')}`;
    case 'CronJob': return `apiVersion: batch/v1\nkind: CronJob\n${meta}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n${tpl('      ')}`;
    default: return `apiVersion: apps/v1\nkind: ${kind}\n${meta}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n${tpl('  ')}`;
  }
}

function platform(): string {
  const docs: string[] = [];
  for (let n = 0; n < 50; n++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team-${n}, labels: {pod-security.kubernetes.io/enforce: ${n % 2 ? 'baseline' : 'restricted'}}}`);
    if (n % 3) docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: team-${n}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}`);
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: team-${n}}\nspec:\n  podSelector: {matchExpressions: [{key: tier, operator: In, values: [t0, t1]}]}\n  ingress: [{from: [{podSelector: {}}]}]`);
    docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: team-${n}}`);
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: dev, namespace: team-${n}}\nrules: [{apiGroups: [""], resources: [pods, pods/exec, secrets], verbs: [get, list, create]}]`);
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: dev, namespace: team-${n}}\nsubjects: [{kind: Group, name: team-${n}}]\nroleRef: {kind: Role, name: dev, apiGroup: rbac.authorization.k8s.io}`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: team-${n}}\nspec: {type: ${n % 5 ? 'ClusterIP' : 'LoadBalancer'}, selector: {tier: t0}, ports: [{port: 80}]}`);
  }
  return docs.join('\n---\n');
}

// No top-level await: bench/package.json may make this file CommonJS.
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-k8s-bench-'));
  const perFile = 100;
  for (let f = 0; f * perFile < COUNT; f++) {
    const docs: string[] = [];
    for (let i = f * perFile; i < Math.min(COUNT, (f + 1) * perFile); i++) docs.push(workload(i));
    writeFileSync(join(dir, `workloads-${String(f).padStart(3, '0')}.yaml`), `${docs.join('\n---\n')}\n`);
  }
  writeFileSync(join(dir, 'platform.yaml'), `${platform()}\n`);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await scanK8s({ paths: [dir] });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  else console.error(dir);

  const byGroup = new Map<string, number>();
  for (const m of report.misconfigurations) {
    const g = m.pss ? `pss-${m.pss.level}` : m.id.slice(0, 9);
    byGroup.set(g, (byGroup.get(g) ?? 0) + 1);
  }
  console.log(JSON.stringify({
    workloads: COUNT, objects: report.kubernetes?.resources, documents: report.kubernetes?.documents,
    findings: report.misconfigurations.length, warnings: report.warnings.length,
    seconds: Number(seconds.toFixed(2)), cpuSeconds: Number(cpuSeconds.toFixed(2)), peakRssMb: Math.round(peakRssMb),
    perGroup: Object.fromEntries([...byGroup].sort()),
  }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
