/**
 * Image read throughput: an OCI layout of ≥1 GB uncompressed in 8+ gzip layers built from real files of
 * this machine's /usr (compressible, realistic), scanned by `bulwark image … --format json --no-cache`
 * against the floor: `gzip -dc` of every layer in series, in the same run. Peak RSS via /usr/bin/time -v.
 * Run: node --import tsx bench/image-read.ts [totalMiB=1100] [layers=8] [runs=2]
 * BENCH_SCANNERS (default `vuln`) picks the scanners: `vuln,malware` measures hashing every file.
 * The image is generated once (streamed, never held in memory) under bench/work/image-read/.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';

const ROOT = join(import.meta.dirname, '..');
const totalMiB = Number(process.argv[2] ?? 1100);
const layerCount = Number(process.argv[3] ?? 8);
const runs = Number(process.argv[4] ?? 2);
const WORK = join(ROOT, 'bench/work/image-read');
const LAYOUT = join(WORK, `layout-${totalMiB}-${layerCount}`);

/** Regular files under /usr, sorted, each ≤ 32 MiB: an endless supply (cycled with a new prefix). */
function* usrFiles(): Generator<{ abs: string; size: number }> {
  const stack = ['/usr/lib', '/usr/share', '/usr/bin'];
  while (stack.length) {
    const dir = stack.shift()!;
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { continue; }
    for (const n of names) {
      const abs = join(dir, n);
      let st;
      try { st = lstatSync(abs); } catch { continue; }
      if (st.isDirectory()) stack.push(abs);
      else if (st.isFile() && st.size > 0 && st.size <= 32 << 20) yield { abs, size: st.size };
    }
  }
}

function* endless(): Generator<{ abs: string; size: number; round: number }> {
  for (let round = 0; ; round++) for (const f of usrFiles()) yield { ...f, round };
}

const sha = () => createHash('sha256');

/** Writes one gzip layer of ~`bytes` uncompressed; returns digests. */
async function writeLayer(files: Generator<{ abs: string; size: number; round: number }>, bytes: number, out: string) {
  const pack = tar.pack();
  const diff = sha();
  const blob = sha();
  let size = 0;
  const hashTap = new Writable({ write(c: Buffer, _e, cb) { diff.update(c); cb(); } });
  pack.on('data', (c: unknown) => { hashTap.write(c as Buffer); });
  const gz = createGzip({ level: 6 });
  gz.on('data', (c: Buffer) => { blob.update(c); size += c.length; });
  const done = pipeline(pack, gz, createWriteStream(out));
  let written = 0;
  while (written < bytes) {
    const f = files.next().value!;
    let data: Buffer;
    try { data = readFileSync(f.abs); } catch { continue; }
    const name = `r${f.round}${f.abs}`.replace(/^\/+/, '');
    await new Promise<void>((res, rej) => pack.entry({ name, size: data.length, mode: 0o644, mtime: new Date(0) }, data, (e) => (e ? rej(e) : res())));
    written += data.length + 512;
  }
  pack.finalize();
  await done;
  return { digest: `sha256:${blob.digest('hex')}`, diffId: `sha256:${diff.digest('hex')}`, size };
}

