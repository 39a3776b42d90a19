/**
 * Signature verification at scale (issue 13): a local docker-registry (127.0.0.1) gets N distinct image
 * digests (default 1,000: one shared layer and config, manifests that differ by an annotation), each signed
 * by Bulwark with a key (cosign `.sig` tag, no Rekor: --insecure-ignore-tlog). Then, in a child process
 * (so its peak RSS is the verification's alone):
 *   (a) every digest verified once through the library (`verifyImage`), no cache, at concurrency 1 and 16,
 *       with a registry client per call (as one CLI run) and with pooled clients (as the admission webhook):
 *       verifications/s and peak RSS;
 *   (b) the cached decision: `verifyImage(ref@digest)` against a warm VerificationCache (no network),
 *       per-call latency median/p99 over 100,000 calls, and the bare cache lookup;
 *   (c) the floors: the four registry requests a verification needs over a keep-alive node:http agent with no
 *       verification (the registry's share), and one ECDSA P-256 verify of a simple-signing payload with
 *       node:crypto (the cryptography's share).
 * Then the peer on the same digests: skopeo (containers/image) copying each signed digest under a
 * `sigstoreSigned` policy (the same key, `use-sigstore-attachments`), one process per digest, against
 * `bulwark verify` one process per digest, and Node's start-up (`bulwark --version`).
 * Run: node --import tsx bench/signatures.ts [n=1000] (build first for the CLI part: npm run build)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage } from '../test/fixtures/image-builder.js';
import { startRegistry } from '../test/helpers/registry.js';
import { MediaType, RegistryClient, RegistryClientPool, sha256Digest } from '../src/oci/index.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey } from '../src/supplychain/index.js';
import { preparePolicy, signImageReference, verifyImage, VerificationCache } from '../src/scan/verify-image.js';
import { simpleSigningPayload } from '../src/supplychain/cosign.js';

const CALLS = 100_000;
/** Digests verified one process per digest by skopeo and by the bulwark CLI. */
const PEER_DIGESTS = 100;

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
  // A client per call (what one CLI run does), then clients kept across calls (what the webhook does).
  for (const pooled of [false, true]) {
    for (const c of [1, 16]) {
      const clients = pooled ? new RegistryClientPool() : undefined;
      let failed = 0;
      const t = performance.now();
      await pool(refs, c, async (ref) => { if (!(await verifyImage(ref, policy, clients ? { clients } : {})).verified) failed++; });
      const s = (performance.now() - t) / 1000;
      clients?.close();
      if (failed) throw new Error(`${failed} of ${refs.length} digests did not verify`);
      out[`${pooled ? 'pooled' : 'fresh'}C${c}PerS`] = refs.length / s;
    }
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
  Object.assign(out, await registryFloor(refs), cryptoFloor());
  console.log(JSON.stringify(out));
}

/** GET/HEAD over a keep-alive agent; resolves with the body (drained either way). */
function request(agent: http.Agent, host: string, method: string, path: string, accept: string): Promise<{ status: number; body: Buffer }> {
  const [hostname, port] = host.split(':');
  return new Promise((res, rej) => {
    const req = http.request({ agent, hostname, port: Number(port), method, path, headers: { accept } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', rej);
    req.end();
  });
}

/**
 * The registry's share: per digest the requests a verification needs (the manifest, the `.sig` tag's
 * manifest, the signature layer's blob, the referrers tag schema: 404 here), with nothing verified, over
 * one keep-alive agent. Pooled `verifyImage` makes exactly these once it knows the registry has no
 * referrers API; a client per call adds the TLS probe, the /v2/ ping and the referrers API's 404.
 */
async function registryFloor(refs: string[]): Promise<Record<string, number>> {
  const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json';
  const out: Record<string, number> = {};
  for (const c of [1, 16]) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: c });
    const t = performance.now();
    await pool(refs, c, async (ref) => {
      const host = ref.slice(0, ref.indexOf('/'));
      const digest = ref.slice(ref.indexOf('@') + 1);
      const base = '/v2/bench/app';
      const sigTag = `${digest.replace(':', '-')}.sig`;
      await request(agent, host, 'GET', `${base}/manifests/${digest}`, accept);
      const sig = await request(agent, host, 'GET', `${base}/manifests/${sigTag}`, accept);
      const layer = (JSON.parse(sig.body.toString('utf8')) as { layers: Array<{ digest: string }> }).layers[0]!.digest;
      await request(agent, host, 'GET', `${base}/blobs/${layer}`, '*/*');
      await request(agent, host, 'GET', `${base}/manifests/${digest.replace(':', '-')}`, accept);
    });
    out[`floorC${c}PerS`] = refs.length / ((performance.now() - t) / 1000);
    agent.destroy();
  }
  return out;
}

