/**
 * Serving HTTP from several processes (`bulwark server --http-processes N`, node:cluster): one Node process
 * answers reads at about one core, and SQLite in WAL mode (PostgreSQL anyway) lets any number of processes read
 * at once. The primary process owns the job queue and the re-evaluation schedule; the HTTP processes hand the
 * jobs an API request starts (scan requests, re-evaluations) to it over the cluster IPC channel, so with SQLite
 * jobs still run in one process, one at a time, as without the cluster.
 */
import type { Worker } from 'node:cluster';
import { BulwarkError, isBulwarkError, type ErrorCode } from '../core/index.js';
import type { JobQueue } from '../store/index.js';

interface JobMsg { bulwarkJob: number; op: 'scan' | 'reevaluate'; reference?: string; opts?: { insecure?: boolean; platform?: string }; trigger?: string }
interface JobReply { bulwarkJob: number; id?: string; error?: string; code?: ErrorCode }

const isJobMsg = (m: unknown): m is JobMsg => typeof m === 'object' && m !== null && typeof (m as JobMsg).bulwarkJob === 'number' && 'op' in m;
const isReply = (m: unknown): m is JobReply => typeof m === 'object' && m !== null && typeof (m as JobReply).bulwarkJob === 'number' && !('op' in m);

/** In an HTTP process: a JobQueue whose jobs the primary process enqueues. */
export function ipcQueue(kind: JobQueue['kind']): JobQueue {
  let seq = 0;
  const waiting = new Map<number, { resolve(id: string): void; reject(e: Error): void }>();
  const onMessage = (m: unknown): void => {
    if (!isReply(m)) return;
    const w = waiting.get(m.bulwarkJob);
    if (!w) return;
    waiting.delete(m.bulwarkJob);
    if (m.id !== undefined) w.resolve(m.id);
    else w.reject(m.code ? new BulwarkError(m.code, m.error ?? 'job not queued') : new Error(m.error ?? 'job not queued'));
  };
  process.on('message', onMessage);
  const call = (msg: Omit<JobMsg, 'bulwarkJob'>): Promise<string> => new Promise((resolve, reject) => {
    if (!process.send || !process.connected) { reject(new Error('the primary process is gone')); return; }
    const n = ++seq;
    waiting.set(n, { resolve, reject });
    process.send({ ...msg, bulwarkJob: n });
  });
  return {
    kind,
    enqueueScan: (reference, opts) => call({ op: 'scan', reference, ...(opts ? { opts } : {}) }),
    enqueueReevaluation: (trigger) => call({ op: 'reevaluate', trigger }),
    idle: async () => undefined,
    async close() {
      process.off('message', onMessage);
      for (const w of waiting.values()) w.reject(new Error('shutting down'));
      waiting.clear();
    },
  };
}

/** In the primary: enqueues the jobs an HTTP process sends, on the one real queue, and answers with the id. */
export function serveJobs(worker: Worker, queue: JobQueue): void {
  worker.on('message', (m: unknown) => {
    if (!isJobMsg(m)) return;
    const job = m.op === 'scan' ? queue.enqueueScan(m.reference ?? '', m.opts) : queue.enqueueReevaluation(m.trigger ?? 'api');
    const reply = (r: Omit<JobReply, 'bulwarkJob'>): void => { if (worker.isConnected()) worker.send({ ...r, bulwarkJob: m.bulwarkJob }); };
    job.then((id) => reply({ id }), (e: unknown) => reply({ error: (e as Error).message, ...(isBulwarkError(e) ? { code: e.code } : {}) }));
  });
}
