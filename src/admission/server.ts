/**
 * The HTTPS server: POST /validate and /mutate (AdmissionReview v1), /healthz, /readyz, /metrics. Keep-alive
 * connections (the API server pools them), a request body limit, one JSON log line per decision, files reloaded
 * when they change, and a graceful drain on close (SIGTERM).
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { BulwarkError, redactText } from '../core/index.js';
import { createDigestResolver, formatImageReference, verifyImage, verifyImageAttestations, type RegistryDigestResolver } from '../scan/index.js';
import { Admission, type Outcome } from './decide.js';
import type { AttestationVerifier, SignatureVerifier, VulnSummary } from './images.js';
import type { Registry } from 'prom-client';
import { createMetrics, type AdmissionMetrics } from './metrics.js';
import { clusterNamespaces, parseNamespaceFile, staticNamespaces, type NamespaceSource } from './namespaces.js';
import { defaultPolicy, parsePolicyFile, type AdmissionPolicy } from './policy-file.js';
import { defaultPsaConfig, parsePsaConfig, type PsaConfig } from './psa-policy.js';
import { fastHttp, type FastHttp, type Reply } from './fast-http.js';
import { decisionLine, lineBatcher, type LineBatcher } from './log-batch.js';
import { parseReview, reviewOf, ReviewError } from './review.js';
import { ScanResultStore } from './vulns.js';

export interface ServeOptions {
  port: number;
  host?: string;
  tlsCert: string;
  tlsKey: string;
  pssConfig?: string;
  namespaces?: string;
  policy?: string;
  cluster?: { kubeconfig?: string; context?: string };
  /** Directory of Bulwark JSON image reports answering the vulnerability gate. */
  scanResults?: string;
  /** On-demand scan for images without cached results (the CLI wires scanImage). */
  scan?: (image: string, digest: string) => Promise<VulnSummary>;
  verifySignature?: SignatureVerifier;
  maxBodyBytes?: number;
  /** How often watched files are polled, ms (default 1000). */
  reloadIntervalMs?: number;
  /** Longest wait for in-flight requests on close, ms (default 25 s). */
  drainTimeoutMs?: number;
  /** A connection that sends no byte (no TLS ClientHello) within this many ms is closed (default 10 s). */
  firstByteTimeoutMs?: number;
  dockerConfig?: string;
  /** Where log lines go (default: stdout, batched every 20 ms). */
  log?: (line: string) => void;
  /** Writes what `log` holds back (called once the server has stopped). */
  flushLog?: () => void;
  /** Set in a `--workers N` worker (cluster.ts): log lines carry its id, /metrics is answered for the whole cluster. */
  worker?: WorkerHooks;
  /**
   * Review requests of the common shape parsed on the TLS socket (fast-http.ts), everything else by node:http
   * (default: on unless the environment says `BULWARK_ADMISSION_FAST_HTTP=0`).
   */
  fastHttp?: boolean;
}

interface WorkerHooks {
  id: number;
  /** Called with the worker's registry before the port opens (the primary aggregates it). */
  registered(registry: Registry): void;
  /** The metrics of every worker, combined by the primary. */
  metrics(): Promise<string>;
}