/** The cryptography's share: one ECDSA P-256/SHA-256 verify of a simple-signing payload. */
function cryptoFloor(): Record<string, number> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const payload = simpleSigningPayload('127.0.0.1:5000/bench/app', `sha256:${'a'.repeat(64)}`);
  const sig = createSign('sha256').update(payload).sign(privateKey);
  const n = 5000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    if (!createVerify('sha256').update(payload).verify(publicKey, sig)) throw new Error('crypto floor: signature did not verify');
  }
  return { cryptoVerifyUs: ((performance.now() - t) / n) * 1000 };
}

/** Runs one process to its end without blocking this one (which drains the registry's log pipe). */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', rej);
    child.on('close', (status) => res({ status, stderr }));
  });
}

/** Wall time of one process per digest, one after another, in ms; throws when any run fails. */
async function perProcess(refs: string[], argv: (ref: string, i: number) => [string, string[]]): Promise<number[]> {
  const out: number[] = [];
  for (const [i, ref] of refs.entries()) {
    const [cmd, args] = argv(ref, i);
    const t = performance.now();
    const r = await run(cmd, args);
    out.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  }
  return out;
}

/**
 * The peer: skopeo verifies a cosign signature when it copies an image under a `sigstoreSigned` policy
 * (containers/image reads the `.sig` tag with `use-sigstore-attachments`). It also copies the image's
 * two small blobs to a dir:, which `bulwark verify` does not; its figure therefore slightly favours Bulwark.
 */
