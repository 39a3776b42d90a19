/**
 * Every bad input of the image issue through the real CLI: exit code 2, exactly one line on stderr naming
 * the problem, nothing written outside the cache dir (the working directory stays empty).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { buildImage, buildLayerTar, writeDockerArchive, writeOciArchive, writeOciLayout, type BuiltImage } from '../fixtures/image-builder.js';
import { bulwark, demoImage, imageFromRawLayers, tempDir } from './helpers.js';
import { lazyZeroTar, tarFile, tarHeader, TAR_END } from './tar-gen.js';

function expectFailure(t: { after(fn: () => void): void }, target: string, code: string, pattern: RegExp, extra: string[] = []): void {
  const cwd = tempDir(t, 'bw-cwd-');
  const cache = join(tempDir(t, 'bw-cache-'), 'c');
  // Input errors, not the database: the scan opts out of DB_MISSING explicitly.
  const r = bulwark(['image', target, '--cache-dir', cache, '--format', 'json', '--allow-missing-db', ...extra], {}, cwd);
  const lines = r.stderr.trim().split('\n');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], new RegExp(`^bulwark: .*\\[${code}\\]$`));
  assert.match(lines[0], pattern);
  assert.equal(r.stdout, '');
  assert.deepEqual(readdirSync(cwd), [], 'nothing written to the working directory');
}

test('truncated archive, not-an-image tar, missing manifest/config, corrupt gzip and zstd layers', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  await writeDockerArchive(join(dir, 'good.tar'), [img]);
  const good = readFileSync(join(dir, 'good.tar'));
  writeFileSync(join(dir, 'cut.tar'), good.subarray(0, good.length >> 1));
  expectFailure(t, join(dir, 'cut.tar'), 'CORRUPT_ARCHIVE', /truncated tar/);
  writeFileSync(join(dir, 'files.tar'), await buildLayerTar({ entries: [{ path: 'notes.txt', content: 'hello' }] }));
  expectFailure(t, join(dir, 'files.tar'), 'INPUT_UNRECOGNIZED', /not an image/);
  // OCI layout whose manifest blob is gone, and one whose config blob is gone.
  writeOciLayout(join(dir, 'nomanifest'), [img]);
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'nomanifest/blobs/sha256', img.manifest.digest.split(':')[1]));
  expectFailure(t, join(dir, 'nomanifest'), 'CORRUPT_ARCHIVE', /manifest .* is missing/);
  writeOciLayout(join(dir, 'noconfig'), [img]);
  rmSync(join(dir, 'noconfig/blobs/sha256', img.config.digest.split(':')[1]));
  expectFailure(t, join(dir, 'noconfig'), 'CORRUPT_ARCHIVE', /config .* is missing/);
  const raw = await buildLayerTar({ entries: [{ path: 'var/lib/dpkg/status', hostPath: '/var/lib/dpkg/status' }] });
  const flip = (b: Buffer) => { const c = Buffer.from(b); for (let i = 300; i < 400; i++) c[i] ^= 0xff; return c; };
  writeOciLayout(join(dir, 'badgz'), [imageFromRawLayers([raw], { corrupt: flip })]);
  expectFailure(t, join(dir, 'badgz'), 'CORRUPT_LAYER', /layer 0 .*corrupt gzip/);
  const zsHead = (b: Buffer) => { const c = Buffer.from(b); for (let i = 4; i < 40; i++) c[i] ^= 0x5a; return c; };
  writeOciLayout(join(dir, 'badzst'), [imageFromRawLayers([raw], { compression: 'zstd', corrupt: zsHead })]);
  expectFailure(t, join(dir, 'badzst'), 'CORRUPT_LAYER', /layer 0/);
});

test('digest mismatch, diffID mismatch, .. and absolute entries, symlink loop', async (t) => {
  const dir = tempDir(t);
  const raw = await buildLayerTar({ entries: [{ path: 'etc/hostname', content: 'box\n' }] });
  const other = await buildLayerTar({ entries: [{ path: 'etc/hostname', content: 'evil\n' }] });
  const { gzipSync } = await import('node:zlib');
  writeOciLayout(join(dir, 'swapped'), [imageFromRawLayers([raw], { corrupt: () => gzipSync(other) })]);
  expectFailure(t, join(dir, 'swapped'), 'DIGEST_MISMATCH', /blob digest is sha256:/);
  writeOciLayout(join(dir, 'diffid'), [imageFromRawLayers([raw], { diffIds: [`sha256:${'0'.repeat(64)}`] })]);
  expectFailure(t, join(dir, 'diffid'), 'DIGEST_MISMATCH', /diffID is sha256:/);
  writeOciLayout(join(dir, 'dotdot'), [imageFromRawLayers([Buffer.concat([tarFile('../../../tmp/pwned', 'x'), TAR_END])])]);
  expectFailure(t, join(dir, 'dotdot'), 'PATH_TRAVERSAL', /escapes the root: "..\/..\/..\/tmp\/pwned"/);
  writeOciLayout(join(dir, 'abs'), [imageFromRawLayers([Buffer.concat([tarFile('/etc/cron.d/x', 'x'), TAR_END])], { compression: 'none' })]);
  expectFailure(t, join(dir, 'abs'), 'PATH_TRAVERSAL', /absolute path in layer/);
  const loop = Buffer.concat([tarHeader('a', 0, '2', 'b'), tarHeader('b', 0, '2', 'a'), TAR_END]);
  await writeDockerArchive(join(dir, 'loop.tar'), [imageFromRawLayers([loop], { compression: 'zstd' })]);
  expectFailure(t, join(dir, 'loop.tar'), 'CORRUPT_LAYER', /symlink loop: a → b/);
});

test('decompression bombs judged by absolute output: a zero-filled file passes, image budget and layer limit refuse naming the file', async (t) => {
  const dir = tempDir(t);
  // 300 MiB of zeros in one file: ~300 KiB of gzip, a 1000x ratio.
  const parts: Buffer[] = [];
  await pipeline(lazyZeroTar('zeros.bin', 300 << 20), createGzip({ level: 6 }), new Writable({ write(c, _e, cb) { parts.push(c); cb(); } }));
  const blob = Buffer.concat(parts);
  // The diffID of the zeros tar, computed by streaming it again.
  const h = createHash('sha256');
  for await (const c of lazyZeroTar('zeros.bin', 300 << 20)) h.update(c as Buffer);
  const fixed = imageFromRawLayers([Buffer.alloc(0)], { compressed: [blob], diffIds: [`sha256:${h.digest('hex')}`] });
  writeOciLayout(join(dir, 'bomb'), [fixed]);
  // A zero-filled file is legitimate however well it compresses: judged by absolute size, it passes.
  const cache = join(tempDir(t, 'bw-cache-'), 'c');
  const ok = bulwark(['image', join(dir, 'bomb'), '--cache-dir', cache, '--format', 'json', '--scanners', 'secret,malware'], {}, tempDir(t, 'bw-cwd-'));
  assert.equal(ok.status, 0, ok.stderr);
  // The image budget refuses it, naming the file being inflated; the ratio guard still works when asked for.
  expectFailure(t, join(dir, 'bomb'), 'LIMIT_EXCEEDED', /inflate past 268435456 bytes in all \(while reading "zeros\.bin"\)/, ['--max-image-bytes', '256MiB']);
  expectFailure(t, join(dir, 'bomb'), 'LIMIT_EXCEEDED', /inflates more than 200x .*"zeros\.bin"/, ['--max-ratio', '200']);
  const small = await buildImage({ layers: [{ entries: [{ path: 'var/lib/dpkg/status', hostPath: '/var/lib/dpkg/status' }] }] });
  mkdirSync(join(dir, 'l'));
  await writeDockerArchive(join(dir, 'l', 'small.tar'), [small]);
  expectFailure(t, join(dir, 'l', 'small.tar'), 'LIMIT_EXCEEDED', /inflates past 65536 bytes/, ['--max-layer-bytes', '64KiB']);
});

/** The image with its manifest rewritten by `edit` (sizes lied about); the manifest's own digest stays true. */
function withManifest(img: BuiltImage, edit: (m: { config: { size: number }; layers: Array<{ size: number }> }) => void): BuiltImage {
  const m = JSON.parse(img.manifest.data.toString('utf8')) as { config: { size: number }; layers: Array<{ size: number }> };
  edit(m);
  const data = Buffer.from(JSON.stringify(m));
  return { ...img, manifest: { ...img.manifest, data, size: data.length, digest: `sha256:${createHash('sha256').update(data).digest('hex')}` } };
}