export interface RunningServer {
  port: number;
  metrics: AdmissionMetrics;
  /** Stops accepting, waits for in-flight requests (up to drainTimeoutMs), closes everything; resolves to the requests still in flight then. */
  close(): Promise<number>;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;
/** The API server's webhook timeout is 10 s by default (30 s at most): a client silent that long has no request left to send. */
const DEFAULT_FIRST_BYTE_TIMEOUT = 10_000;

/** stdout, batched; what is waiting is written on exit too (stdout to a file or pipe is synchronous on Linux). */
function batchedStdout(): LineBatcher {
  const b = lineBatcher((text) => { process.stdout.write(text); });
  process.once('exit', b.flush);
  return b;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new BulwarkError('INPUT_NOT_FOUND', `${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function loadTls(o: ServeOptions): { key: string; cert: string } {
  const cert = readText(o.tlsCert, '--tls-cert');
  const key = readText(o.tlsKey, '--tls-key');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new BulwarkError('CONFIG_INVALID', `--tls-cert ${o.tlsCert}: no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new BulwarkError('CONFIG_INVALID', `--tls-key ${o.tlsKey}: no PEM private key`);
  return { key, cert };
}

const loadPsa = (o: ServeOptions): PsaConfig => (o.pssConfig ? parsePsaConfig(readText(o.pssConfig, '--pss-config'), o.pssConfig) : defaultPsaConfig());
const loadPolicy = (o: ServeOptions): AdmissionPolicy => (o.policy ? parsePolicyFile(readText(o.policy, '--policy'), o.policy) : defaultPolicy());

interface State {
  o: ServeOptions;
  emit: (rec: Record<string, unknown>) => void;
  /** The per-review line, built as one object (no spread of a spread: this runs thousands of times a second). */
  decision: (log: Outcome['log'], latencyMs: number) => void;
  flushLog: () => void;
  admission: Admission;
  metrics: AdmissionMetrics;
  nsSource: NamespaceSource;
  fileNamespaces?: ReturnType<typeof staticNamespaces>;
  store: ScanResultStore;
  resolvers: Map<string, RegistryDigestResolver>;
  inflight: number;
  draining: boolean;
  idle?: () => void;
}

/** Reads and checks every file input (also what a `--workers` primary does before it forks). */
export function checkServeInputs(o: ServeOptions): { tls: { key: string; cert: string }; psaConfig: PsaConfig; policy: AdmissionPolicy; fileNamespaces?: ReturnType<typeof staticNamespaces> } {
  if (o.cluster && o.namespaces) throw new BulwarkError('USAGE', 'give either --namespaces FILE or --cluster, not both');
  const tls = loadTls(o);
  const psaConfig = loadPsa(o);
  const policy = loadPolicy(o);
  const fileNamespaces = o.namespaces ? staticNamespaces(parseNamespaceFile(readText(o.namespaces, '--namespaces'), o.namespaces)) : undefined;
  return { tls, psaConfig, policy, ...(fileNamespaces ? { fileNamespaces } : {}) };
}

/** Reads and checks every input before the port opens: a bad file is a startup error, not a 500 later. */
async function loadState(o: ServeOptions): Promise<State & { tls: { key: string; cert: string } }> {
  const sink = o.log ? { log: o.log, flush: o.flushLog ?? (() => undefined) } : batchedStdout();
  const log = sink.log;
  const worker = o.worker?.id;
  const emit = worker === undefined
    ? (rec: Record<string, unknown>) => log(JSON.stringify({ time: new Date().toISOString(), ...rec }))
    : (rec: Record<string, unknown>) => log(JSON.stringify({ time: new Date().toISOString(), worker, ...rec }));
  const line = decisionLine(worker);
  const decision = (rec: Outcome['log'], latencyMs: number) => log(line(rec, latencyMs));
  const { tls, psaConfig, policy, fileNamespaces } = checkServeInputs(o);
  const nsSource: NamespaceSource = o.cluster
    ? await clusterNamespaces({ ...o.cluster, onError: (message) => emit({ level: 'warn', msg: message }) })
    : fileNamespaces ?? staticNamespaces();
  const store = new ScanResultStore(o.scanResults, o.scan);
  const resolvers = new Map<string, RegistryDigestResolver>();
  // One resolver (and its kept-alive registry connections) per insecure-registry set, so a policy reload keeps them.
  const resolverFor = (): RegistryDigestResolver => {
    const insecure = admission.currentPolicy().images?.insecureRegistries ?? [];
    const key = insecure.join(',');
    let r = resolvers.get(key);
    if (!r) resolvers.set(key, (r = createDigestResolver({ insecureRegistries: insecure, ...(o.dockerConfig ? { dockerConfig: o.dockerConfig } : {}) })));
    return r;
  };
  // No second cache here: the image gate caches signature decisions with the policy's TTLs (and never on dry run).
  // Verification reuses the resolver's registry clients (same settings: the policy's insecure registries, one
  // attempt, 5 s): a cache miss then costs no TLS probe, /v2/ ping or new connection.
  const verdict = (r: { verified: boolean; failure?: { check: string; reason: string } }, describe: string) => ({
    verified: r.verified, reason: r.failure ? `${r.failure.check}: ${r.failure.reason}` : `verified by ${describe}`,
  });
  const verifySignature: SignatureVerifier = o.verifySignature ?? (async (ref, sig) => verdict(await verifyImage(formatImageReference(ref), sig.prepared, { clients: resolverFor().clients }), sig.describe));
  const verifyAttestation: AttestationVerifier = async (ref, req) => verdict(await verifyImageAttestations(formatImageReference(ref), req.prepared, { clients: resolverFor().clients }), req.describe);
  const admission: Admission = new Admission(psaConfig, policy, {
    namespaces: nsSource.get, pods: nsSource.pods, resolver: { resolve: (ref, signal) => resolverFor().resolve(ref, signal), close: () => undefined }, vulns: store, verifySignature, verifyAttestation,
  });
  const metrics = createMetrics(() => admission.imageCacheStats());
  o.worker?.registered(metrics.registry);
  return { o, emit, decision, flushLog: sink.flush, admission, metrics, nsSource, ...(fileNamespaces ? { fileNamespaces } : {}), store, resolvers, inflight: 0, draining: false, tls };
}

const send = (res: ServerResponse, code: number, body: string, type = 'text/plain; charset=utf-8') => {
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const TEXT = 'text/plain; charset=utf-8';

/** node:http's response as a Reply (the fast path's connection is one itself). */
const replyTo = (res: ServerResponse): Reply => ({
  send(code, body, type, close) {
    if (close) res.setHeader('connection', 'close');
    send(res, code, body, type);
  },
  get sent() { return res.headersSent; },
});

async function answer(st: State, endpoint: 'validate' | 'mutate', body: Buffer, res: Reply, started: bigint): Promise<void> {
  let req;
  try {
    req = parseReview(body);
  } catch (e) {
    if (!(e instanceof ReviewError)) throw e;
    st.metrics.badRequests.inc({ reason: 'malformed' });
    st.emit({ level: 'warn', msg: 'malformed AdmissionReview', endpoint, error: e.message });
    res.send(400, `malformed AdmissionReview: ${e.message}\n`, TEXT);
    return;
  }
  const out: Outcome = endpoint === 'validate' ? await st.admission.validate(req) : await st.admission.mutate(req);
  res.send(200, JSON.stringify(reviewOf(out.response)), 'application/json');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  st.metrics.latencyFor(endpoint).observe(seconds);
  st.metrics.decisionFor(endpoint, out.log.verdict).inc();
  for (const p of out.log.policies) for (const a of p.actions) st.metrics.policyResultFor(p.policy, a).inc();
  st.decision(out.log, Math.round(seconds * 1e6) / 1e3);
}

function tooLarge(st: State, res: Reply, max: number): void {
  st.metrics.badRequests.inc({ reason: 'too-large' });
  res.send(413, `request body larger than ${max} bytes\n`, TEXT, true);
}

/** Answers a whole body; a bug answers 500 (the API server applies failurePolicy) and is logged. Counted in flight for the drain. */
function review(st: State, endpoint: 'validate' | 'mutate', body: Buffer, res: Reply, started: bigint): Promise<void> {
  st.inflight++;
  return answer(st, endpoint, body, res, started).catch((e: unknown) => {
    const message = redactText((e as Error)?.message ?? String(e));
    st.emit({ level: 'error', msg: 'internal error', endpoint, error: message });
    if (!res.sent) res.send(500, `internal error: ${message}\n`, TEXT);
  }).finally(() => {
    st.inflight--;
    if (st.inflight === 0) st.idle?.();
  });
}

/** Reads the body (bounded) and answers. */
function reviewRequest(st: State, endpoint: 'validate' | 'mutate', req: IncomingMessage, res: ServerResponse, started: bigint): void {
  const maxBody = st.o.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const reply = replyTo(res);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBody) {
    tooLarge(st, reply, maxBody);
    req.resume();
    return;
  }
  st.inflight++; // while the body arrives
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const done = () => {
    st.inflight--;
    if (st.inflight === 0) st.idle?.();
  };
  req.on('data', (c: Buffer) => {
    if (over) return;
    size += c.length;
    if (size > maxBody) {
      over = true;
      tooLarge(st, reply, maxBody);
      return;
    }
    chunks.push(c);
  });
  req.on('error', () => { if (!over) { over = true; done(); } });
  req.on('end', () => {
    if (over) return done();
    void review(st, endpoint, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), reply, started);
    done(); // after review() counted itself: the count never touches 0 in between
  });
}

function handler(st: State) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n');
    if (req.method === 'GET' && path === '/readyz') {
      if (st.draining) return send(res, 503, 'draining\n');
      return st.nsSource.ready() ? send(res, 200, 'ok\n') : send(res, 503, 'namespaces not synced\n');
    }
    if (req.method === 'GET' && path === '/metrics') {
      (st.o.worker ? st.o.worker.metrics() : st.metrics.registry.metrics()).then((text) => send(res, 200, text, st.metrics.registry.contentType), (e: unknown) => send(res, 500, `${(e as Error).message}\n`));
      return;
    }
    const endpoint = path === '/validate' ? 'validate' : path === '/mutate' ? 'mutate' : undefined;
    if (!endpoint) {
      st.metrics.badRequests.inc({ reason: 'not-found' });
      return send(res, 404, 'not found: POST /validate or /mutate; GET /healthz, /readyz, /metrics\n');
    }
    if (req.method !== 'POST') {
      st.metrics.badRequests.inc({ reason: 'method' });
      res.setHeader('allow', 'POST');
      return send(res, 405, `${path} takes POST\n`);
    }
    reviewRequest(st, endpoint, req, res, started);
  };
}

