/**
 * `admission serve --workers N`: N node:cluster worker processes sharing one listening socket. Each worker accepts
 * its own connections from the kernel's queue (SCHED_NONE; a keep-alive connection stays with its worker), so a busy
 * worker takes fewer and an idle one more. Not node:cluster's round-robin: there the primary accepts every connection
 * and passes it to a worker one at a time, waiting for that worker's event loop to acknowledge each, so under load
 * the accepted connections pile up in the primary; a client pool that dials a new connection for every request that
 * finds none idle (Go's http.Transport: the API server's webhook client, `hey`) then dialled thousands, each
 * TLS-handshaken by a worker and thrown away — `--workers 2` spent more CPU on handshakes than on reviews
 * (docs/benchmarks.md). With the queue in the kernel, a full queue drops SYNs and the clients back off instead.
 * The primary does no review work: it forks, restarts a worker that dies, is the single writer of every worker's
 * log lines (so lines never interleave, whatever stdout is: file, pipe or terminal), answers a worker's /metrics by
 * combining every worker's registry (prom-client's AggregatorRegistry), and on close asks every worker to drain.
 * Each worker is the whole server (`startAdmissionServer`): it watches and reloads the files itself.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { BulwarkError, type ErrorCode } from '../core/index.js';
import { lineBatcher } from './log-batch.js';
import { checkServeInputs, startAdmissionServer, type RunningServer, type ServeOptions } from './server.js';

type ToPrimary =
  | { t: 'bulwark:log'; text: string }
  | { t: 'bulwark:listening'; port: number }
  | { t: 'bulwark:fatal'; code: ErrorCode; message: string }
  | { t: 'bulwark:metrics'; id: number }
  | { t: 'bulwark:stopped'; inflight: number };
type ToWorker = { t: 'bulwark:metrics'; id: number; text?: string; error?: string } | { t: 'bulwark:shutdown' };

interface AdmissionCluster {
  port: number;
  /** Drains every worker (primary) or this worker; resolves to the requests still in flight at the end. */
  close(): Promise<number>;
  /** Settles when this process's part is over (a worker told to shut down by the primary, say). */
  closed: Promise<number>;
}

const MAX_BACKOFF_MS = 10_000;

/** In the primary: forks `workers` processes and supervises them; in a worker: serves. */
export function startAdmissionCluster(o: ServeOptions, workers: number): Promise<AdmissionCluster> {
  return cluster.isPrimary ? startPrimary(o, workers) : startWorker(o);
}

function startWorker(o: ServeOptions): Promise<AdmissionCluster> {
  const id = cluster.worker!.id;
  const send = (m: ToPrimary) => new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send!(m, undefined, {}, () => resolve());
  });
  // Log lines go to the primary in batches (every 20 ms or 64 KiB): thousands of decisions a second, few messages.
  let sending: Promise<void> = Promise.resolve();
  const batch = lineBatcher((text) => { sending = send({ t: 'bulwark:log', text }); });
  const flush = (): Promise<void> => { batch.flush(); return sending; };
  let seq = 0;
  const asked = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();
  const metrics = () => new Promise<string>((resolve, reject) => {
    const mid = ++seq;
    asked.set(mid, { resolve, reject });
    setTimeout(() => { if (asked.delete(mid)) reject(new Error('the primary did not answer with the combined metrics')); }, 10_000).unref();
    void send({ t: 'bulwark:metrics', id: mid });
  });
  new AggregatorRegistry(); // installs prom-client's answer to the primary's "your metrics, please"
  let closing: Promise<number> | undefined;
  let server: RunningServer | undefined;
  let settle!: (n: number) => void;
  const closed = new Promise<number>((resolve) => { settle = resolve; });
  const close = () => (closing ??= (async () => {
    const left = server ? await server.close() : 0;
    await flush();
    await send({ t: 'bulwark:stopped', inflight: left });
    settle(left);
    // Every message is written: leave. (Disconnecting makes a cluster worker exit at once.)
    if (process.connected) process.disconnect();
    return left;
  })());
  process.on('message', (m: ToWorker) => {
    if (m.t === 'bulwark:shutdown') void close();
    else if (m.t === 'bulwark:metrics') {
      const waiting = asked.get(m.id);
      asked.delete(m.id);
      if (m.error !== undefined) waiting?.reject(new Error(m.error));
      else waiting?.resolve(m.text ?? '');
    }
  });
  return startAdmissionServer({ ...o, log: batch.log, flushLog: batch.flush, worker: { id, registered: (r) => AggregatorRegistry.setRegistries(r), metrics } }).then(
    async (s) => {
      server = s;
      await flush(); // its `worker listening` line first
      await send({ t: 'bulwark:listening', port: s.port });
      return { port: s.port, close, closed };
    },
    async (e: unknown) => {
      await flush();
      const err = e instanceof BulwarkError ? e : new BulwarkError('INTERNAL', (e as Error)?.message ?? String(e));
      await send({ t: 'bulwark:fatal', code: err.code, message: err.message });
      process.exit(2); // the primary reports it (once, not once per worker)
    },
  );
}

