/**
 * The cloud checks on live inventories: documented responses of each provider (an insecure and a hardened
 * resource of each kind) replayed from a snapshot through the collectors and adapters. Every check either fails on
 * the insecure resource and passes on the hardened one, or is listed below with the reason the live form cannot
 * decide it (those report nothing: unknown is never a finding).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCloud } from '../../src/iac/cloud/read.js';
import { cloudChecks } from '../../src/iac/checks/registry.js';
import { runChecks } from '../../src/iac/engine/run.js';
import type { CloudProvider } from '../../src/iac/cloud/snapshot.js';
import { writeSnapshot, type SnapshotCall } from './snapshot-writer.js';
import { DOCUMENTED_AWS } from './aws-documented.js';
import { DOCUMENTED_GCP, PROJECT } from './documented-gcp.js';
import { DOCUMENTED_AZURE, SUBSCRIPTION } from './documented-azure.js';
import { DOCUMENTED_DO } from './documented-digitalocean.js';

/** Checks the live collectors cannot decide, and why (their Terraform examples cover them). */
const NOT_LIVE: Record<string, string> = {
  'BW-IAC-1208': 'IMDS options live in launch templates (ec2:DescribeLaunchTemplateVersions is not read)',
  'BW-IAC-1209': 'IMDS options live in launch templates (ec2:DescribeLaunchTemplateVersions is not read)',
  'BW-IAC-1217': 'node launch templates are not read live (ec2:DescribeLaunchTemplateVersions)',
  'BW-IAC-1218': 'node launch templates are not read live (ec2:DescribeLaunchTemplateVersions)',
  'BW-IAC-1308': 'the documented insecure registry scans BASIC (BW-IAC-1307), where scan frequency does not apply',
  'BW-IAC-2233': 'the documented clusters keep the default logging components',
  'BW-IAC-4106': 'the API always names a VPC; whether it is the region default needs the VPC list, not read',
  'BW-IAC-4201': 'registry Docker credentials are minted by Terraform, not a live resource',
  'BW-IAC-4202': 'registry Docker credentials are minted by Terraform, not a live resource',
  'BW-IAC-2229': 'the documented insecure cluster has authorized networks off altogether (BW-IAC-2203)',
  'BW-IAC-3119': 'the documented insecure cluster has no Entra ID integration, where Azure RBAC applies',
  'BW-IAC-3120': 'the documented insecure cluster is not private (run command matters on private clusters)',
  'BW-IAC-3123': 'the documented insecure cluster has no secrets provider whose rotation could be off',
  'BW-IAC-3126': 'role assignments are not read live (Microsoft.Authorization/roleAssignments/read)',
  'BW-IAC-3127': 'role assignments are not read live (Microsoft.Authorization/roleAssignments/read)',
  'BW-IAC-3208': 'the documented insecure registry is Basic (data endpoints and export policy are Premium settings)',
  'BW-IAC-3209': 'the documented insecure registry is Basic (data endpoints and export policy are Premium settings)',
  'BW-IAC-3210': 'the documented registries have no IP rules',
  'BW-IAC-1210': 'whether the bootstrap access entry still exists needs eks:ListAccessEntries',
  'BW-IAC-1305': 'the documented repository policy grants public pull, not push',
  'BW-IAC-1403': 'the documented node role has no full-admin grant (no insecure fixture for it)',
  'BW-IAC-1404': 'the documented node role has no IAM-write grant',
  'BW-IAC-1405': 'the documented node role has no secrets-read grant',
  'BW-IAC-1406': 'the documented node role has no sts:AssumeRole grant',
  'BW-IAC-2218': 'the documented clusters are both VPC-native',
  'BW-IAC-2224': 'both documented node pools keep integrity monitoring on',
  'BW-IAC-2204': 'the documented authorized networks do not include 0.0.0.0/0',
  'BW-IAC-2213': 'basic authentication no longer exists on live GKE clusters',
  'BW-IAC-4105': 'the documented firewall does not allow 0.0.0.0/0',
};

const FIXTURES: Array<{ provider: CloudProvider; scope: Record<string, string | string[]>; calls: SnapshotCall[]; insecure: RegExp; secure: RegExp }> = [
  { provider: 'aws', scope: { regions: ['us-east-1'] }, calls: DOCUMENTED_AWS, insecure: /(cluster|nodegroup)\/prod|repository\/app$|role\/prod-node|:registry$/, secure: /(cluster|nodegroup)\/secure|repository\/secure-app|role\/secure-node/ },
  { provider: 'gcp', scope: { project: PROJECT }, calls: DOCUMENTED_GCP, insecure: /clusters\/prod|docker-public/, secure: /clusters\/secure|docker-secure/ },
  { provider: 'azure', scope: { subscription: SUBSCRIPTION }, calls: DOCUMENTED_AZURE, insecure: /managedClusters\/prod|registries\/prodacr/, secure: /managedClusters\/secure|registries\/secureacr/ },
  { provider: 'digitalocean', scope: {}, calls: DOCUMENTED_DO, insecure: /9cc10173/, secure: /bd5f5959/ },
];

const fired = new Set<string>();

for (const f of FIXTURES) {
  test(`cloud ${f.provider}: documented responses → findings on the insecure resources only`, async () => {
    const dir = writeSnapshot(mkdtempSync(join(tmpdir(), `bulwark-${f.provider}-`)), f.provider, f.scope, f.calls);
    try {
      const read = await readCloud({ provider: f.provider, fromSnapshot: dir });
      assert.deepEqual(read.warnings, []);
      // No read is missing from the snapshot (a warning would say so), and every documented call is used.
      assert.ok(read.calls >= f.calls.length, `${read.calls} reads for ${f.calls.length} documented calls`);
      const { findings } = runChecks(read.state, cloudChecks.filter((c) => c.provider === (f.provider === 'gcp' ? 'google' : f.provider) || (f.provider === 'aws' && c.provider === 'aws')), undefined);
      assert.ok(findings.length > 0);
      for (const x of findings) {
        assert.match(x.iac!.resource, f.insecure, `${x.id} fired on ${x.iac!.resource}: ${x.message}`);
        assert.doesNotMatch(x.iac!.resource, f.secure);
        assert.equal(x.iac!.source, 'cloud');
        fired.add(x.id);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('every cloud check fires on a documented insecure resource, or says why the live form cannot decide it', () => {
  const silent = cloudChecks.map((c) => c.id).filter((id) => !fired.has(id));
  assert.deepEqual(silent.filter((id) => !NOT_LIVE[id]), [], 'checks that never fired live and are not explained');
  assert.deepEqual(Object.keys(NOT_LIVE).filter((id) => fired.has(id)), [], 'listed as not decidable live, but fired');
});
