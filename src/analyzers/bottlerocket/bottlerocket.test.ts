import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idsOf, matchesFile, runAnalyzer } from '../shared/testing.js';
import { bottlerocketAnalyzer } from './index.js';

const td = new URL('./testdata/', import.meta.url).pathname;

test('bottlerocket-inventory: OS packages with arch, epoch and the distro qualifier once the OS is known', async () => {
  const run = await runAnalyzer(bottlerocketAnalyzer, td + 'rootfs', { os: { family: 'bottlerocket', version: '1.34.0' } });
  assert.deepEqual(run.warnings, []);
  assert.deepEqual(idsOf(run.packages), ['amazon-ssm-agent-plugin@3.3.1345.0', 'containerd@1.7.25', 'coreutils@9.5', 'docker-engine@25.0.6', 'e2fsprogs@1.47.1']);
  const c = run.packages.find((p) => p.name === 'containerd');
  assert.deepEqual([c?.type, c?.ecosystem, c?.arch, c?.epoch, c?.source?.version], ['os', 'bottlerocket', 'x86_64', 1, '1.7.25-1.1740525475.e3a5862c.br1']);
  assert.equal(c?.purl, 'pkg:bottlerocket/containerd@1.7.25?arch=x86_64&distro=bottlerocket-1.34.0&epoch=1');
  assert.equal(run.packages.find((p) => p.name === 'coreutils')?.purl, 'pkg:bottlerocket/coreutils@9.5?arch=x86_64&distro=bottlerocket-1.34.0');
});

test('bottlerocket-inventory: corrupt file warns; paths; image/rootfs only', async () => {
  const run = await runAnalyzer(bottlerocketAnalyzer, td + 'corrupt');
  assert.deepEqual(run.warnings, ['usr/share/bottlerocket/application-inventory.json: application-inventory.json without a Content list']);
  assert.ok(matchesFile(bottlerocketAnalyzer, 'x86_64-bottlerocket-linux-gnu/sys-root/usr/share/bottlerocket/application-inventory.json'));
  assert.ok(!matchesFile(bottlerocketAnalyzer, 'home/u/usr/share/bottlerocket/application-inventory.json'));
  assert.deepEqual(bottlerocketAnalyzer.modes, ['image', 'rootfs']);
});
