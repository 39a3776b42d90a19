/**
 * The Trivy and Checkov ids recorded on the GCP/Azure checks are the ones inline ignores match: a team's existing
 * `#trivy:ignore:AVD-…` / `#checkov:skip=CKV_…` comments keep suppressing the same findings under Bulwark.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanIac } from '../../src/scan/scan-iac.js';

test('GKE: #trivy:ignore:AVD-GCP-0050 and #checkov:skip=CKV2_GCP_19 suppress the mapped checks, nothing else', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bw-iac-ids-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'main.tf'), [
    '#trivy:ignore:AVD-GCP-0050',
    'resource "google_container_cluster" "main" {',
    '  name               = "prod"',
    '  location           = "us-central1"',
    '  initial_node_count = 1',
    '  enable_legacy_abac = true',
    '  #checkov:skip=CKV2_GCP_19:alpha cluster for API tests, deleted nightly',
    '  enable_kubernetes_alpha = true',
    '  cluster_autoscaling {',
    '    enabled = true',
    '  }',
    '}',
    '',
  ].join('\n'));
  const report = await scanIac({ paths: [root] });
  const found = new Set(report.misconfigurations.map((f) => f.id));
  const suppressed = new Map((report.suppressed ?? []).map((s) => [s.id, s.reason]));
  // BW-IAC-2230 (auto-provisioned nodes on the default service account) is Trivy's AVD-GCP-0050.
  assert.ok(!found.has('BW-IAC-2230'), [...found].join(' '));
  assert.match(suppressed.get('BW-IAC-2230') ?? '', /trivy:ignore:AVD-GCP-0050 \(.*main\.tf:1\)/);
  // BW-IAC-2228 (alpha features) is Checkov's graph check CKV2_GCP_19.
  assert.ok(!found.has('BW-IAC-2228'), [...found].join(' '));
  assert.match(suppressed.get('BW-IAC-2228') ?? '', /checkov:skip=CKV2_GCP_19:.*main\.tf:7\)/);
  // Legacy ABAC (AVD-GCP-0062 / CKV_GCP_7) was not ignored and is still reported, with its foreign ids.
  const abac = report.misconfigurations.find((f) => f.id === 'BW-IAC-2206');
  assert.ok(abac, [...found].join(' '));
  assert.equal(abac.iac?.trivy, 'AVD-GCP-0062');
  assert.deepEqual(abac.iac?.checkov, ['CKV_GCP_7']);
});

test('AKS: #checkov:skip=CKV_AZURE_226 suppresses the managed-OS-disk check on that cluster only', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bw-iac-ids-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const cluster = (name: string, skip: string) => [
    `resource "azurerm_kubernetes_cluster" "${name}" {`,
    `  name                = "${name}"`,
    '  location            = "westeurope"',
    '  resource_group_name = "platform"',
    `  dns_prefix          = "${name}"`,
    skip,
    '  default_node_pool {',
    '    name       = "system"',
    '    node_count = 3',
    '    vm_size    = "Standard_D4s_v5"',
    '  }',
    '  identity {',
    '    type = "SystemAssigned"',
    '  }',
    '}',
  ].join('\n');
  writeFileSync(join(root, 'main.tf'), `${cluster('a', '  #checkov:skip=CKV_AZURE_226:ephemeral disks need a cache disk this size lacks')}\n${cluster('b', '')}\n`);
  const report = await scanIac({ paths: [root] });
  const managed = report.misconfigurations.filter((f) => f.id === 'BW-IAC-3125').map((f) => f.iac?.resource);
  assert.deepEqual(managed, ['azurerm_kubernetes_cluster.b']);
  const reasons = (report.suppressed ?? []).filter((s) => s.id === 'BW-IAC-3125').map((s) => s.reason);
  assert.equal(reasons.length, 1);
  assert.match(reasons[0], /checkov:skip=CKV_AZURE_226:/);
});
