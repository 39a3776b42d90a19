/**
 * Admission webhook benchmark (issue #12), loopback over TLS, load generator (Debian's `hey`) on the same machine.
 * Runs unattended and ends with a summary table saying whether each target is met:
 *  1. steady: 50 keep-alive connections at 40 reviews/s each (2,000/s) for 30 s — five `hey -c 10 -q 40`
 *     processes, one per review of the mix (Pod CREATEs: PSS restricted enforced, every Bulwark workload check
 *     evaluated, two CEL policies; allowed and denied) → p50/p99/max, errors, server RSS. Target: p99 < 10 ms, no
 *     errors, and the offered 2,000/s achieved (≥ 95 %).
 *  2. saturation: 500 connections (5 × `hey -c 100`), closed loop, 20 s → reviews/s (target ≥ 5,000), p50/p99.
 *  3. the steady load with the image gates (allowed repositories, no latest, digest required, vulnerability gate)
 *     answered from cached scan results → p99 (target: the steady one, < 10 ms).
 *  4. the floor: a trivial node:https JSON echo in its own process (parse the body, answer a small JSON) under loads 1 and 2.
 *  6. go: loads 1, 2 and 4 again with bench/admission-load, hey's worker loop built with Go >= 1.23 (the Go of the
 *     API server in current Kubernetes; Debian's hey is Go 1.19, whose Transport dials and abandons spare connections
 *     by the thousand after a late response). Skipped when no Go >= 1.23 is installed (BENCH_GO=/path/to/go).
 * The load generator's own CPU per request is printed too (GNU time): it takes its share of the same two cores.
 * Runs 1–3 are made twice: one process (the default), then `serve --workers 2` (node:cluster, two workers sharing
 * the port) — about five and a half minutes in all.
 * For each run the webhook's own CPU time (utime + stime from /proc of the server and its worker processes, TLS and
 * HTTP included) per review is printed:
 * the figure that does not depend on what else the machine is doing. Load average and CPU count are printed too.
 * Usage: node --import tsx bench/admission.ts [steadySeconds] [saturationSeconds]
 *  5. resets: the server's CPU per connection that a client opens and resets before sending a byte (what Go's
 *     http.Transport does with the dials it cancels, by the thousand after a late response): 5,000 of them, 20 at a time.
 * To iterate on one part: BENCH_ADMISSION_ONLY=steady,saturation,gates,echo,inprocess,resets,go (any subset; default all) and
 * BENCH_ADMISSION_WORKERS=1,2 (the process counts to run 1–3 with; default 1,2), e.g.
 *   BENCH_ADMISSION_ONLY=saturation BENCH_ADMISSION_WORKERS=2 npm run bench -- admission
 * Each run also prints the TCP connections the machine accepted meanwhile (/proc/net/snmp PassiveOpens, system-wide)
 * and listen-queue overflows: at saturation a server that takes connections in slowly makes hey's Go client dial far
 * more than its 500 (every request that finds no idle connection dials another), and each one costs a TLS handshake.
 * And: requests that went out on a new connection (hey's view), responses later than one pacing period (1/qps: after
 * those Go's client may dial, and its cancelled dials reach the server as connections reset before the ClientHello),
 * and the established connections each server process holds half-way (`ss -tnp`; per worker with --workers).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer as createTcpServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STEADY = Number(process.argv[2] ?? 30);
const SATURATE = Number(process.argv[3] ?? 20);
const WARMUP = 3;
const PARTS = ['steady', 'saturation', 'gates', 'echo', 'inprocess', 'resets', 'go'] as const;
const ONLY = new Set((process.env.BENCH_ADMISSION_ONLY ?? PARTS.join(',')).split(',').map((x) => x.trim()).filter(Boolean));
for (const p of ONLY) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`BENCH_ADMISSION_ONLY: unknown part ${p} (${PARTS.join(', ')})`);
const WORKERS = (process.env.BENCH_ADMISSION_WORKERS ?? '1,2').split(',').map(Number);
if (WORKERS.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`BENCH_ADMISSION_WORKERS: process counts such as 1,2, got ${process.env.BENCH_ADMISSION_WORKERS}`);
const want = (p: (typeof PARTS)[number]) => ONLY.has(p);
const work = mkdtempSync(join(tmpdir(), 'bw-bench-adm-'));
const DIST = join(ROOT, 'dist/cli/main.js');
const cli = existsSync(DIST) ? [DIST] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

if (spawnSync('sh', ['-c', 'command -v hey']).status !== 0) {
  console.log('SKIP: hey not installed (apt-get install hey)');
  process.exit(0);
}

const DIGEST = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const CEL = `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: team-label}
spec:
  matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]}
  validations: [{expression: "has(object.metadata.labels) && 'team' in object.metadata.labels", message: pods need a team label}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: team-label}
spec: {policyName: team-label, validationActions: [Deny]}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: limits}
spec:
  matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}
  validations: [{expression: "object.spec.containers.all(c, has(c.resources) && has(c.resources.limits) && 'memory' in c.resources.limits)", message: every container needs a memory limit}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: limits}
spec: {policyName: limits, validationActions: [Warn, Audit]}
`;
const POLICY = `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: bench}\nspec:\n  checks: {default: warn}\n${CEL}`;
const IMAGE_POLICY = `apiVersion: bulwark.dev/v1alpha1\nkind: AdmissionPolicy\nmetadata: {name: bench-images}\nspec:
  checks: {default: warn}
  images:
    allowedRepositories: ["registry.example.com/team/**"]
    disallowLatest: true
    digest: require
    vulnerabilities: {severity: critical, kev: true, requireScan: true}
    action: enforce
    failureAction: enforce
${CEL}`;

function pod(i: number, pinned: boolean): Record<string, unknown> {
  const hardened = i % 5 !== 3; // one in five violates restricted (denied by PodSecurity)
  const image = pinned ? `registry.example.com/team/app-${i}:1.${i}@${DIGEST(i + 1)}` : `registry.example.com/team/app-${i}:1.${i}`;
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'bench', labels: i % 5 === 4 ? { app: 'web' } : { app: 'web', team: 'payments' } },
    spec: {
      serviceAccountName: 'web', automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'migrate', image, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }, resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } } }],
      containers: [{
        name: 'app', image, ports: [{ containerPort: 8080 }],
        resources: { limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '200m', memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, livenessProbe: { httpGet: { path: '/live', port: 8080 } },
        securityContext: { allowPrivilegeEscalation: !hardened, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        env: [{ name: 'LOG_LEVEL', value: 'info' }],
      }],
    },
  };
}

function reviewBody(i: number, pinned: boolean): string {
  const p = pod(i, pinned);
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-00000000000${i}`, kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' },
      requestKind: { group: '', version: 'v1', kind: 'Pod' }, name: `web-${i}`, namespace: 'bench', operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object: p, oldObject: null, dryRun: false, options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  });
}

interface Run {
  requests: number; errors: number; p50: number; p99: number; max: number; rps: number; seconds: number;
  /** Paced runs: responses slower than one pacing period (1/qps). Such a connection's next request is already due, and Go's client dials another connection for it when none is idle. */
  late?: number;
  /** Requests that went out on a connection dialled for them (hey's DNS+dialup column > 0): the run's 50/500 first ones plus churn. */
  onNewConnection: number;
  /** The load generator's own CPU (user + system, all its processes), ms: it shares the machine's cores with the server. */
  clientCpuMs?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `count` hey processes, one body each, `conns` connections each, optional per-connection rate. */
