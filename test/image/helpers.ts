/** Shared fixtures for the image pipeline tests: a small real image (this machine's os-release and dpkg status). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { buildImage, compress, type Compression, type FixtureImage, type BuiltImage } from '../fixtures/image-builder.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export function tempDir(t: { after(fn: () => void): void }, prefix = 'bw-image-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Debian base (real os-release + dpkg status), an app layer in zstd, a cleanup layer uncompressed. */
export function demoImage(extra: Partial<FixtureImage> = {}): Promise<BuiltImage> {
  return buildImage({
    layers: [
      { entries: [
        { path: 'usr/lib/os-release', hostPath: '/etc/os-release' },
        { path: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        { path: 'var/lib/dpkg/status', hostPath: '/var/lib/dpkg/status' },
        { path: 'tmp/secret.txt', content: 'temporary' },
      ], compression: 'gzip', createdBy: 'ADD rootfs.tar.gz /' },
      { entries: [{ path: 'app/main.js', content: 'console.log(1)\n' }], whiteouts: ['tmp/secret.txt'], compression: 'zstd', createdBy: 'COPY app /app' },
      { entries: [{ path: 'app/README', content: 'hi' }], compression: 'none', createdBy: 'RUN touch /app/README' },
    ],
    config: { User: 'app', Env: ['PATH=/usr/bin', 'API_TOKEN=hunter2'], Entrypoint: ['node'], Cmd: ['/app/main.js'], ExposedPorts: { '8080/tcp': {} }, Labels: { maintainer: 'team' } },
    emptyHistory: ['ENV API_TOKEN=hunter2', 'EXPOSE 8080'],
    repoTags: ['demo/app:1'],
    ...extra,
  });
}

/** Runs the CLI from source; returns exit code, stdout, stderr. */
export function bulwark(args: string[], env: Record<string, string> = {}, cwd = ROOT): { status: number; stdout: string; stderr: string } {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd, env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `bulwark` without blocking the event loop: for tests whose servers (registry glue, TUF mirror) run in-process. */
export function bulwarkAsync(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<{ status: number; stdout: string; stderr: string }> {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd, env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, encoding: 'utf8', maxBuffer: 64 << 20,
    }, (err, stdout, stderr) => resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

/** dpkg-query's view of this machine: name → version. */
export function hostDpkgCount(): number {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}\\n'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.startsWith('ii')).length;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An image from hand-made layer tars (hostile names, bombs): real config + manifest around them. */
export function imageFromRawLayers(raws: Buffer[], opts: { compression?: Compression; corrupt?: (blob: Buffer, i: number) => Buffer; diffIds?: string[]; compressed?: Buffer[] } = {}): BuiltImage {
  const c = opts.compression ?? 'gzip';
  const layers = raws.map((raw, i) => {
    // `compressed`: a blob made elsewhere (streamed bombs); its diffID must come in `diffIds`.
    const good = opts.compressed?.[i] ?? compress(raw, c);
    const data = opts.corrupt ? opts.corrupt(good, i) : good;
    return { digest: sha256(good), size: data.length, mediaType: c === 'gzip' ? 'application/vnd.oci.image.layer.v1.tar+gzip' : c === 'zstd' ? 'application/vnd.oci.image.layer.v1.tar+zstd' : 'application/vnd.oci.image.layer.v1.tar', data, diffId: opts.diffIds?.[i] ?? sha256(raw), compression: c };
  });
  const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }, history: layers.map((_, i) => ({ created_by: `raw ${i}` })) }));
  const config = { digest: sha256(cfg), size: cfg.length, mediaType: 'application/vnd.oci.image.config.v1+json', data: cfg };
  const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: config.mediaType, digest: config.digest, size: config.size }, layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })) }));
  return { config, manifest: { digest: sha256(m), size: m.length, mediaType: 'application/vnd.oci.image.manifest.v1+json', data: m }, layers, repoTags: [] };
}
