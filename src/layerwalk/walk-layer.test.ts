import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { gzipSync, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { defineAnalyzer } from '../analyzers/index.js';
import { buildLayerTar, compress } from '../../test/fixtures/image-builder.js';
import { tarFile, tarHeader, TAR_END, lazyZeroTar } from '../../test/image/tar-gen.js';
import { walkLayer } from './walk-layer.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const seen: string[] = [];
const probe = defineAnalyzer({
  id: 'probe', version: 1, group: 'os', maxBytes: 1024,
  matches: (p) => p.startsWith('etc/') || p === 'big.bin',
  analyze: (f) => { seen.push(f.path); return { facts: { custom: { path: f.path, bytes: f.content?.length ?? null, type: f.meta.type, size: f.meta.size } } }; },
});
const run = (data: Buffer | Readable, digest = '', diffId = '', limits = {}) =>
  walkLayer(Buffer.isBuffer(data) ? Readable.from([data]) : data, { index: 0, digest, diffId }, { analyzers: [probe], mode: 'image', limits });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

test('gzip, zstd and none give the same analysis; digest and diffID verified in the one pass', async () => {
  const raw = await buildLayerTar({
    entries: [{ path: 'etc/os-release', hostPath: '/etc/os-release' }, { path: 'etc/link', type: 'symlink', linkname: 'os-release' }, { path: 'usr/x', content: 'y' }],
    whiteouts: ['var/old'], opaqueDirs: ['opt'],
  });
  for (const c of ['gzip', 'zstd', 'none'] as const) {
    const blob = compress(raw, c);
    const la = await run(blob, sha(blob), sha(raw));
    assert.deepEqual(la.paths, ['etc/os-release', 'etc/link', 'usr/x'], c);
    assert.deepEqual(la.whiteouts, ['var/old']);
    assert.deepEqual(la.opaqueDirs, ['opt']);
    assert.deepEqual(la.symlinks, { 'etc/link': 'os-release' });
    assert.equal(la.bytes, raw.length);
    assert.deepEqual(la.results.map((r) => r.result.facts?.custom), [
      { path: 'etc/os-release', bytes: (await import('node:fs')).statSync('/etc/os-release').size, type: 'file', size: (await import('node:fs')).statSync('/etc/os-release').size },
      { path: 'etc/link', bytes: null, type: 'symlink', size: 0 },
    ]);
    assert.equal(la.layer.digest, sha(blob));
    assert.equal(la.layer.diffId, sha(raw));
  }
});

test('digest and diffID mismatches are DIGEST_MISMATCH; unknown digests are filled in', async () => {
  const raw = await buildLayerTar({ entries: [{ path: 'a', content: 'b' }] });
  const blob = gzipSync(raw);
  assert.equal(await codeOf(run(blob, sha(Buffer.from('other')), '')), 'DIGEST_MISMATCH');
  assert.equal(await codeOf(run(blob, '', sha(Buffer.from('other')))), 'DIGEST_MISMATCH');
  const la = await run(blob);
  assert.equal(la.layer.digest, sha(blob));
  assert.equal(la.layer.diffId, sha(raw));
});

test('corrupt and truncated gzip/zstd, truncated tar, non-tar data → CORRUPT_LAYER', async () => {
  const raw = await buildLayerTar({ entries: [{ path: 'etc/os-release', hostPath: '/etc/os-release' }, { path: 'var/lib/dpkg/status', hostPath: '/var/lib/dpkg/status' }] });
  const gz = gzipSync(raw);
  const flipped = Buffer.from(gz);
  for (let i = 200; i < 260; i++) flipped[i] ^= 0xff;
  assert.equal(await codeOf(run(flipped)), 'CORRUPT_LAYER');
  assert.equal(await codeOf(run(gz.subarray(0, gz.length >> 1))), 'CORRUPT_LAYER');
  const zs = compress(raw, 'zstd');
  const zflip = Buffer.from(zs);
  for (let i = 4; i < 40; i++) zflip[i] ^= 0x5a;
  assert.equal(await codeOf(run(zflip)), 'CORRUPT_LAYER');
  // fzstd does not check zstd's content checksum: corrupt payload bytes are caught by the blob digest.
  const zbody = Buffer.from(zs);
  for (let i = 1000; i < 1100; i++) zbody[i] ^= 0x5a;
  assert.ok(['CORRUPT_LAYER', 'DIGEST_MISMATCH'].includes(await codeOf(run(zbody, sha(zs)))));
  assert.equal(await codeOf(run(zs.subarray(0, zs.length >> 1))), 'CORRUPT_LAYER');
  assert.equal(await codeOf(run(raw.subarray(0, 700))), 'CORRUPT_LAYER');
  assert.equal(await codeOf(run(Buffer.from('this is plain text, not a tar archive at all'.repeat(30)))), 'CORRUPT_LAYER');
});

test('entries escaping the root or absolute → PATH_TRAVERSAL; ./ prefixes are cleaned', async () => {
  assert.equal(await codeOf(run(Buffer.concat([tarFile('../../etc/passwd', 'x'), TAR_END]))), 'PATH_TRAVERSAL');
  assert.equal(await codeOf(run(Buffer.concat([tarFile('a/../../b', 'x'), TAR_END]))), 'PATH_TRAVERSAL');
  assert.equal(await codeOf(run(Buffer.concat([tarFile('/etc/shadow', 'x'), TAR_END]))), 'PATH_TRAVERSAL');
  assert.equal(await codeOf(run(Buffer.concat([tarHeader('ok', 0, '1', '../../outside'), TAR_END]))), 'PATH_TRAVERSAL');
  const la = await run(Buffer.concat([tarHeader('./', 0, '5'), tarFile('./etc/hosts', 'h'), tarFile('usr/../etc/x', 'y'), TAR_END]));
  assert.deepEqual(la.paths, ['etc/hosts', 'etc/x']);
});

test('decompression bomb: past the ratio or the per-layer byte limit → LIMIT_EXCEEDED', async () => {
  const zeros = async (size: number) => {
    const parts: Buffer[] = [];
    await pipeline(lazyZeroTar('zero.bin', size), createGzip({ level: 1 }), new Writable({ write(c, _e, cb) { parts.push(c); cb(); } }));
    return Buffer.concat(parts);
  };
  const bomb = await zeros(8 << 20);
  assert.ok(bomb.length < (8 << 20) / 100, 'zeros compress by far more than 100x');
  assert.equal(await codeOf(run(bomb, '', '', { maxRatio: 50, ratioGraceBytes: 1 << 20 })), 'LIMIT_EXCEEDED');
  assert.equal(await codeOf(run(bomb, '', '', { maxLayerBytes: 4 << 20 })), 'LIMIT_EXCEEDED');
  assert.equal(await codeOf(run(bomb)), 'ok', 'default limits let a small zero-filled layer through');
});

test('a 4 GiB single file streams through without being buffered', async () => {
  const size = 4 * 1024 ** 3 + 1;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  try {
    const la = await run(lazyZeroTar('big.bin', size));
    assert.equal(la.bytes, 512 + Math.ceil(size / 512) * 512 + 1024);
    assert.deepEqual(la.results.map((r) => r.result.facts?.custom), [{ path: 'big.bin', bytes: null, type: 'file', size }]);
  } finally {
    clearInterval(timer);
  }
  assert.ok(peak - rssBefore < 256 * 1024 * 1024, `RSS grew by ${((peak - rssBefore) / 1048576).toFixed(0)} MiB`);
});

test('big entries reach randomAccess analyzers through a temp file (not a buffer), removed afterwards; streams get every chunk', async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const big = randomBytes(6 << 20);
  const got: Array<{ content: boolean; tail: string; size: number }> = [];
  let streamed = 0;
  const ranged = defineAnalyzer({
    id: 'ranged', version: 1, group: 'language', maxBytes: 64 << 20, randomAccess: true,
    matches: (p) => p === 'big.bin',
    analyze: (f) => { got.push({ content: f.content !== undefined, tail: f.source!.read(big.length - 16, 16).toString('hex'), size: f.source!.size }); return undefined; },
  });
  const counter = defineAnalyzer({
    id: 'counter', version: 1, group: 'malware', matches: (p) => p === 'big.bin', streams: () => true,
    openStream: () => ({ write: (c) => { streamed += c.length; }, end: () => ({ facts: { custom: streamed } }) }),
  });
  const spillDir = mkdtempSync(join(tmpdir(), 'bw-spill-test-'));
  try {
    const raw = Buffer.concat([tarHeader('big.bin', big.length), big, Buffer.alloc((512 - (big.length % 512)) % 512), TAR_END]);
    const la = await walkLayer(Readable.from([gzipSync(raw)]), { index: 0, digest: '', diffId: '' }, { analyzers: [ranged, counter], mode: 'image', spillDir });
    assert.deepEqual(got, [{ content: false, tail: big.subarray(big.length - 16).toString('hex'), size: big.length }]);
    assert.equal(streamed, big.length);
    assert.deepEqual(la.results.map((r) => [r.analyzer, r.result.facts?.custom]), [['counter', big.length]]);
    assert.deepEqual(readdirSync(spillDir), [], 'spill files removed');
  } finally {
    rmSync(spillDir, { recursive: true, force: true });
  }
});