async function hey(url: string, bodies: string[], conns: number, qps: number | undefined, seconds: number): Promise<Run> {
  const files = bodies.map((b, i) => { const f = join(work, `body-${i}.json`); writeFileSync(f, b); return f; });
  const started = Date.now();
  let clientCpuMs = TIME ? 0 : NaN;
  const outs = await Promise.all(files.map((f) => new Promise<string>((resolve, reject) => {
    const args = ['-cpus', '1', '-z', `${seconds}s`, '-c', String(conns), ...(qps ? ['-q', String(qps)] : []), '-m', 'POST', '-T', 'application/json', '-D', f, '-o', 'csv', url];
    const child = TIME ? spawn(TIME, ['-f', 'CLIENTCPU %U %S', 'hey', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('hey', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('close', (code) => { clientCpuMs += clientCpuOf(err); return code === 0 ? resolve(out) : reject(new Error(`hey exited ${code}`)); });
  })));
  const elapsed = (Date.now() - started) / 1000;
  const times: number[] = [];
  let errors = 0;
  let onNewConnection = 0;
  for (const out of outs) {
    for (const line of out.split('\n').slice(1)) {
      const cols = line.split(',');
      if (cols.length < 7) continue;
      times.push(Number(cols[0]) * 1000);
      if (Number(cols[1]) > 0) onNewConnection++;
      if (cols[6] !== '200') errors++;
    }
  }
  times.sort((a, b) => a - b);
  const late = qps ? times.length - times.filter((t) => t <= 1000 / qps).length : undefined;
  return { requests: times.length, errors, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? NaN, rps: times.length / seconds, seconds: elapsed, onNewConnection, clientCpuMs, ...(late !== undefined ? { late } : {}) };
}

/** GNU time, to read the load generator's CPU (absent: that column says NaN). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Sums `CLIENTCPU user system` lines (seconds) written by GNU time; anything else the client says goes to stderr. */
function clientCpuOf(text: string): number {
  let ms = 0;
  for (const line of text.split('\n')) {
    const m = /^CLIENTCPU ([\d.]+) ([\d.]+)$/.exec(line.trim());
    if (m) ms += (Number(m[1]) + Number(m[2])) * 1000;
    else if (line.trim()) process.stderr.write(`${line}\n`);
  }
  return ms;
}

/**
 * The same load shape through bench/admission-load (hey's worker loop in Go, one client per body), built with Go
 * >= 1.23 (the API server's Go; Debian's hey is built with 1.19). Undefined when no such Go is installed
 * (bookworm-backports: apt-get install -t bookworm-backports golang-1.23-go; or BENCH_GO=/path/to/go).
 */
function buildGoLoad(): string | undefined {
  const candidates = [process.env.BENCH_GO, '/usr/lib/go-1.24/bin/go', '/usr/lib/go-1.23/bin/go', 'go'].filter((x): x is string => Boolean(x));
  for (const go of candidates) {
    const v = spawnSync(go, ['version']).stdout?.toString() ?? '';
    const m = /go1\.(\d+)/.exec(v);
    if (!m || Number(m[1]) < 23) continue;
    const out = join(work, 'admission-load');
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod', GOCACHE: join(work, 'gocache') };
    const b = spawnSync(go, ['build', '-o', out, '.'], { cwd: join(ROOT, 'bench/admission-load'), env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status === 0) return `${out} (${v.trim().split(' ').slice(2, 3).join('')})`;
  }
  return undefined;
}
let goLoadBinary: string | undefined;

async function goLoad(url: string, bodies: string[], conns: number, qps: number | undefined, seconds: number): Promise<Run> {
  const files = bodies.map((b, i) => { const f = join(work, `body-${i}.json`); writeFileSync(f, b); return f; });
  const started = Date.now();
  const args = ['-c', String(conns), '-q', String(qps ?? 0), '-z', `${seconds}s`, '-url', url, '-bodies', files.join(',')];
  const bin = goLoadBinary!.split(' ')[0]!;
  let clientCpuMs = TIME ? 0 : NaN;
  const out = await new Promise<string>((resolve, reject) => {
    const child = TIME ? spawn(TIME, ['-f', 'CLIENTCPU %U %S', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('close', (code) => { clientCpuMs += clientCpuOf(err); return code === 0 ? resolve(text) : reject(new Error(`admission-load exited ${code}`)); });
  });
  const { late, ...r } = JSON.parse(out) as { requests: number; errors: number; p50: number; p99: number; max: number; onNewConnection: number; late: number };
  return { ...r, rps: r.requests / seconds, seconds: (Date.now() - started) / 1000, clientCpuMs, ...(qps ? { late } : {}) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createTcpServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The server and its children (the `--workers` processes). */
function tree(pid: number): number[] {
  const out = [pid];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid) out.push(Number(d));
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** RSS summed over the server's processes (peak: the sum of each process's own peak). */
function rssOf(pid: number): { rss: number; hwm: number } {
  let rss = 0;
  let hwm = 0;
  for (const p of tree(pid)) {
    const s = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024;
    rss += kb('VmRSS');
    hwm += kb('VmHWM');
  }
  return { rss, hwm };
}

async function startServe(policyText: string, extra: string[] = []): Promise<{ child: ChildProcess; port: number; url: string }> {
  writeFileSync(join(work, 'policy.yaml'), policyText);
  const port = await freePort();
  // The decision log (one JSON line per review) is written to a file, as a container runtime would collect it.
  const log = openSync(join(work, `serve-${port}.log`), 'w');
  const child = spawn(process.execPath, [...cli, 'admission', 'serve', '--port', String(port), '--host', '127.0.0.1', '--tls-cert', join(work, 'tls/tls.crt'), '--tls-key', join(work, 'tls/tls.key'),
    '--namespaces', join(work, 'ns.yaml'), '--policy', join(work, 'policy.yaml'), ...extra], { stdio: ['ignore', log, 'inherit'] });
  for (let i = 0; i < 300; i++) {
    if (readFileSync(join(work, `serve-${port}.log`), 'utf8').includes('"msg":"listening"')) break;
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, url: `https://127.0.0.1:${port}/validate` };
}

/** The server's own view: p99 of time-in-handler from its latency histogram (bucket upper bound). */
async function serverP99(port: number): Promise<string> {
  const text = await new Promise<string>((resolve, reject) => {
    import('node:https').then(({ get }) => {
      get({ host: '127.0.0.1', port, path: '/metrics', ca: readFileSync(join(work, 'tls/ca.crt')), servername: 'localhost' }, (res) => {
        let t = '';
        res.on('data', (c: Buffer) => { t += c.toString(); });
        res.on('end', () => resolve(t));
      }).on('error', reject);
    }, reject);
  });
  const buckets = [...text.matchAll(/bulwark_admission_request_duration_seconds_bucket\{le="([^"]+)",endpoint="validate"\} (\d+)/g)].map((m) => [m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])] as const);
  const total = buckets.at(-1)?.[1] ?? 0;
  const at = (q: number) => buckets.find(([, c]) => c >= q * total)?.[0];
  // Connections by how their wait for a first byte ended (tls / no-data: reset or closed before the ClientHello / timeout).
  const conns = [...text.matchAll(/bulwark_admission_connections_total\{outcome="([^"]+)"\} (\d+)/g)].map((m) => `${m[1]} ${m[2]}`)
    .concat([...text.matchAll(/bulwark_admission_tls_handshake_errors_total (\d+)/g)].map((m) => `of which TLS handshake failed ${m[1]}`)).join(', ');
  return `server-side (handler) p50 ≤ ${(at(0.5)! * 1000).toFixed(1)} ms, p99 ≤ ${(at(0.99)! * 1000).toFixed(1)} ms over ${total} reviews${conns ? `; connections since start (warm-up included): ${conns}` : ''}`;
}

/** CPU time per review in-process (no TLS, no sockets): what one core spends on the policy work itself. */
async function cpuPerReview(policyText: string, bodies: string[], resultsDir?: string): Promise<string> {
  const { Admission } = await import('../src/admission/decide.js');
  const { parsePolicyFile } = await import('../src/admission/policy-file.js');
  const { parsePsaConfig } = await import('../src/admission/psa-policy.js');
  const { parseReview } = await import('../src/admission/review.js');
  const { ScanResultStore } = await import('../src/admission/vulns.js');
  const { createDigestResolver } = await import('../src/scan/index.js');
  writeFileSync(join(work, 'cpu-policy.yaml'), policyText);
  const adm = new Admission(
    parsePsaConfig('apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n', 'x'),
    parsePolicyFile(policyText, join(work, 'cpu-policy.yaml')),
    { namespaces: () => ({ labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }), resolver: createDigestResolver(), vulns: new ScanResultStore(resultsDir) },
  );
  for (let i = 0; i < 2000; i++) JSON.stringify(await adm.validate(parseReview(bodies[i % bodies.length]!)));
  const n = 20_000;
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < n; i++) JSON.stringify(await adm.validate(parseReview(bodies[i % bodies.length]!)));
  const cpu = process.cpuUsage(t0);
  const wall = performance.now() - w0;
  const perReview = (cpu.user + cpu.system) / n / 1000;
  return `${perReview.toFixed(3)} ms CPU per review (parse + decide + serialise; ${n} reviews, ${(n / (wall / 1000)).toFixed(0)}/s wall in-process) → one dedicated core ≈ ${(1000 / perReview).toFixed(0)} reviews/s`;
}

/** Server CPU per connection opened and reset before its first byte (`n` of them, `parallel` at a time). */
async function resetCost(port: number, pids: number[], n: number, parallel = 20): Promise<string> {
  const one = () => new Promise<void>((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.resetAndDestroy());
    s.on('close', () => resolve());
    s.on('error', () => undefined);
  });
  const run = async (count: number) => {
    let left = count;
    await Promise.all(Array.from({ length: parallel }, async () => { while (left-- > 0) await one(); }));
    await new Promise((r) => setTimeout(r, 300)); // the server's last closes
  };
  await run(500); // warm-up
  const c0 = cpuMs(pids);
  const t0 = performance.now();
  await run(n);
  const ms = cpuMs(pids) - c0;
  return `${(ms / n).toFixed(3)} ms server CPU per connection reset before its first byte (${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${parallel} at a time; load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`;
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/**
 * Established connections on the server's port, per server process (`ss -tnp`), e.g. `26/24` with `--workers 2`:
 * which worker holds the clients' kept-alive connections (each accepts its own). Connections still in the accept
 * queue have no owner and are not counted. Empty when ss is missing.
 */
function connectionsPerProcess(port: number, pids: number[]): string {
  const r = spawnSync('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`]);
  if (r.status !== 0) return '';
  const counts = new Map<number, number>();
  for (const m of r.stdout.toString().matchAll(/pid=(\d+)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const held = pids.map((p) => counts.get(p) ?? 0).filter((n, i) => n > 0 || i > 0);
  return held.join('/');
}

/** System-wide TCP counters: connections accepted, accept-queue overflows. */
function tcpCounters(): { accepted: number; overflows: number } {
  const field = (text: string, head: string, name: string) => {
    const rows = text.split('\n').filter((l) => l.startsWith(`${head}:`));
    const names = rows[0]?.split(/\s+/) ?? [];
    const values = rows[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf(name)] ?? NaN);
  };
  try {
    return { accepted: field(readFileSync('/proc/net/snmp', 'utf8'), 'Tcp', 'PassiveOpens'), overflows: field(readFileSync('/proc/net/netstat', 'utf8'), 'TcpExt', 'ListenOverflows') };
  } catch {
    return { accepted: NaN, overflows: NaN };
  }
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** utime + stime of a process and its children, ms (every thread: the TLS and HTTP work is in there too). */
function cpuMs(pids: number[]): number {
  let ms = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
    } catch { /* a worker that exited: its time is lost, the run says so by being odd */ }
  }
  return ms;
}

interface Row { name: string; run: Run; rss?: { rss: number; hwm: number }; cpuPerReview?: number; load: number[]; target?: string; met?: boolean }
const rows: Row[] = [];

/** One measured `hey` run against a server process, with the server's CPU per review. */
type Client = typeof hey;

async function measure(name: string, url: string, bodies: string[], conns: number, qps: number | undefined, seconds: number, pid: number, client: Client = hey): Promise<Row> {
  const pids = tree(pid);
  const c0 = cpuMs(pids);
  const t0 = tcpCounters();
  let split = '';
  const sample = setTimeout(() => { split = connectionsPerProcess(Number(new URL(url).port), pids); }, (seconds * 1000) / 2);
  const run = await client(url, bodies, conns, qps, seconds);
  clearTimeout(sample);
  const t1 = tcpCounters();
  const row: Row = { name, run, load: loadavg(), cpuPerReview: (cpuMs(pids) - c0) / Math.max(1, run.requests), rss: rssOf(pid) };
  rows.push(row);
  const r = run;
  console.log(`${name.padEnd(58)} ${String(r.requests).padStart(7)} req  ${r.rps.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  errors ${r.errors}${row.rss ? `  RSS ${row.rss.rss.toFixed(0)} MiB (peak ${row.rss.hwm.toFixed(0)})` : ''}  server CPU ${row.cpuPerReview!.toFixed(3)} ms/review  client CPU ${(r.clientCpuMs! / Math.max(1, r.requests)).toFixed(3)} ms/request  load ${row.load.map((l) => l.toFixed(1)).join(' ')}  TCP accepted ${t1.accepted - t0.accepted} (hey opens ${bodies.length * conns}), listen overflows ${t1.overflows - t0.overflows}, requests on a new connection ${r.onNewConnection}${r.late !== undefined ? `, responses > ${(1000 / qps!).toFixed(0)} ms ${r.late}` : ''}${split ? `, connections held per process mid-run ${split}` : ''}`);
  return row;
}

function summary(): void {
  console.log('\nSUMMARY (targets from issue #12; hey and the webhook share this machine\'s CPUs; CPU = the server\'s processes\' (with --workers: primary + workers) utime+stime per review)');
  const head = ['scenario', 'reviews', 'rps', 'p50 ms', 'p99 ms', 'errors', 'RSS MiB', 'CPU ms/review', 'client CPU ms/req', 'load 1m', 'target', 'met'];
  const table = rows.map((r) => [r.name, String(r.run.requests), r.run.rps.toFixed(0), r.run.p50.toFixed(2), r.run.p99.toFixed(2), String(r.run.errors),
    r.rss ? `${r.rss.rss.toFixed(0)} (peak ${r.rss.hwm.toFixed(0)})` : '-', r.cpuPerReview !== undefined ? r.cpuPerReview.toFixed(3) : '-', (r.run.clientCpuMs! / Math.max(1, r.run.requests)).toFixed(3), r.load[0]!.toFixed(1),
    r.target ?? '(floor, for reference)', r.met === undefined ? '-' : r.met ? 'MET' : 'NOT MET']);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  for (const line of [head, ...table]) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

async function main(): Promise<void> {
  console.log(`cpus ${cpus().length}, load average before ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes share this machine)`);
  spawnSync(process.execPath, [...cli, 'admission', 'certs', '--service', 'bench', '--namespace', 'bench', '--out', join(work, 'tls')], { stdio: 'ignore' });
  writeFileSync(join(work, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n  labels: {pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/warn: restricted}\n');
  const mix = [0, 1, 2, 3, 4].map((i) => reviewBody(i, false));
  const pinnedMix = [0, 1, 2, 3, 4].map((i) => reviewBody(i, true));
  const steadyOk = (r: Run) => r.p99 < 10 && r.errors === 0 && r.rps >= 0.95 * 2000;
  const STEADY_TARGET = 'p99 < 10 ms, 0 errors, ≥ 1,900/s achieved';

  const results = join(work, 'results');
  spawnSync('mkdir', ['-p', results]);
  for (let i = 0; i < 5; i++) {
    writeFileSync(join(results, `r${i}.json`), JSON.stringify({ target: { type: 'image', name: 'x', image: { reference: 'x', inputType: 'registry', repoTags: [], repoDigests: [], manifestDigest: DIGEST(i + 1), configDigest: 'sha256:0' } },
      vulnerabilities: [{ id: `CVE-2024-${i}`, aliases: [], package: { name: 'p', version: '1', ecosystem: 'deb', purl: 'pkg:deb/p@1' }, status: 'fixed', severity: i === 2 ? 'critical' : 'medium', source: 'bench' }] }));
  }
  const steadyRuns = new Map<string, Run>();
  const satRuns = new Map<string, Run>();
  // Debian's hey (the issue's load generator), then the same loop built with Go >= 1.23 when one is installed.
  goLoadBinary = want('go') ? buildGoLoad() : undefined;
  if (want('go')) console.log(goLoadBinary ? `Go client: bench/admission-load built as ${goLoadBinary}` : 'Go client: no Go >= 1.23 found (apt-get install -t bookworm-backports golang-1.23-go, or BENCH_GO=...): its rows are skipped');
  const clients: Array<[Client, string]> = [[hey, ''], ...(goLoadBinary ? [[goLoad, ' [Go 1.23 client]'] as [Client, string]] : [])];
  // One process (the default), then `--workers 2` (node:cluster: two workers sharing the port).
  for (const workers of WORKERS) {
    const extra = workers > 1 ? ['--workers', String(workers)] : [];
    const tag = workers > 1 ? `, --workers ${workers}` : '';
    if (want('steady') || want('saturation')) {
      // Sanity: the mix has allowed and denied reviews, with warnings.
      const s = await startServe(POLICY, extra);
      const verdicts = await Promise.all(mix.map(async (b) => {
        const r = await fetchJson(s.port, b);
        return `${r.response.allowed ? 'allow' : 'deny'}/${(r.response.warnings ?? []).length}w`;
      }));
      console.log(`mix verdicts (allowed-or-denied/warnings)${tag}: ${verdicts.join(' ')}`);
      await hey(s.url, mix, 10, 40, WARMUP); // warm-up (JIT, TLS sessions)
      for (const [client, via] of clients) {
        if (want('steady')) {
          const steady = await measure(`1. steady 50 conns x 40/s (PSS+checks+2 CEL)${tag}${via}`, s.url, mix, 10, 40, STEADY, s.child.pid!, client);
          Object.assign(steady, { target: STEADY_TARGET, met: steadyOk(steady.run) });
          steadyRuns.set(`${workers}${via}`, steady.run);
        }
        if (want('saturation')) {
          const sat = await measure(`2. saturation 500 conns, closed loop${tag}${via}`, s.url, mix, 100, undefined, SATURATE, s.child.pid!, client);
          Object.assign(sat, { target: '≥ 5,000 reviews/s, 0 errors', met: sat.run.rps >= 5000 && sat.run.errors === 0 });
          satRuns.set(`${workers}${via}`, sat.run);
        }
      }
      console.log(`  ${await serverP99(s.port)}`);
      await stop(s.child);
    }

    if (want('resets')) {
      const r = await startServe(POLICY, extra);
      await fetchJson(r.port, mix[0]!);
      console.log(`5. resets${tag}: ${await resetCost(r.port, tree(r.child.pid!), 5000)}`);
      await stop(r.child);
    }
    if (!want('gates')) continue;
    const g = await startServe(IMAGE_POLICY, ['--scan-results', results, ...extra]);
    const gv = await Promise.all(pinnedMix.map(async (b) => (await fetchJson(g.port, b)).response.allowed ? 'allow' : 'deny'));
    console.log(`image-gate mix verdicts${tag}: ${gv.join(' ')}`);
    await hey(g.url, pinnedMix, 10, 40, WARMUP);
    const gates = await measure(`3. steady + image gates answered from cache${tag}`, g.url, pinnedMix, 10, 40, STEADY, g.child.pid!);
    Object.assign(gates, { target: STEADY_TARGET, met: steadyOk(gates.run) });
    console.log(`  ${await serverP99(g.port)}`);
    await stop(g.child);
  }
  if (want('inprocess')) {
    console.log(`in-process, PSS+checks+2 CEL: ${await cpuPerReview(POLICY, mix)}`);
    console.log(`in-process, + image gates from cache: ${await cpuPerReview(IMAGE_POLICY, pinnedMix, results)}`);
  }

  if (want('echo')) {
    const echo = await startEcho();
    await hey(echo.url, mix, 10, 40, WARMUP);
    for (const [client, via] of clients) {
      const e1 = want('steady') || !want('saturation') ? await measure(`floor: node:https JSON echo, steady${via}`, echo.url, mix, 10, 40, STEADY, echo.pid, client) : undefined;
      const e2 = want('saturation') || !want('steady') ? await measure(`floor: node:https JSON echo, saturation${via}`, echo.url, mix, 100, undefined, SATURATE, echo.pid, client) : undefined;
      for (const [key, r] of steadyRuns) if (e1 && key.endsWith(via) && (via || !key.includes('['))) console.log(`p99 over the echo floor (steady, ${key}): ${(r.p99 - e1.run.p99).toFixed(2)} ms`);
      for (const [key, r] of satRuns) if (e2 && key.endsWith(via) && (via || !key.includes('['))) console.log(`saturation throughput (${key}): ${(100 * r.rps / e2.run.rps).toFixed(0)}% of the echo's`);
    }
    await stop(echo.child);
  }
  console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  summary();
  rmSync(work, { recursive: true, force: true });
}

function fetchJson(port: number, body: string): Promise<{ response: { allowed: boolean; warnings?: string[] } }> {
  return new Promise((resolve, reject) => {
    import('node:https').then(({ request }) => {
      const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca: readFileSync(join(work, 'tls/ca.crt')), servername: 'localhost', headers: { 'content-type': 'application/json' } }, (res) => {
        let t = '';
        res.on('data', (c: Buffer) => { t += c.toString(); });
        res.on('end', () => { try { resolve(JSON.parse(t)); } catch (e) { reject(e as Error); } });
      });
      req.on('error', reject);
      req.end(body);
    }, reject);
  });
}

/** The floor, in its own process (measured like the server): node:https with keep-alive that parses the body and answers a small JSON. */
const ECHO = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
const [key, cert] = process.argv.slice(1).map((f) => readFileSync(f));
const server = createServer({ key, cert, keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const doc = JSON.parse(Buffer.concat(chunks).toString());
    const out = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: doc.request.uid, allowed: true } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

async function startEcho(): Promise<{ url: string; pid: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ECHO, join(work, 'tls/tls.key'), join(work, 'tls/tls.crt')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (c: Buffer) => resolve(Number(c.toString().trim())));
    child.once('exit', (code) => reject(new Error(`echo exited ${code}`)));
  });
  return { url: `https://127.0.0.1:${port}/validate`, pid: child.pid!, child };
}

await main();