/**
 * Reloads: poll the files (Secret and ConfigMap volumes swap a symlink, which fs.watch misses); a bad new file
 * keeps the old configuration and says so.
 */
function watchFiles(st: State, server: Server): string[] {
  const { o } = st;
  const watched: string[] = [];
  const interval = o.reloadIntervalMs ?? 1000;
  const watch = (files: Array<string | undefined>, name: string, reload: () => string | void) => {
    for (const f of files.filter((x): x is string => Boolean(x))) {
      watched.push(f);
      watchFile(f, { interval, persistent: false }, (cur, prev) => {
        if (cur.mtimeMs === prev.mtimeMs && cur.ino === prev.ino && cur.size === prev.size) return;
        try {
          const detail = reload();
          st.metrics.reloads.inc({ file: name, result: 'ok' });
          st.emit({ level: 'info', msg: 'reloaded', file: name, path: f, ...(detail ? { detail } : {}) });
        } catch (e) {
          st.metrics.reloads.inc({ file: name, result: 'error' });
          st.emit({ level: 'error', msg: 'reload failed; keeping the previous version', file: name, path: f, error: redactText((e as Error).message) });
        }
      });
    }
  };
  watch([o.tlsCert, o.tlsKey], 'tls', () => { server.setSecureContext(loadTls(o)); });
  watch([o.policy], 'policy', () => { st.admission.setPolicy(loadPolicy(o)); });
  watch([o.pssConfig], 'pss-config', () => { st.admission.setPsaConfig(loadPsa(o)); });
  const ns = st.fileNamespaces;
  if (o.namespaces && ns) watch([o.namespaces], 'namespaces', () => { ns.replace(parseNamespaceFile(readText(o.namespaces!, '--namespaces'), o.namespaces!)); });
  watch([o.scanResults], 'scan-results', () => `${st.store.reload()} digests${st.store.errors.length ? `; skipped ${st.store.errors.join('; ')}` : ''}`);
  return watched;
}