async function build(): Promise<string[]> {
  const marker = join(LAYOUT, 'index.json');
  const blobs = join(LAYOUT, 'blobs/sha256');
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(join(LAYOUT, 'manifest.json'), 'utf8')) as { layers: Array<{ digest: string }> };
    return m.layers.map((l) => join(blobs, l.digest.slice(7)));
  }
  mkdirSync(blobs, { recursive: true });
  const files = endless();
  const layers = [];
  for (let i = 0; i < layerCount; i++) {
    const tmp = join(LAYOUT, `layer-${i}.tmp`);
    const l = await writeLayer(files, Math.ceil((totalMiB << 20) / layerCount), tmp);
    renameSync(tmp, join(blobs, l.digest.slice(7)));
    layers.push(l);
    console.error(`layer ${i}: ${(l.size / 1048576).toFixed(0)} MiB gzip`);
  }
  const cfg = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }, history: layers.map((_, i) => ({ created_by: `bench layer ${i}` })) }));
  const cfgDigest = `sha256:${sha().update(cfg).digest('hex')}`;
  writeFileSync(join(blobs, cfgDigest.slice(7)), cfg);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfgDigest, size: cfg.length }, layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })) }));
  const mDigest = `sha256:${sha().update(manifest).digest('hex')}`;
  writeFileSync(join(blobs, mDigest.slice(7)), manifest);
  writeFileSync(join(LAYOUT, 'manifest.json'), manifest);
  writeFileSync(join(LAYOUT, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(marker, JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: mDigest, size: manifest.length }] }));
  return layers.map((l) => join(blobs, l.digest.slice(7)));
}

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS (MiB). */
function timed(cmd: string, args: string[]): { seconds: number; rssMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`cannot parse /usr/bin/time output:\n${r.stderr.slice(-800)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, rssMiB: Number(rss[1]) / 1024 };
}

async function main(): Promise<void> {
  const layers = await build();
  const compressed = layers.reduce((s, p) => s + statSync(p).size, 0);
  let uncompressed = 0;
  for (const p of layers) {
    await pipeline(createReadStream(p), createGunzip(), new Writable({ write(c: Buffer, _e, cb) { uncompressed += c.length; cb(); } }));
  }
  const dist = join(ROOT, 'dist/cli/main.js');
  const useDist = existsSync(dist) && process.env.BENCH_CLI !== 'tsx';
  const cli = useDist ? [dist] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
  // Our design's own floor: node:zlib inflating + hashing both sides, two layers at a time, no tar parsing.
  const nodeFloor = `const z=require('zlib'),fs=require('fs'),c=require('crypto');const L=${JSON.stringify(layers)};let i=0;
const one=(p)=>new Promise((r,j)=>{const a=c.createHash('sha256'),b=c.createHash('sha256');const s=fs.createReadStream(p,{highWaterMark:1<<20});
s.on('data',(d)=>a.update(d));const g=z.createGunzip({chunkSize:256*1024});g.on('data',(d)=>b.update(d));g.on('end',r);g.on('error',j);s.pipe(g);});
const w=async()=>{while(i<L.length)await one(L[i++]);};Promise.all([w(),w()]);`;
  const results: Array<{ run: number; floor: { seconds: number; rssMiB: number }; bulwark: { seconds: number; rssMiB: number }; nodeInflateHash2: { seconds: number; rssMiB: number } }> = [];
  for (let run = 0; run < runs; run++) {
    const floor = timed('sh', ['-c', `gzip -dc ${layers.map((l) => `'${l}'`).join(' ')} > /dev/null`]);
    const ours = timed(process.execPath, [...cli, 'image', LAYOUT, '--format', 'json', '--no-cache', '-q', '-o', '/dev/null', '--scanners', process.env.BENCH_SCANNERS ?? 'vuln', '--allow-missing-db']);
    const nodeInflateHash2 = timed(process.execPath, ['-e', nodeFloor]);
    results.push({ run, floor, bulwark: ours, nodeInflateHash2 });
    console.error(`run ${run}: gzip -dc ${floor.seconds.toFixed(2)} s, bulwark ${ours.seconds.toFixed(2)} s (${(ours.seconds / floor.seconds).toFixed(2)}x), RSS ${ours.rssMiB.toFixed(0)} MiB; node inflate+hash x2 ${nodeInflateHash2.seconds.toFixed(2)} s`);
  }
  const best = (k: 'floor' | 'bulwark' | 'nodeInflateHash2') => Math.min(...results.map((r) => r[k].seconds));
  const summary = {
    layers: layers.length, compressedMiB: +(compressed / 1048576).toFixed(1), uncompressedMiB: +(uncompressed / 1048576).toFixed(1),
    cli: useDist ? 'dist' : 'tsx', floorSeconds: best('floor'), bulwarkSeconds: best('bulwark'), nodeInflateHash2Seconds: best('nodeInflateHash2'),
    ratio: +(best('bulwark') / best('floor')).toFixed(3), peakRssMiB: +Math.max(...results.map((r) => r.bulwark.rssMiB)).toFixed(0), runs: results,
  };
  console.log(JSON.stringify(summary, null, 2));
}

await main();
