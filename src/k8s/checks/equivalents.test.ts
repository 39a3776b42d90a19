/** Every Kubernetes check that runs on Terraform `kubernetes_*` resources records its Trivy and Checkov equivalents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PSS_CHECKS } from '../pss/registry.js';
import type { Equivalents } from './define.js';
import { PSS_EQUIVALENTS } from './pss.js';
import { builtinChecks } from './registry.js';

function assertRecorded(id: string, eq: Equivalents | undefined): void {
  assert.ok(eq, `${id} records no equivalents`);
  assert.ok(eq.trivy === null || /^AVD-KSV-\d{4}$/.test(eq.trivy ?? ''), `${id}: trivy must be an AVD-KSV id or null (checked, none), got ${String(eq.trivy)}`);
  assert.ok(Array.isArray(eq.checkov), `${id}: checkov must be a list ([] = checked, none)`);
  for (const c of [...eq.checkov, ...(eq.checkovTerraform ?? [])]) assert.match(c, /^CKV_K8S_\d+$/, id);
}

test('every check run on Terraform kubernetes_* resources records its Trivy and Checkov equivalents (or explicit none)', () => {
  // The control-plane flag checks (group cis, kube-apiserver/kubelet static pods) are not written in Terraform.
  const checks = builtinChecks.filter((c) => c.group !== 'cis' && c.group !== 'pss');
  for (const c of checks) assertRecorded(c.id, c.equivalents);
  for (const def of PSS_CHECKS) assertRecorded(def.bwId, PSS_EQUIVALENTS[def.id]);
  assert.equal(checks.length + PSS_CHECKS.length, 46, 'docs/iac.md counts 46 Kubernetes checks on Terraform');
  assert.deepEqual(Object.keys(PSS_EQUIVALENTS).sort(), PSS_CHECKS.map((d) => d.id).sort(), 'no equivalents for unknown PSS controls');
});
