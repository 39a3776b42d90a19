/**
 * Signature verification at scale (issue 13): a local docker-registry (127.0.0.1) gets N distinct image
 * digests (default 1,000: one shared layer and config, manifests that differ by an annotation), each signed
 * by Bulwark with a key (cosign `.sig` tag, no Rekor: --insecure-ignore-tlog). Then, in a child process
 * (so its peak RSS is the verification's alone):
 *   (a) every digest verified once through the library (`verifyImage`, as the admission webhook calls it),
 *       no cache, at concurrency 1 and 16: verifications/s and peak RSS;
 *   (b) the cached decision: `verifyImage(ref@digest)` against a warm VerificationCache (no network),
 *       per-call latency median/p99 over 100,000 calls, and the bare cache lookup.
 * Run: node --import tsx bench/signatures.ts [n=1000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage } from '../test/fixtures/image-builder.js';
import { startRegistry } from '../test/helpers/registry.js';
import { MediaType, RegistryClient, sha256Digest } from '../src/oci/index.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../src/supplychain/index.js';
import { preparePolicy, signImageReference, verifyImage, VerificationCache } from '../src/scan/verify-image.js';

const CALLS = 100_000;

async function pool<T>(items: T[], concurrency: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Child: verifies every reference; prints one JSON line of figures. */
async function verifyPhase(file: string): Promise<void> {
  const { refs, publicKeyPem } = JSON.parse(readFileSync(file, 'utf8')) as { refs: string[]; publicKeyPem: string };
  const policy = preparePolicy({ keys: [parsePublicKey(publicKeyPem, 'cosign.pub')], ignoreTlog: true });
  const out: Record<string, number> = {};
  for (const c of [1, 16]) {
    let failed = 0;
    const t = performance.now();
    await pool(refs, c, async (ref) => { if (!(await verifyImage(ref, policy)).verified) failed++; });
    const s = (performance.now() - t) / 1000;
    if (failed) throw new Error(`${failed} of ${refs.length} digests did not verify`);
    out[`c${c}PerS`] = refs.length / s;
    out[`c${c}Seconds`] = s;
  }
  out.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // Cached decisions: warm the cache once, then time each call.
  const cache = new VerificationCache({ ttlMs: 3_600_000, maxEntries: refs.length * 2 });
  for (const ref of refs) await verifyImage(ref, policy, { cache });
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const ref = refs[i % refs.length]!;
    const t = performance.now();
    const r = await verifyImage(ref, policy, { cache });
    times.push(performance.now() - t);
    if (!r.cached || !r.verified) throw new Error('expected a cached verified decision');
  }
  times.sort((a, b) => a - b);
  out.cachedMedianUs = pct(times, 0.5) * 1000;
  out.cachedP99Us = pct(times, 0.99) * 1000;
  out.cachedMaxUs = times[times.length - 1]! * 1000;
  const digests = refs.map((r) => r.slice(r.indexOf('@') + 1));
  const g: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    cache.get(digests[i % digests.length]!, policy.hash);
    g.push(performance.now() - t);
  }
  g.sort((a, b) => a - b);
  out.lookupMedianUs = pct(g, 0.5) * 1000;
  out.lookupP99Us = pct(g, 0.99) * 1000;
  out.peakRssAfterCacheMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(out));
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const reg = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-sig-'));
  try {
    const base = await buildImage({ layers: [{ entries: [{ path: 'etc/marker', content: 'bench' }] }] });
    const client = new RegistryClient(reg.host);
    for (const b of [base.config, ...base.layers]) await client.putBlob('bench/app', b.data);
    const manifest = JSON.parse(base.manifest.data.toString('utf8')) as Record<string, unknown>;
    const refs: string[] = [];
    let t = performance.now();
    await pool(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
      const bytes = Buffer.from(JSON.stringify({ ...manifest, annotations: { 'bench.bulwark.dev/n': String(i) } }));
      await client.putManifest('bench/app', sha256Digest(bytes), bytes, String(manifest.mediaType ?? MediaType.OciManifest));
      refs.push(`${reg.host}/bench/app@${sha256Digest(bytes)}`);
    });
    client.close();
    const pushS = (performance.now() - t) / 1000;
    const pair = generateKeyPair('ecdsa-p256');
    const id = { kind: 'key' as const, privateKey: parsePrivateKey(pair.privateKeyPem, 'cosign.key'), publicKey: parsePublicKey(pair.publicKeyPem, 'cosign.pub') };
    t = performance.now();
    await pool(refs, 8, async (ref) => { await signImageReference(ref, id); });
    const signS = (performance.now() - t) / 1000;
    const file = join(dir, 'refs.json');
    writeFileSync(file, JSON.stringify({ refs, publicKeyPem: pair.publicKeyPem }));
    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    // Asynchronous on purpose: this process drains the registry's log pipe; spawnSync would block it and
    // the registry would stall once the pipe is full.
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--verify', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    if (code !== 0) throw new Error(`verify phase failed (exit ${code})`);
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
    const f = (x: number, d = 1) => x.toFixed(d);
    console.log(`load average before verifying: ${load}; after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`${n} distinct digests pushed in ${f(pushS)} s, signed (key, .sig tag, no Rekor) in ${f(signS)} s (${f(n / signS)} signatures/s, concurrency 8)`);
    console.log(`verify, no cache: concurrency 1 ${f(r.c1PerS!)} verifications/s (${f(r.c1Seconds!, 2)} s); concurrency 16 ${f(r.c16PerS!)} verifications/s (${f(r.c16Seconds!, 2)} s)`);
    console.log(`verify child peak RSS: ${f(r.peakRssMiB!)} MiB after the uncached runs, ${f(r.peakRssAfterCacheMiB!)} MiB after the cached runs`);
    console.log(`cached decision (verifyImage ref@digest, warm cache, ${CALLS} calls): median ${f(r.cachedMedianUs!, 2)} µs, p99 ${f(r.cachedP99Us!, 2)} µs, max ${f(r.cachedMaxUs!, 0)} µs`);
    console.log(`bare VerificationCache.get: median ${f(r.lookupMedianUs!, 2)} µs, p99 ${f(r.lookupP99Us!, 2)} µs`);
    if (r.cachedP99Us! >= 1000) console.log('WARNING: cached decision p99 is not under 1 ms');
  } finally {
    await reg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--verify') await verifyPhase(process.argv[3]!);
else await main();