async function peerPhase(refs: string[], unsigned: string, host: string, publicKeyPem: string, dir: string): Promise<string[]> {
  const lines: string[] = [];
  const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
  const pub = join(dir, 'cosign.pub');
  writeFileSync(pub, publicKeyPem);
  const sample = refs.slice(0, PEER_DIGESTS);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const fmt = (name: string, xs: number[]) => `${name}: ${(xs.length / (xs.reduce((a, b) => a + b, 0) / 1000)).toFixed(1)} digests/s, median ${med(xs).toFixed(0)} ms per process`;
  if (existsSync(cli)) {
    const control = await run(process.execPath, [cli, 'verify', unsigned, '--key', pub, '--insecure-ignore-tlog']);
    if (control.status !== 1) throw new Error(`bulwark verify of an unsigned image exited ${control.status}, not 1`);
    lines.push(fmt('node dist/cli/main.js --version (start-up floor)', await perProcess(sample.slice(0, 20), () => [process.execPath, [cli, '--version']])));
    lines.push(fmt(`bulwark verify --key --insecure-ignore-tlog, one process per digest (${sample.length})`,
      await perProcess(sample, (ref) => [process.execPath, [cli, 'verify', ref, '--key', pub, '--insecure-ignore-tlog', '-f', 'json']])));
  } else lines.push('bulwark CLI: dist/ not built (npm run build): per-process figures skipped');
  const skopeo = spawnSync('skopeo', ['--version'], { encoding: 'utf8' });
  if (skopeo.status !== 0) return [...lines, 'skopeo not installed: peer skipped'];
  const registriesD = join(dir, 'registries.d');
  mkdirSync(registriesD, { recursive: true });
  writeFileSync(join(registriesD, 'bench.yaml'), `docker:
  ${host}:
    use-sigstore-attachments: true
`);
  const policyFile = join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({
    default: [{ type: 'reject' }],
    transports: { docker: { [`${host}/bench/app`]: [{ type: 'sigstoreSigned', keyPath: pub, signedIdentity: { type: 'matchRepoDigestOrExact' } }] } },
  }));
  const copyArgs = (ref: string, to: string) => ['copy', '-q', '--policy', policyFile, '--registries.d', registriesD, '--src-tls-verify=false', `docker://${ref}`, `dir:${join(dir, to)}`];
  // Debian builds skopeo with sigstore verification patched out ("Debian-local change: sigstore disabled").
  const probe = await run('skopeo', copyArgs(sample[0]!, 'copy-probe'));
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').pop()?.replace(/^.*msg="([^"]*)".*$/, '$1') ?? '';
    return [...lines, `skopeo (${skopeo.stdout.trim()}) cannot verify cosign signatures here: ${why}. Peer skipped.`];
  }
  // A control: an image signed by no one must be refused under the same policy, or the figure means nothing.
  const control = await run('skopeo', copyArgs(unsigned, 'copy-unsigned'));
  if (control.status === 0) throw new Error('skopeo copied an unsigned image under the sigstoreSigned policy: the peer figure would not measure verification');
  const times = await perProcess(sample, (ref, i) => ['skopeo', copyArgs(ref, `copy-${i}`)]);
  lines.unshift(`${skopeo.stdout.trim()}`);
  lines.push(fmt(`skopeo copy under sigstoreSigned (verifies, then copies config + layer), one process per digest (${sample.length})`, times));
  return lines;
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
    const unsignedBytes = Buffer.from(JSON.stringify({ ...manifest, annotations: { 'bench.bulwark.dev/n': 'unsigned' } }));
    await client.putManifest('bench/app', sha256Digest(unsignedBytes), unsignedBytes, String(manifest.mediaType ?? MediaType.OciManifest));
    const unsignedRef = `${reg.host}/bench/app@${sha256Digest(unsignedBytes)}`;
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
    console.log(`verify, no cache, a client per call (one CLI run): concurrency 1 ${f(r.freshC1PerS!)} verifications/s; concurrency 16 ${f(r.freshC16PerS!)}/s`);
    console.log(`verify, no cache, pooled clients (the admission webhook): concurrency 1 ${f(r.pooledC1PerS!)} verifications/s; concurrency 16 ${f(r.pooledC16PerS!)}/s`);
    console.log(`verify child peak RSS: ${f(r.peakRssMiB!)} MiB after the uncached runs, ${f(r.peakRssAfterCacheMiB!)} MiB after the cached runs`);
    console.log(`cached decision (verifyImage ref@digest, warm cache, ${CALLS} calls): median ${f(r.cachedMedianUs!, 2)} µs, p99 ${f(r.cachedP99Us!, 2)} µs, max ${f(r.cachedMaxUs!, 0)} µs`);
    console.log(`bare VerificationCache.get: median ${f(r.lookupMedianUs!, 2)} µs, p99 ${f(r.lookupP99Us!, 2)} µs`);
    if (r.cachedP99Us! >= 1000) console.log('WARNING: cached decision p99 is not under 1 ms');
    console.log(`floor, registry requests only (the 4 a verification needs, keep-alive node:http, nothing verified): concurrency 1 ${f(r.floorC1PerS!)} digests/s, concurrency 16 ${f(r.floorC16PerS!)} digests/s`);
    console.log(`floor, cryptography only: one ECDSA P-256 verify ${f(r.cryptoVerifyUs!, 1)} µs`);
    for (const line of await peerPhase(refs, unsignedRef, reg.host, pair.publicKeyPem, dir)) console.log(line);
    console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await reg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--verify') await verifyPhase(process.argv[3]!);
else await main();
