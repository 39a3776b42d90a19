/**
 * The Kubernetes checks run on Terraform `kubernetes_*` resources honour inline ignores written for Trivy and Checkov
 * through the equivalents recorded on them: `#trivy:ignore:AVD-KSV-0017` and the short `KSV009` form, and
 * `#checkov:skip=CKV_K8S_16:reason` anywhere in the resource block. Checkov's Terraform runner numbers the memory
 * checks differently from its manifest runner (CKV_K8S_12 = memory limits on `kubernetes_*`), so a skip of
 * CKV_K8S_12 must suppress the memory-limit finding and leave the memory-request finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanIac } from '../../src/scan/scan-iac.js';

function config(ignores: boolean): string {
  const lines = [
    'resource "kubernetes_deployment" "web" {',
    '  metadata {',
    '    name      = "web"',
    '    namespace = "shop"',
    '  }',
    '  #checkov:skip=CKV_K8S_16:the node agent needs a privileged container',
    '  #checkov:skip=CKV_K8S_12:memory is capped by the namespace LimitRange',
    '  spec {',
    '    selector {',
    '      match_labels = { app = "web" }',
    '    }',
    '    template {',
    '      metadata {',
    '        labels = { app = "web" }',
    '      }',
    '      spec {',
    '        #trivy:ignore:KSV009',
    '        host_network = true',
    '        host_pid     = true',
    '        container {',
    '          name  = "web"',
    '          image = "nginx:1.25"',
    '          security_context {',
    '            privileged = true',
    '            # trivy:ignore:AVD-KSV-0014:exp:2999-12-31',
    '            read_only_root_filesystem = false',
    '          }',
    '          resources {',
    '            limits   = { cpu = "500m" }',
    '            requests = { cpu = "100m" }',
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ];
  return lines.filter((l) => ignores || !/(checkov:skip|trivy:ignore)/.test(l)).join('\n');
}

async function scan(mainTf: string, t: { after(fn: () => void): void }, skip?: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'bw-iac-k8s-eq-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'main.tf'), mainTf);
  return scanIac({ paths: [root], skip });
}

const key = (f: { id: string; field?: string }) => `${f.id} ${f.field ?? ''}`;
const C = 'spec.template.spec.containers[0]';
const NAMED = [
  `BW-K8S-0003 ${C}.securityContext.privileged`,
  'BW-K8S-0002 spec.template.spec.hostNetwork',
  `BW-K8S-0111 ${C}.securityContext.readOnlyRootFilesystem`,
  `BW-K8S-0101 ${C}.resources.limits.memory`,
];

test('findings of the k8s checks on kubernetes_* resources carry their Trivy and Checkov ids (Checkov Terraform numbering)', async (t) => {
  const plain = (await scan(config(false), t)).misconfigurations;
  const by = new Map(plain.map((f) => [key(f), f]));
  for (const k of NAMED) assert.ok(by.has(k), `${k} must fail without the ignore comments:\n${[...by.keys()].join('\n')}`);
  assert.equal(by.get(NAMED[0])?.trivy, 'AVD-KSV-0017');
  assert.deepEqual(by.get(NAMED[0])?.checkov, ['CKV_K8S_16']);
  assert.equal(by.get(NAMED[1])?.trivy, 'AVD-KSV-0009');
  assert.equal(by.get('BW-K8S-0002 spec.template.spec.hostPID')?.trivy, 'AVD-KSV-0010');
  assert.equal(by.get(NAMED[3])?.trivy, 'AVD-KSV-0018');
  assert.deepEqual(by.get(NAMED[3])?.checkov, ['CKV_K8S_12'], 'Checkov calls memory limits CKV_K8S_12 on Terraform');
  assert.deepEqual(by.get(`BW-K8S-0102 ${C}.resources.requests.memory`)?.checkov, ['CKV_K8S_13']);
});

test('#trivy:ignore (AVD and short KSV ids) and #checkov:skip suppress exactly the k8s findings they name on Terraform', async (t) => {
  const report = await scan(config(true), t);
  const got = report.misconfigurations.map(key);
  for (const k of NAMED) assert.ok(!got.includes(k), `${k} must be suppressed:\n${got.join('\n')}`);
  // Findings no comment names stay: host PID (KSV010, not KSV009) and the memory request (CKV_K8S_13 on Terraform).
  assert.ok(got.includes('BW-K8S-0002 spec.template.spec.hostPID'), got.join('\n'));
  assert.ok(got.includes(`BW-K8S-0102 ${C}.resources.requests.memory`), got.join('\n'));
  const reasons = (report.suppressed ?? []).map((s) => `${s.id} ${s.reason}`).join('\n');
  assert.match(reasons, /BW-K8S-0003 checkov:skip=CKV_K8S_16:/);
  assert.match(reasons, /BW-K8S-0002 trivy:ignore:KSV009/);
  assert.match(reasons, /BW-K8S-0111 trivy:ignore:AVD-KSV-0014/);
  assert.match(reasons, /BW-K8S-0101 checkov:skip=CKV_K8S_12/);
});

test('--skip-checks with Trivy or Checkov ids drops the k8s findings they name, and only those', async (t) => {
  const got = (await scan(config(false), t, ['KSV017', 'CKV_K8S_17', 'AVD-KSV-0014'])).misconfigurations.map(key);
  for (const k of [NAMED[0], 'BW-K8S-0002 spec.template.spec.hostPID', NAMED[2]]) assert.ok(!got.includes(k), `${k} must be skipped:\n${got.join('\n')}`);
  for (const k of [NAMED[1], NAMED[3]]) assert.ok(got.includes(k), `${k} must stay:\n${got.join('\n')}`);
});