/**
 * Accepts TCP itself and hands a connection to the HTTPS server only once its first bytes (the ClientHello) have
 * arrived — `TCP_DEFER_ACCEPT` in JS, which Node cannot set on a listening socket. Go's http.Transport (`hey`,
 * and the API server's webhook client) dials a spare connection when a request finds none idle and resets it,
 * unused, when the request is served by a pooled one: thousands a second under a late burst. Wrapped at accept,
 * each would cost a TLSSocket (SSL object, JS stream set-up and teardown, ≈ one review's CPU); held as a plain
 * socket until data arrives, it costs a net.Socket and a close. The bytes already read stay in the socket's
 * buffer and `TLSSocket` feeds them to TLS when it wraps the socket (Node's `_tls_wrap` initRead). A silent
 * connection is closed after `firstByteTimeoutMs` (slowloris). `pending` holds the not-yet-handed sockets for close().
 */
function deferUntilData(https: Server, firstByteTimeoutMs: number, pending: Set<Socket>, counted: AdmissionMetrics['connections']): (socket: Socket) => void {
  const [handed, noData, timedOut] = [counted.labels('tls'), counted.labels('no-data'), counted.labels('timeout')];
  return (socket) => {
    pending.add(socket);
    const settle = () => {
      pending.delete(socket);
      socket.removeListener('readable', onReadable);
      socket.removeListener('error', onError);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('close', onClose);
      socket.setTimeout(0);
    };
    function onReadable(): void {
      settle();
      // 'readable' also fires at end of stream: a connection closed before any byte is simply done.
      if (socket.readableLength === 0) {
        noData.inc();
        socket.destroy();
      } else {
        handed.inc();
        https.emit('connection', socket);
      }
    }
    function onError(): void { settle(); noData.inc(); socket.destroy(); }
    function onTimeout(): void { settle(); timedOut.inc(); socket.destroy(); }
    function onClose(): void { settle(); noData.inc(); }
    socket.on('readable', onReadable);
    socket.on('error', onError);
    socket.on('timeout', onTimeout);
    socket.on('close', onClose);
    socket.setTimeout(firstByteTimeoutMs);
  };
}