async function startPrimary(o: ServeOptions, n: number): Promise<AdmissionCluster> {
  checkServeInputs(o); // a bad file is one error here, before anything is forked
  const write = (text: string) => { process.stdout.write(text); };
  const emit = (rec: Record<string, unknown>) => write(`${JSON.stringify({ time: new Date().toISOString(), ...rec })}\n`);
  const aggregator = new AggregatorRegistry();
  cluster.schedulingPolicy = cluster.SCHED_NONE; // each worker accepts for itself (see above); must be set before the first fork
  const live = new Map<number, { worker: Worker; gone: Promise<void> }>();
  let stopping = false;
  let starting = true;
  let port = 0;
  let left = 0;
  let backoff = 100;
  let startup!: { resolve: () => void; reject: (e: Error) => void };
  const started = new Promise<void>((resolve, reject) => { startup = { resolve, reject }; });
  const ready = new Set<number>();

  const fork = (): void => {
    const worker = cluster.fork();
    const born = Date.now();
    let fatal: BulwarkError | undefined;
    // Both: 'exit' may come before the last messages are read; the channel's end ('disconnect') comes after them.
    const gone = Promise.all([new Promise((r) => worker.once('exit', r)), new Promise((r) => worker.once('disconnect', r))]).then(() => undefined);
    live.set(worker.id, { worker, gone });
    worker.on('message', (m: ToPrimary) => {
      if (m.t === 'bulwark:log') write(m.text);
      else if (m.t === 'bulwark:metrics') {
        aggregator.clusterMetrics().then(
          (text) => { if (worker.isConnected()) worker.send({ t: 'bulwark:metrics', id: m.id, text } satisfies ToWorker); },
          (e: unknown) => { if (worker.isConnected()) worker.send({ t: 'bulwark:metrics', id: m.id, error: (e as Error).message } satisfies ToWorker); },
        );
      } else if (m.t === 'bulwark:listening') {
        port = m.port;
        ready.add(worker.id);
        if (starting && ready.size === n) startup.resolve();
      } else if (m.t === 'bulwark:fatal') fatal = new BulwarkError(m.code, m.message);
      else if (m.t === 'bulwark:stopped') left += m.inflight;
    });
    worker.once('exit', (code, signal) => {
      const wasReady = ready.delete(worker.id);
      void gone.then(() => live.delete(worker.id));
      if (stopping) return;
      if (starting) {
        startup.reject(fatal ?? new BulwarkError('INTERNAL', `worker ${worker.id} exited during start-up (${signal ?? `code ${code}`})`));
        return;
      }
      // A worker that dies young (crash loop) is restarted later and later, up to 10 s apart.
      backoff = wasReady && Date.now() - born > 30_000 ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MS);
      emit({ level: 'error', msg: 'worker exited; starting a new one', worker: worker.id, pid: worker.process.pid, ...(signal ? { signal } : { code }), ...(fatal ? { error: fatal.message } : {}), restartInMs: backoff });
      setTimeout(() => { if (!stopping) fork(); }, backoff);
    });
  };

  let closing: Promise<number> | undefined;
  let settle!: (n: number) => void;
  const closed = new Promise<number>((resolve) => { settle = resolve; });
  const close = () => (closing ??= (async () => {
    stopping = true;
    const all = [...live.values()];
    for (const { worker } of all) if (worker.isConnected()) worker.send({ t: 'bulwark:shutdown' } satisfies ToWorker);
    // A worker that does not finish its drain in time (plus a margin) is killed.
    const kill = setTimeout(() => { for (const { worker } of all) worker.process.kill('SIGKILL'); }, (o.drainTimeoutMs ?? 25_000) + 5_000);
    await Promise.all(all.map((w) => w.gone));
    clearTimeout(kill);
    emit({ level: 'info', msg: 'stopped', workers: n, inflightAtExit: left });
    settle(left);
    return left;
  })());

  for (let i = 0; i < n; i++) fork();
  try {
    await started;
  } catch (e) {
    stopping = true;
    for (const { worker } of live.values()) worker.process.kill('SIGKILL');
    await Promise.all([...live.values()].map((w) => w.gone));
    throw e;
  }
  starting = false;
  emit({ level: 'info', msg: 'listening', port, workers: n, pids: [...live.values()].map((w) => w.worker.process.pid), policy: o.policy ?? null, pssConfig: o.pssConfig ?? null, namespaces: o.cluster ? 'cluster' : o.namespaces ?? 'none' });
  return { port, close, closed };
}