test('descriptor sizes must match the blobs (digest alone is not enough): layout, OCI archive, index entries', async (t) => {
  const dir = tempDir(t);
  const img = await demoImage();
  for (const [name, edit] of [
    ['layer-small', (m) => { m.layers[0].size -= 1; }],
    ['layer-big', (m) => { m.layers[0].size += 4096; }],
    ['config-small', (m) => { m.config.size = 2; }],
  ] as Array<[string, Parameters<typeof withManifest>[1]]>) {
    writeOciLayout(join(dir, name), [withManifest(img, edit)]);
    expectFailure(t, join(dir, name), 'DIGEST_MISMATCH', /is \d+ bytes, its descriptor says \d+/);
    await writeOciArchive(join(dir, `${name}.tar`), [withManifest(img, edit)]);
    expectFailure(t, join(dir, `${name}.tar`), 'DIGEST_MISMATCH', /is \d+ bytes, its descriptor says \d+/);
  }
  // index.json's descriptor of the manifest itself.
  writeOciLayout(join(dir, 'manifest-size'), [img]);
  const idx = JSON.parse(readFileSync(join(dir, 'manifest-size', 'index.json'), 'utf8')) as { manifests: Array<{ size: number }> };
  idx.manifests[0].size += 1;
  writeFileSync(join(dir, 'manifest-size', 'index.json'), JSON.stringify(idx));
  expectFailure(t, join(dir, 'manifest-size'), 'DIGEST_MISMATCH', /manifest sha256:\w+ is \d+ bytes, its descriptor says \d+/);
});

test('unreachable registry, unknown path', (t) => {
  expectFailure(t, '127.0.0.1:1/nothing/here:1', 'REGISTRY_UNREACHABLE', /127\.0\.0\.1:1/, ['--insecure']);
  expectFailure(t, './no-such-image.tar', 'INPUT_NOT_FOUND', /no such file/);
});
