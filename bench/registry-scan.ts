/**
 * Whole-registry scan vs one `bulwark image` per tag. A local docker-registry (127.0.0.1) gets R
 * repositories × 3 tags (default 200 × 3 = 600 distinct images) built from two shared base layers (a
 * Debian-like OS layer with the host's dpkg status and /usr/share/zoneinfo, and a shared "runtime" layer)
 * plus one small app layer each. Then, each in its own process under /usr/bin/time -v:
 *   (a) `bulwark registry scan HOST` with an empty cache dir: wall time, peak RSS, layers walked;
 *   (b) a SAMPLE of N separate `bulwark image HOST/repo:tag` runs sharing one cache dir (as a CI loop on
 *       one machine would), and N runs with --no-cache; the per-run mean is extrapolated to all tags
 *       (stated as an extrapolation, not measured).
 * Both sides use the same scanners (secret, plus vuln when a database is present; --allow-missing-db).
 * Run: node --import tsx bench/registry-scan.ts [repos=200] [sample=10]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, type BuiltImage, type FixtureLayer } from '../test/fixtures/image-builder.js';
import { startRegistry } from '../test/helpers/registry.js';
import { pushClient, pushImage } from '../test/helpers/registry-populate.js';

const ROOT = join(import.meta.dirname, '..');
const repos = Number(process.argv[2] ?? 200);
const sample = Number(process.argv[3] ?? 10);
const TAGS = ['1.0', '1.1', 'latest'];

function cli(): string[] {
  const dist = join(ROOT, 'dist', 'cli', 'main.js');
  return existsSync(dist) ? [dist] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
}

function timed(args: string[]): { ms: number; rssMiB: number; out: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...cli(), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: ROOT });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`bulwark ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { ms, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN, out: r.stdout };
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** `shared`'s layers + one more layer: a new config (diff_ids, history) and manifest around the same blobs. */
function compose(shared: BuiltImage, app: BuiltImage['layers'][number]): BuiltImage {
  const layers = [...shared.layers, app];
  const cfg = JSON.parse(shared.config.data.toString('utf8')) as { rootfs: { diff_ids: string[] }; history: object[] };
  cfg.rootfs.diff_ids = layers.map((l) => l.diffId);
  cfg.history = [...cfg.history, { created: '2024-01-01T00:00:00Z', created_by: 'COPY app /app' }];
  const cdata = Buffer.from(JSON.stringify(cfg));
  const config = { ...shared.config, data: cdata, digest: sha256(cdata), size: cdata.length };
  const m = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: shared.manifest.mediaType,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  }));
  return { config, layers, repoTags: [], manifest: { ...shared.manifest, data: m, digest: sha256(m), size: m.length } };
}

async function populate(host: string): Promise<number> {
  const base: FixtureLayer = { hostDirs: [{ hostDir: '/usr/share/zoneinfo', path: 'usr/share/zoneinfo' }], entries: [
    { path: 'etc/os-release', hostPath: '/etc/os-release' },
    ...(existsSync('/var/lib/dpkg/status') ? [{ path: 'var/lib/dpkg/status', hostPath: '/var/lib/dpkg/status' }] : []),
  ] };
  const runtime: FixtureLayer = { entries: Array.from({ length: 200 }, (_, i) => ({ path: `usr/lib/runtime/mod${i}.js`, content: `module.exports = ${i};\n`.repeat(50) })) };
  const c = pushClient(host);
  let pushed = 0;
  // The shared layers are built (tarred, gzipped) once; each image adds its own tiny app layer.
  const shared = await buildImage({ layers: [base, runtime] });
  for (let r = 0; r < repos; r++) {
    for (const [t, tag] of TAGS.entries()) {
      const app = (await buildImage({ layers: [{ entries: [{ path: `app/server-${r}-${t}.js`, content: `console.log(${r}, ${t});\n` }] }] })).layers[0];
      await pushImage(c, `svc/app${r}`, tag, compose(shared, app));
      pushed++;
    }
  }
  c.close();
  return pushed;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bw-bench-regscan-'));
  const reg = await startRegistry({ kind: 'none' });
  try {
    const t0 = performance.now();
    const images = await populate(reg.host);
    console.log(`populated ${repos} repositories × ${TAGS.length} tags = ${images} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    const common = ['--scanners', 'vuln,secret', '--allow-missing-db', '--quiet'];
    const whole = timed(['registry', 'scan', reg.host, '--cache-dir', join(work, 'cache-registry'), '--concurrency', '4', '--format', 'json', ...common]);
    const result = JSON.parse(whole.out) as { images: { unique: number; scanned: number; failed: unknown[] }; layers: { unique: number; walked: number } };
    console.log(`registry scan: ${(whole.ms / 1000).toFixed(1)} s wall, peak RSS ${whole.rssMiB.toFixed(0)} MiB, ${result.images.scanned}/${result.images.unique} images, `
      + `${result.layers.walked} layers walked of ${result.layers.unique} unique (${images * 3} layer references), ${result.images.failed.length} failed`);
    const pick = Array.from({ length: sample }, (_, i) => {
      const n = Math.floor((i * repos * TAGS.length) / sample);
      return `${reg.host}/svc/app${Math.floor(n / TAGS.length)}:${TAGS[n % TAGS.length]}`;
    });
    const warmCache = join(work, 'cache-separate');
    const warm = pick.map((ref) => timed(['image', ref, '--cache-dir', warmCache, '--format', 'json', '-o', join(work, 'out.json'), ...common]).ms);
    const cold = pick.map((ref) => timed(['image', ref, '--no-cache', '--cache-dir', join(work, 'cache-none'), '--format', 'json', '-o', join(work, 'out.json'), ...common]).ms);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const estWarm = (mean(warm) * images) / 1000;
    const estCold = (mean(cold) * images) / 1000;
    console.log(`separate bulwark image runs, sample of ${sample}: shared cache ${mean(warm).toFixed(0)} ms/run (first ${warm[0].toFixed(0)} ms), --no-cache ${mean(cold).toFixed(0)} ms/run`);
    console.log(`extrapolated to ${images} runs (NOT measured): shared cache ${estWarm.toFixed(0)} s, --no-cache ${estCold.toFixed(0)} s; `
      + `registry scan measured ${(whole.ms / 1000).toFixed(1)} s = ${(estWarm / (whole.ms / 1000)).toFixed(1)}× / ${(estCold / (whole.ms / 1000)).toFixed(1)}× faster`);
    console.log(`load average at start: ${load}; at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await reg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
