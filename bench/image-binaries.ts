/**
 * Peak RSS of an image scan against the size of the executables in it (issue #11: it should not grow
 * with binary size). One single-layer OCI layout per size holds a fake ELF executable of that size
 * (mode 0755, compressible, with NULs: a binary to every analyzer) plus a small text file, scanned by
 * `bulwark image --scanners vuln,secret,malware --no-cache` under /usr/bin/time -v.
 * Run: node --import tsx bench/image-binaries.ts [sizesMiB=8,64,192] [cli=dist/cli/main.js]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');
const sizes = (process.argv[2] ?? '8,64,192').split(',').map(Number);
const cli = process.argv[3] ?? join(ROOT, 'dist/cli/main.js');
const WORK = join(ROOT, 'bench/work/image-binaries');
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function tarEntry(name: string, data: Buffer, mode: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** One layout with a `mib`-MiB executable; built once. */
function layout(mib: number): string {
  const dir = join(WORK, `exe-${mib}`);
  if (existsSync(join(dir, 'index.json'))) return dir;
  const unit = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x48, 0x89, 0xe5, 0xc3, 0x90, 0x90, 0, 0]);
  const exe = Buffer.alloc(mib << 20);
  for (let off = 0; off < exe.length; off += unit.length) unit.copy(exe, off);
  const raw = Buffer.concat([tarEntry('usr/local/bin/app', exe, 0o755), tarEntry('etc/app.conf', Buffer.from('level = info\n'), 0o644), Buffer.alloc(1024)]);
  const blob = gzipSync(raw, { level: 1 });
  const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha(raw)] }, history: [{ created_by: 'bench' }] }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(cfg), size: cfg.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(blob), size: blob.length }],
  }));
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  for (const b of [blob, cfg, manifest]) writeFileSync(join(dir, 'blobs/sha256', sha(b).slice(7)), b);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length }] }));
  return dir;
}

const rows = sizes.map((mib) => {
  const dir = layout(mib);
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, 'image', dir, '--format', 'json', '--no-cache', '-q', '-o', '/dev/null', '--scanners', 'vuln,secret,malware', '--allow-missing-db'],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(r.stderr);
  if (r.status !== 0 || !rss || !wall) throw new Error(`scan of ${mib} MiB failed: ${r.stderr.slice(-1500)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { executableMiB: mib, seconds, peakRssMiB: Math.round(Number(rss[1]) / 1024) };
});
console.log(JSON.stringify({ cli, rows }, null, 2));