/**
 * Puts fast-http.ts in front of node:http on the HTTPS server: a TLS connection's requests are parsed by hand while
 * they are review requests of the common shape; at the first that is not, the connection goes, bytes put back, to
 * the HTTPS server's own node:http connection listener (same timeouts, same tracking for close()).
 */
function fastPath(st: State, server: Server): FastHttp {
  const [httpListener] = server.listeners('secureConnection') as Array<(this: Server, socket: TLSSocket) => void>;
  if (!httpListener) throw new Error('node:https registered no secureConnection listener');
  const fast = fastHttp({
    maxBodyBytes: st.o.maxBodyBytes ?? DEFAULT_MAX_BODY,
    review: (req, reply) => review(st, req.endpoint, req.body, reply, process.hrtime.bigint()),
    tooLarge: (reply) => tooLarge(st, reply, st.o.maxBodyBytes ?? DEFAULT_MAX_BODY),
    hold: () => { st.inflight++; },
    release: () => {
      st.inflight--;
      if (st.inflight === 0) st.idle?.();
    },
    handOff: (socket) => httpListener.call(server, socket as TLSSocket),
    timeouts: () => ({ keepAlive: server.keepAliveTimeout, headers: server.headersTimeout, request: server.requestTimeout }),
  });
  server.removeListener('secureConnection', httpListener);
  server.on('secureConnection', (socket: TLSSocket) => fast.connection(socket));
  return fast;
}

export async function startAdmissionServer(o: ServeOptions): Promise<RunningServer> {
  const st = await loadState(o);
  const server: Server = createServer({ key: st.tls.key, cert: st.tls.cert, keepAlive: true }, handler(st));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (_e, socket) => socket.destroy());
  server.on('tlsClientError', () => st.metrics.tlsErrors.inc());
  const fast = (o.fastHttp ?? process.env.BULWARK_ADMISSION_FAST_HTTP !== '0') ? fastPath(st, server) : undefined;
  // The HTTPS server never listens itself: `tcp` accepts (the same socket options https.Server sets: no Nagle, TCP keep-alive).
  const pending = new Set<Socket>();
  const tcp: TcpServer = createTcpServer({ noDelay: true, keepAlive: true }, deferUntilData(server, o.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT, pending, st.metrics.connections));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (e: NodeJS.ErrnoException) => reject(new BulwarkError('USAGE', `cannot listen on ${o.host ?? '0.0.0.0'}:${o.port}: ${e.code ?? e.message}`)));
    tcp.listen(o.port, o.host, () => resolve());
  });
  // http.Server starts its connection tracking (headers/request timeouts, closeIdleConnections) on 'listening'.
  server.emit('listening');
  const watched = watchFiles(st, server);
  if (st.store.errors.length) st.emit({ level: 'warn', msg: 'scan results skipped', errors: st.store.errors });
  const port = (tcp.address() as AddressInfo).port;
  // A worker's lifecycle lines are its own; the primary writes the one `listening` / `stopped` of the server.
  const lifecycle = (msg: string) => (o.worker ? `worker ${msg}` : msg);
  st.emit({ level: 'info', msg: lifecycle('listening'), port, pid: process.pid, policy: o.policy ?? null, pssConfig: o.pssConfig ?? null, namespaces: o.cluster ? 'cluster' : o.namespaces ?? 'none' });
  let closing: Promise<number> | undefined;
  const drain = async () => {
    st.draining = true;
    for (const f of watched) unwatchFile(f);
    // Stop accepting; a connection that has not sent its first byte has no request: close it. The TCP server's
    // close callback waits for every accepted socket, the TLS ones included.
    const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()));
    for (const s of pending) s.destroy();
    // Idle keep-alive connections close now, busy ones finish their request first (the HTTPS server is not listening:
    // its close() only does that and stops its timeout checker, and its callback's not-running error is expected).
    server.close(() => undefined);
    fast?.drain();
    if (st.inflight > 0) {
      await Promise.race([new Promise<void>((resolve) => { st.idle = resolve; }), new Promise((r) => setTimeout(r, o.drainTimeoutMs ?? 25_000).unref())]);
    }
    const left = st.inflight;
    server.closeAllConnections();
    fast?.closeAll();
    await stopped;
    st.nsSource.close();
    for (const r of st.resolvers.values()) r.close();
    st.emit({ level: 'info', msg: lifecycle('stopped'), inflightAtExit: left });
    st.flushLog();
    return left;
  };
  return { port, metrics: st.metrics, close: () => (closing ??= drain()) };
}
