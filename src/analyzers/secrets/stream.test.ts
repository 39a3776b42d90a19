import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SecretScanner } from './engine.js';
import { builtinRuleSet } from './load-rules.js';
import { SecretStream, overlapFor } from './stream.js';

const scanner = new SecretScanner(builtinRuleSet());
const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const rnd = (n: number, a = alnum) => Array.from(randomBytes(n), (b) => a[b % a.length]).join('');
const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Feeds `data` in chunks of random sizes through a stream with a small window. */
function streamed(data: Buffer, path: string, window: number) {
  const s = new SecretStream(scanner, path, false, window);
  for (let off = 0; off < data.length;) {
    const n = 1 + Math.floor(Math.random() * 3000);
    s.write(data.subarray(off, off + n));
    off += n;
  }
  return (s.end()?.secrets ?? []).map((h) => `${h.ruleId}@${h.line}:${h.fingerprint}`).sort();
}

test('streamed windows find what a whole-file scan finds, secrets across every boundary, none twice', () => {
  const overlap = overlapFor(scanner);
  assert.ok(overlap >= 1000 && overlap <= 64 * 1024, `overlap ${overlap}`);
  const window = 4096;
  // Filler lines with secrets at offsets sweeping across window boundaries (+ a multi-line PEM block).
  for (let round = 0; round < 3; round++) {
    const parts: string[] = [];
    let size = 0;
    while (size < 6 * (window + 2 * overlap)) {
      const r = Math.random();
      const line = r < 0.02 ? `aws_access_key_id = ${['AKIA', rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('')}`
        : r < 0.04 ? `GITHUB_TOKEN=${['ghp_', rnd(36)].join('')}` : r < 0.045 ? pem : `${rnd(1 + Math.floor(Math.random() * 90), 'abcdef ghij.,')}`;
      parts.push(line);
      size += line.length + 1;
    }
    const data = Buffer.from(`${parts.join('\n')}\n`);
    const whole = scanner.scan(data, 'logs/app.log').map((h) => `${h.ruleId}@${h.line}:${h.fingerprint}`).sort();
    assert.ok(whole.length > 5);
    assert.deepEqual(streamed(data, 'logs/app.log', window), whole, `round ${round}`);
  }
});

test('zero runs (sparse holes) are skipped; binaries are scanned through their text runs', () => {
  const tok = ['ghp_', rnd(36)].join('');
  const s = new SecretStream(scanner, 'var/lib/disk.img.log', false, 64 * 1024);
  for (let i = 0; i < 64; i++) s.write(Buffer.alloc(256 * 1024));
  s.write(Buffer.from(`\ntoken ${tok}\n`));
  assert.deepEqual(s.end()?.secrets?.map((h) => [h.ruleId, h.line]), [['github-pat', 0]]);
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), randomBytes(300_000), Buffer.from(`\0key=${tok}\0`), randomBytes(300_000)]);
  assert.deepEqual(streamed(elf, 'usr/bin/app', 65536).map((x) => x.split('@')[0]), ['github-pat']);
});

test('allowlisted paths stream nothing and say why', () => {
  const s = new SecretStream(scanner, 'app/node_modules/x/big.js', false);
  s.write(Buffer.from(`t=${['ghp_', rnd(36)].join('')}\n`));
  assert.deepEqual(s.end(), { skipped: 'allowlisted path (global allowlist)' });
});
