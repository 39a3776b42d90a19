// Issue #19: secrets in the image config (a RUN history line, a label, the entrypoint, cmd, env, healthcheck)
// never reach any output format raw, whichever scanners ran — the Secrets section's redaction applies to
// every field derived from the config, through the one pass in src/scan/redact-report.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScannerKind } from '../../src/detectors/index.js';
import { allWriters } from '../../src/reports/index.js';
import { scanImage } from '../../src/scan/index.js';
import { buildImage, writeDockerArchive } from '../fixtures/image-builder.js';
import { MemoryAdvisoryStore } from '../matching/memory-store.js';

// Built at run time so the repository holds no token-shaped literal. Random tails pass the rules' entropy gates.
const alnum = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
const base32 = (n: number) => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');
const GH = ['ghp', alnum(36)].join('_');
const AWS = ['AKIA', base32(16)].join('');
const AWS_SECRET = alnum(40);

async function secretImage(dir: string): Promise<string> {
  const img = await buildImage({
    repoTags: ['leaky/app:1'],
    layers: [
      { entries: [{ path: 'etc/os-release', hostPath: '/etc/os-release' }], createdBy: '/bin/sh -c #(nop) ADD file:0123 in / ' },
      {
        entries: [{ path: 'opt/app/README', content: 'app\n' }],
        createdBy: `/bin/sh -c git clone https://x-access-token:${GH}@github.com/org/app.git /opt/app && AWS_ACCESS_KEY_ID=${AWS} AWS_SECRET_ACCESS_KEY=${AWS_SECRET} aws s3 ls`,
      },
      { entries: [{ path: 'opt/app/app.tgz', content: 'x' }], createdBy: `/bin/sh -c #(nop) ADD https://downloads.example.com/app.tgz?access_token=${GH} /opt/app/` },
    ],
    emptyHistory: [`/bin/sh -c #(nop)  LABEL deploy.token=${GH}`, `/bin/sh -c #(nop)  ENV GITHUB_TOKEN=${GH}`],
    config: {
      Env: ['PATH=/bin', `GITHUB_TOKEN=${GH}`, `AWS_ACCESS_KEY_ID=${AWS}`],
      Entrypoint: ['/opt/app/run', '--token', GH],
      Cmd: ['--aws-access-key-id', AWS, `--aws-secret-access-key=${AWS_SECRET}`],
      Labels: { 'org.example.deploy-token': GH, 'org.example.aws': `key=${AWS}` },
      Healthcheck: { Test: ['CMD', 'curl', '-H', `Authorization: Bearer ${GH}`, 'http://localhost/health'] },
      WorkingDir: '/opt/app',
    },
  });
  const tar = join(dir, 'leaky.tar');
  await writeDockerArchive(tar, [img]);
  return tar;
}

async function everyFormat(tar: string, scanners: readonly ScannerKind[]) {
  const report = await scanImage(tar, { scanners, noCache: true, store: new MemoryAdvisoryStore([]) });
  const out: Record<string, string> = {};
  for (const [format, write] of Object.entries(await allWriters())) out[format] = write(report, { color: false }).toString();
  return { report, out };
}

function assertClean(out: Record<string, string>, label: string): void {
  assert.deepEqual(Object.keys(out).sort(), ['cyclonedx', 'html', 'json', 'junit', 'policy-report', 'sarif', 'spdx-json', 'table']);
  for (const [format, text] of Object.entries(out)) {
    for (const [name, raw] of [['GitHub token', GH], ['AWS key id', AWS], ['AWS secret key', AWS_SECRET]]) {
      assert.ok(!text.includes(raw), `${label}: ${format} prints the raw ${name}`);
    }
  }
}

test('a token in image history, labels, entrypoint, cmd, env and healthcheck is redacted in every format', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-redact-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tar = await secretImage(dir);
  const { report, out } = await everyFormat(tar, ['vuln', 'secret', 'misconfig', 'license']);
  // Not vacuous: the secrets were found, the config and history are in the report, and the ADD-from-URL
  // check (whose message quotes the history line) fired.
  const rules = new Set(report.secrets.map((s) => s.ruleId));
  assert.ok(rules.has('github-pat'), [...rules].join(', '));
  assert.ok(rules.has('aws-access-token'), [...rules].join(', '));
  assert.ok(report.misconfigurations.some((m) => m.id === 'BW-IMG-007'));
  assert.ok(report.config?.labels['org.example.deploy-token']?.startsWith('ghp_'));
  assert.ok(report.config?.entrypoint.includes('--token'));
  assert.equal(report.config?.workingDir, '/opt/app');
  assert.match(report.config?.history.find((h) => h.createdBy?.includes('git clone'))?.createdBy ?? '', /git clone https:\/\/x-access-token:\S*@github\.com\/org\/app\.git/);
  assert.match(out.table, /CREATED BY/);
  assert.match(out.table, /org\.example\.deploy-token=ghp_\*+/);
  assertClean(out, 'all scanners');
});

test('the redaction does not depend on the secret scanner running', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-redact-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tar = await secretImage(dir);
  for (const scanners of [[], ['vuln'], ['misconfig']] as ScannerKind[][]) {
    const { report, out } = await everyFormat(tar, scanners);
    assert.equal(report.secrets.length, 0);
    assert.ok(report.config?.history.length);
    assertClean(out, `--scanners ${scanners.join(',') || 'none'}`);
  }
});
