/**
 * Issue #19/#11 through the real CLI: nothing is skipped silently. Files over the old 5 MiB cap, sparse
 * files, binaries and files in image layers are scanned for secrets (streamed: windows, not buffers);
 * every regular file is hashed for the malware lists; deliberate skips are named in the warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, writeOciLayout } from '../fixtures/image-builder.js';
import { bulwark, tempDir } from './helpers.js';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const rnd = (n: number, a = alnum) => Array.from(randomBytes(n), (b) => a[b % a.length]).join('');
const awsKey = () => ['AKIA', rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('');
const ghToken = () => ['ghp_', rnd(36)].join('');
// Assembled at run time so no scanner flags this repository.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join('');

const LINE = '2026-12-01T00:00:00Z INFO request served status=200 bytes=1234 took=3ms\n';
const logLines = (mb: number) => Math.ceil((mb << 20) / LINE.length);

/** ~`mb` MiB of log lines, then `tail`. */
function bigLog(mb: number, tail: string): Buffer {
  return Buffer.concat([Buffer.from(LINE.repeat(logLines(mb))), Buffer.from(tail)]);
}

interface Json { secrets: Array<{ ruleId: string; path: string; line?: number }>; warnings?: string[]; misconfigurations?: Array<{ id: string; file?: string }> }

test('fs: a 12 MiB log, a 2 GiB sparse file and a binary are scanned; skips are named in warnings', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.log'), bigLog(12, `aws_access_key_id = ${awsKey()}\n`));
  // 2 GiB, all hole but the token at its end: holes cost a zero-page read, never a scan.
  const sparse = join(dir, 'disk.raw.log');
  writeFileSync(sparse, '');
  truncateSync(sparse, 2 * 1024 ** 3);
  const fd = openSync(sparse, 'a');
  writeSync(fd, `\ntoken ${ghToken()}\n`);
  closeSync(fd);
  writeFileSync(join(dir, 'tool'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4096), Buffer.from(`\0GITHUB_TOKEN=${ghToken()}\0`), randomBytes(4096)]));
  mkdirSync(join(dir, 'img'));
  writeFileSync(join(dir, 'img', 'logo.png'), randomBytes(64));
  const r = bulwark(['fs', dir, '--scanners', 'secret', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Json;
  const got = report.secrets.map((s) => `${s.ruleId} ${s.path} ${s.line ?? 0}`).sort();
  assert.deepEqual(got, [`aws-access-token app.log ${logLines(12) + 1}`, 'github-pat disk.raw.log 0', 'github-pat tool 0']);
  assert.ok(report.warnings?.some((w) => /^secrets: 1 file not analyzed \(compressed, media or compiled format by extension\): img\/logo\.png$/.test(w)), JSON.stringify(report.warnings));
});

test('image: secrets in a big log entry and in a binary, EICAR in a 0644 file; nothing buffered whole', async (t) => {
  const dir = tempDir(t);
  const img = await buildImage({
    layers: [{
      entries: [
        { path: 'var/log/app.log', content: bigLog(9, `password: x\naws_secret = ${awsKey()}\n`), mode: 0o644 },
        { path: 'usr/local/bin/agent', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(6 << 20), Buffer.from(`\0${ghToken()}\0`)]), mode: 0o755 },
        { path: 'srv/uploads/report.txt', content: EICAR, mode: 0o644 },
      ],
    }],
  });
  writeOciLayout(join(dir, 'layout'), [img]);
  const cache = join(tempDir(t, 'bw-cache-'), 'c');
  const r = bulwark(['image', join(dir, 'layout'), '--scanners', 'secret,malware', '--format', 'json', '--cache-dir', cache]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Json;
  assert.deepEqual(report.secrets.map((s) => `${s.ruleId} ${s.path}`).sort(), ['aws-access-token var/log/app.log', 'github-pat usr/local/bin/agent']);
  assert.ok(report.misconfigurations?.some((m) => m.id === 'BW-MAL-001' && m.file === 'srv/uploads/report.txt'), JSON.stringify(report.misconfigurations));
});
