/**
 * Test helper: a real Debian `docker-registry` (distribution 2.8) on 127.0.0.1 with a random port and a
 * temp storage dir — anonymous, htpasswd basic auth, or token auth against a token-server fixture.
 * Also wraps `skopeo` (the independent client) for pushing fixture layouts and inspecting results.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; users: Record<string, string> }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string };

export interface RegistryServer {
  /** `127.0.0.1:<port>`, usable in references. */
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** A free TCP port on `address` (the OS picks; we release it just before use). */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, address, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function authYaml(auth: RegistryAuth, dir: string): string {
  if (auth.kind === 'none') return '';
  if (auth.kind === 'htpasswd') {
    const lines = Object.entries(auth.users).map(([u, p]) => {
      const r = spawnSync('htpasswd', ['-Bbn', u, p], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`htpasswd failed: ${r.stderr}`);
      return r.stdout.trim();
    });
    const file = join(dir, 'htpasswd');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return `auth:\n  htpasswd:\n    realm: bulwark-test\n    path: ${file}\n`;
  }
  return `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.rootCertBundle}\n`;
}

function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v2/', agent: false }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(undefined));
    req.setTimeout(1000, () => req.destroy());
  });
}

async function waitReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    if (await probe(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer /v2/ on port ${port}: ${log()}`);
}

export interface RegistryExtras {
  /** `notifications.endpoints`: distribution POSTs event envelopes here, with these headers. */
  notify?: { url: string; headers?: Record<string, string>; ignoredMediaTypes?: string[] };
  /** `catalog.maxentries`: the largest catalog page the registry serves (forces Link pagination). */
  catalogMaxEntries?: number;
}

function extrasYaml(x: RegistryExtras): string {
  const out: string[] = [];
  if (x.catalogMaxEntries) out.push(`catalog:\n  maxentries: ${x.catalogMaxEntries}`);
  if (x.notify) {
    const headers = Object.entries(x.notify.headers ?? {}).map(([k, v]) => `        ${k}: [${JSON.stringify(v)}]`).join('\n');
    const ignored = (x.notify.ignoredMediaTypes ?? []).map((m) => `        - ${m}`).join('\n');
    out.push(['notifications:', '  endpoints:', '    - name: bulwark', `      url: ${x.notify.url}`,
      ...(headers ? ['      headers:', headers] : []), '      timeout: 2s', '      threshold: 3', '      backoff: 200ms',
      ...(ignored ? ['      ignoredmediatypes:', ignored] : [])].join('\n'));
  }
  return out.join('\n');
}

/** Starts `docker-registry serve` and waits until `/v2/` answers. */
export async function startRegistry(auth: RegistryAuth = { kind: 'none' }, extras: RegistryExtras = {}): Promise<RegistryServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-registry-'));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:\n  level: error\n  accesslog:\n    disabled: true',
    `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true`,
    `http:\n  addr: 127.0.0.1:${port}\n  secret: bulwark-test-secret`,
    authYaml(auth, dir),
    extrasYaml(extras),
  ].join('\n');
  const configPath = join(dir, 'config.yml');
  writeFileSync(configPath, config);
  const child = spawn('/usr/bin/docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-4000); });
  try {
    await waitReady(port, child, () => stderr);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    host: `127.0.0.1:${port}`, port, dir,
    stop: () => new Promise<void>((resolve) => {
      const done = () => { rmSync(dir, { recursive: true, force: true }); resolve(); };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Runs skopeo asynchronously (a token server or hostile fixture in this same process must keep
 * answering while skopeo talks to the registry) and resolves with stdout.
 */
export function skopeo(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('skopeo', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`skopeo ${args[0]} failed: ${stderr.toString()}`));
      else resolve(stdout);
    });
  });
}

/** Copies `oci:<layout>:<tag>` to `docker://<dest>` over plain HTTP, digests preserved. */
export async function skopeoPush(layout: string, srcTag: string, dest: string, opts: { creds?: string; all?: boolean } = {}): Promise<void> {
  await skopeo(['copy', '-q', '--dest-tls-verify=false', ...(opts.creds ? ['--dest-creds', opts.creds] : []), ...(opts.all ? ['--all'] : []),
    '--preserve-digests', `oci:${layout}:${srcTag}`, `docker://${dest}`]);
}

/** `skopeo inspect --raw` of a remote reference (the exact manifest bytes). */
export function skopeoRawManifest(ref: string, creds?: string): Promise<Buffer> {
  return skopeo(['inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${ref}`]);
}
