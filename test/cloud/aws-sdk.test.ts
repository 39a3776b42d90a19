/**
 * The AWS collector through the real SDK v3 clients (EKS restJson1, ECR awsJson1_1, IAM/STS awsQuery, SigV4),
 * pointed at a local server that replays the documented responses; the recorded snapshot then replays offline to
 * the same inventory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectAws } from '../../src/iac/cloud/aws/collect.js';
import { awsLiveSend } from '../../src/iac/cloud/aws/live.js';
import { liveCaller, replayCaller } from '../../src/iac/cloud/snapshot.js';
import { DOCUMENTED_AWS, ACCOUNT } from './aws-documented.js';
import { startAwsReplay } from './aws-replay-server.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('aws: the SDK path reads the documented responses, and its snapshot replays to the same inventory', async () => {
  const server = await startAwsReplay(DOCUMENTED_AWS);
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-aws-'));
  try {
    const counter = { calls: 0 };
    const live = await collectAws(liveCaller(awsLiveSend({ endpoint: server.url, credentials, maxAttempts: 1 }), { dir, counter }), ['us-east-1']);
    assert.equal(live.account, ACCOUNT);
    assert.deepEqual(live.errors, []);
    assert.deepEqual(live.clusters.map((c) => c.name), ['prod', 'secure']);
    const prod = live.clusters[0];
    assert.ok(prod.cluster.ok && prod.cluster.output.resourcesVpcConfig?.endpointPublicAccess === true);
    assert.ok(prod.nodegroups.ok && prod.nodegroups.output[0].nodegroup.ok);
    assert.equal(live.repositories.length, 2);
    const app = live.repositories[0];
    assert.equal(app.lifecyclePolicy.ok, false);
    assert.equal(!app.lifecyclePolicy.ok && app.lifecyclePolicy.error.kind, 'not-found');
    assert.ok(app.repositoryPolicy.ok && app.repositoryPolicy.output.policyText?.includes('"Principal":"*"'));
    const prodRole = live.roles.find((r) => r.name === 'prod-node');
    assert.ok(prodRole?.attached.ok && prodRole.attached.output.some((p) => p.document.ok && decodeURIComponent(p.document.output).includes('ecr:PutImage')));
    assert.ok(prodRole.inline.ok && prodRole.inline.output[0].name === 'eks-admin');
    assert.ok(live.oidcProviders.ok && live.oidcProviders.output[0].startsWith('oidc.eks.us-east-1.amazonaws.com/id/'));
    // Every request was SigV4-signed and every documented call was made.
    assert.ok(server.seen.every((s) => s.signed));
    assert.equal(counter.calls, server.seen.length);
    assert.equal(new Set(server.seen.map((s) => `${s.service}:${s.operation}:${JSON.stringify(s.input)}`)).size, DOCUMENTED_AWS.length);
    assert.ok(readdirSync(join(dir, 'calls', 'eks', 'DescribeCluster')).includes('us-east-1__prod.json'));

    const replayed = await collectAws(replayCaller(dir), ['us-east-1']);
    assert.deepEqual(replayed, live);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
