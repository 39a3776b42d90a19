/** Terraform `kubernetes_*` resources run through the same Kubernetes checks as manifests, with Terraform lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeFiles } from '../../src/iac/load/analyze.js';
import { runK8sChecks } from '../../src/iac/engine/k8s-findings.js';

const TF = readFileSync(new URL('./fixtures/terraform-kubernetes.tf', import.meta.url), 'utf8');
const lineOf = (needle: string, from = 0): number => TF.slice(0, TF.indexOf(needle, from)).split('\n').length;

async function scan(files: Record<string, string>) {
  const a = await analyzeFiles(new Map(Object.entries(files)), { today: '2026-01-01' });
  assert.deepEqual(a.errors, []);
  return { a, run: runK8sChecks(a) };
}

test('kubernetes_deployment_v1, _cluster_role_binding, _role, _network_policy_v1, _cron_job_v1 map onto the k8s checks with Terraform lines', async () => {
  const { a, run } = await scan({ 'k8s.tf': TF });
  assert.deepEqual(a.k8sObjects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort(), [
    'ClusterRoleBinding//ci-admin', 'CronJob/locked/backup', 'Deployment/shop/web', 'NetworkPolicy/locked/default-deny', 'Role/shop/reader',
  ]);
  const got = new Set(run.findings.map((f) => `${f.id} ${f.file ?? ''}:${f.line ?? ''} ${f.field ?? ''}`));
  const want = [
    `BW-K8S-0002 k8s.tf:${lineOf('host_pid')} spec.template.spec.hostPID`,
    `BW-K8S-0003 k8s.tf:${lineOf('privileged = true')} spec.template.spec.containers[0].securityContext.privileged`,
    `BW-K8S-0110 k8s.tf:${lineOf('path = "/var/run/docker.sock"')} spec.template.spec.volumes[0].hostPath.path`,
    `BW-K8S-0018 k8s.tf:${lineOf('add = ["SYS_ADMIN"]')} spec.template.spec.containers[0].securityContext.capabilities.add[0]`,
    `BW-K8S-0302 k8s.tf:${lineOf('subject {')} subjects[0]`,
    `BW-K8S-0304 k8s.tf:${lineOf('rule {')} rules[0]`,
    `BW-K8S-0016 k8s.tf:${lineOf('run_as_user = 0')} spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser`,
  ];
  for (const w of want) assert.ok(got.has(w), `missing ${w}\n${[...got].join('\n')}`);
  const ids = run.findings.map((f) => `${f.id} ${f.field ?? ''}`);
  // `privileged = var.priv` and `image = var.image` are unknown: no finding on them.
  assert.ok(!ids.includes('BW-K8S-0003 spec.template.spec.containers[1].securityContext.privileged'), ids.join('\n'));
  assert.ok(!ids.some((i) => i.startsWith('BW-K8S-0105 spec.template.spec.containers[0]')), 'unknown image must not be "not pinned"');
  // The default-deny policy covers namespace "locked": the cron job is selected, the shop deployment is not.
  assert.ok(ids.includes('BW-K8S-0203 spec.template.metadata.labels'));
  assert.ok(!ids.some((i) => i.startsWith('BW-K8S-0203 spec.jobTemplate')));
  // The bulwark:ignore comment above host_network suppresses that one finding.
  assert.ok(!ids.includes('BW-K8S-0002 spec.jobTemplate.spec.template.spec.hostNetwork'));
  assert.deepEqual(run.suppressed.map((s) => s.finding.id), ['BW-K8S-0002']);
});

test('the same pod as a manifest and as kubernetes_pod_v1 gives the same check ids', async () => {
  const yaml = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  namespace: team', 'spec:', '  hostNetwork: true', '  hostIPC: true',
    '  containers:', '    - name: c', '      image: nginx:1.27', '      securityContext:', '        privileged: true', '        runAsUser: 0',
    '        allowPrivilegeEscalation: true', '      ports:', '        - containerPort: 80', '          hostPort: 80', '',
  ].join('\n');
  const tf = `resource "kubernetes_pod_v1" "p" {
  metadata {
    name      = "p"
    namespace = "team"
  }
  spec {
    host_network = true
    host_ipc     = true
    container {
      name  = "c"
      image = "nginx:1.27"
      security_context {
        privileged                 = true
        run_as_user                = 0
        allow_privilege_escalation = true
      }
      port {
        container_port = 80
        host_port      = 80
      }
    }
  }
}
`;
  const ids = async (files: Record<string, string>) => [...new Set((await scan(files)).run.findings.map((f) => `${f.id} ${f.field ?? ''}`))].sort();
  const fromYaml = await ids({ 'pod.yaml': yaml });
  assert.ok(fromYaml.length > 5);
  assert.deepEqual(await ids({ 'pod.tf': tf }), fromYaml);
});

test('kubernetes_manifest is checked as the object it holds', async () => {
  const tf = `resource "kubernetes_manifest" "crb" {
  manifest = {
    apiVersion = "rbac.authorization.k8s.io/v1"
    kind       = "ClusterRoleBinding"
    metadata   = { name = "everyone-admin" }
    roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "cluster-admin" }
    subjects   = [{ kind = "User", name = "alice", apiGroup = "rbac.authorization.k8s.io" }]
  }
}
`;
  const { run } = await scan({ 'm.tf': tf });
  assert.ok(run.findings.some((f) => f.file === 'm.tf' && f.line === 2 && /^BW-K8S-03/.test(f.id)), run.findings.map((f) => f.id).join(','));
});
