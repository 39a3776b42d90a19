/**
 * Registry pull throughput: one large layer served by a local docker-registry (127.0.0.1), streamed and
 * sha256-hashed by (a) Bulwark's registry source, (b) the floor: a bare node:http GET of the same blob
 * hashed the same way, (c) skopeo copy to a dir: (peer; also writes to disk). Each runs in its own
 * process under /usr/bin/time -v for peak RSS.
 * Run: node --import tsx bench/registry-pull.ts [MiB=256] [runs=3]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, writeOciLayout } from '../test/fixtures/image-builder.js';
import { startRegistry, skopeoPush } from '../test/helpers/registry.js';
import { openRegistryImage } from '../src/sources/registry/index.js';

async function hashStream(s: NodeJS.ReadableStream): Promise<string> {
  const h = createHash('sha256');
  for await (const c of s) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}

/** Child mode: pull one layer and print its digest. */
async function child(mode: string, ref: string, blobUrl: string): Promise<void> {
  if (mode === 'ours') {
    const src = await openRegistryImage(ref);
    console.log(await hashStream(await src.openLayer(0)));
    await src.close();
  } else {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(blobUrl, resolve).on('error', reject));
    console.log(await hashStream(res));
  }
}

function timed(cmd: string, args: string[]): { ms: number; rssMiB: number; out: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return { ms, rssMiB: rss, out: r.stdout.trim() };
}

async function main(): Promise<void> {
  const [mode, ref, blobUrl] = process.argv.slice(2);
  if (mode === 'ours' || mode === 'floor') return child(mode, ref, blobUrl);
  const mib = Number(process.argv[2] ?? 256);
  const runs = Number(process.argv[3] ?? 3);
  const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-pull-'));
  const reg = await startRegistry();
  try {
    const img = await buildImage({ repoTags: ['bench/big:1'], layers: [{ entries: [{ path: 'blob.bin', content: randomBytes(mib * 1024 * 1024) }], compression: 'none' }] });
    writeOciLayout(join(work, 'layout'), [img]);
    await skopeoPush(join(work, 'layout'), '1', `${reg.host}/bench/big:1`);
    const layer = img.layers[0];
    const ref = `${reg.host}/bench/big:1`;
    const blobUrl = `http://${reg.host}/v2/bench/big/blobs/${layer.digest}`;
    console.log(`layer ${(layer.size / 1048576).toFixed(0)} MiB, ${runs} runs each, best time / peak RSS`);
    const self = ['--import', 'tsx', 'bench/registry-pull.ts'];
    const rows: Array<[string, () => { ms: number; rssMiB: number; out: string }]> = [
      ['floor (node:http GET + sha256)', () => timed(process.execPath, [...self, 'floor', ref, blobUrl])],
      ['bulwark openRegistryImage + openLayer + sha256', () => timed(process.execPath, [...self, 'ours', ref, blobUrl])],
      ['skopeo copy docker:// → dir: (writes to disk)', () => {
        const dir = join(work, `dir-${Math.random()}`);
        const r = timed('skopeo', ['copy', '-q', '--src-tls-verify=false', `docker://${ref}`, `dir:${dir}`]);
        rmSync(dir, { recursive: true, force: true });
        return { ...r, out: layer.digest };
      }],
    ];
    for (const [label, run] of rows) {
      let best = { ms: Infinity, rssMiB: 0 };
      for (let i = 0; i < runs; i++) {
        const r = run();
        if (r.out !== layer.digest) throw new Error(`${label}: digest ${r.out} != ${layer.digest}`);
        if (r.ms < best.ms) best = r;
      }
      console.log(`${label}: ${best.ms.toFixed(0)} ms (${(mib / (best.ms / 1000)).toFixed(0)} MiB/s incl. process start), peak RSS ${best.rssMiB.toFixed(0)} MiB`);
    }
    console.log(`node ${process.version}; ${execFileSync('docker-registry', ['--version'], { encoding: 'utf8' }).trim()}`);
  } finally {
    await reg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
