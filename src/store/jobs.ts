/**
 * Jobs: image scans by reference and re-evaluation shards. One handler per job kind, run either by pg-boss
 * workers (PostgreSQL: `bulwark worker` processes anywhere, retried after a crash once the job expires) or by
 * the in-process queue (SQLite: the server itself). Handlers are idempotent by digest: a retried scan
 * upserts the same image id, a retried shard re-matches the same inventories and finds no change.
 */
import type { Logger, Report } from '../core/index.js';
import { scanImage, type ScanOptions } from '../scan/index.js';
import type { Db } from './db.js';
import { ingestReport } from './ingest.js';
import { reevaluateShard, startRun, type ReevaluateDeps } from './reevaluate.js';
import { isoNow, newId } from './util.js';

const SCAN_QUEUE = 'bulwark-scan';
const REMATCH_QUEUE = 'bulwark-rematch';

interface ScanJob { requestId: string; reference: string; insecure?: boolean; platform?: string }
interface RematchJob { runId: string; ids: string[] }

export interface JobDeps extends ReevaluateDeps {
  scan: ScanOptions;
  logger: Logger;
  /** Test hook: called after the scan, before its results are written (a worker killed here must be retried). */
  beforeIngest?: (job: ScanJob) => Promise<void>;
  /** Test hook: called after the results are committed, before the job is reported complete. */
  afterIngest?: (job: ScanJob) => Promise<void>;
  /** Overridable for tests: how a reference is scanned. */
  scanImage?: (reference: string, opts: Parameters<typeof scanImage>[1]) => Promise<Report>;
}

async function runScanJob(db: Db, deps: JobDeps, job: ScanJob): Promise<string> {
  await db.kysely.updateTable('scan_requests').set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: isoNow() }))
    .where('id', '=', job.requestId).execute();
  try {
    const report = await (deps.scanImage ?? scanImage)(job.reference, {
      ...deps.scan, source: { ...(job.insecure ? { insecure: true } : {}), ...(job.platform ? { platform: job.platform } : {}) },
    });
    await deps.beforeIngest?.(job);
    const r = await ingestReport(db, report, { reference: job.reference });
    await deps.afterIngest?.(job);
    await db.kysely.updateTable('scan_requests').set({ status: 'done', image_id: r.imageId, error: null, updated_at: isoNow() }).where('id', '=', job.requestId).execute();
    return r.imageId;
  } catch (e) {
    await db.kysely.updateTable('scan_requests').set({ status: 'failed', error: (e as Error).message.slice(0, 2000), updated_at: isoNow() }).where('id', '=', job.requestId).execute();
    throw e;
  }
}

async function runRematchJob(db: Db, deps: JobDeps, job: RematchJob): Promise<void> {
  await reevaluateShard(db, deps, job.runId, job.ids);
}

/** What the API needs from either queue. */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  enqueueScan(reference: string, opts?: { insecure?: boolean; platform?: string }): Promise<string>;
  /** Starts a re-evaluation of every stored inventory; returns its run id. */
  enqueueReevaluation(trigger: string): Promise<string>;
  /** Resolves when nothing is queued or running (in-process queue; pg-boss: best effort by polling). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function newScanRequest(db: Db, reference: string): Promise<string> {
  const id = newId();
  const now = isoNow();
  await db.kysely.insertInto('scan_requests').values({ id, reference, status: 'queued', image_id: null, error: null, attempts: 0, created_at: now, updated_at: now }).execute();
  return id;
}


/** SQLite: jobs run in this process, one at a time, in order. Queued scans survive a restart (resumed). */
export function inProcessQueue(db: Db, deps: JobDeps): JobQueue {
  let tail: Promise<unknown> = Promise.resolve();
  const run = (fn: () => Promise<unknown>): void => {
    tail = tail.then(fn).catch((e: unknown) => deps.logger.warn(`job failed: ${(e as Error).message}`));
  };
  const q: JobQueue = {
    kind: 'in-process',
    async enqueueScan(reference, opts = {}) {
      const requestId = await newScanRequest(db, reference);
      run(() => runScanJob(db, deps, { requestId, reference, ...opts }));
      return requestId;
    },
    async enqueueReevaluation(trigger) {
      const { runId, shards } = await startRun(db, deps, trigger);
      run(async () => { for (const ids of shards) await runRematchJob(db, deps, { runId, ids }); });
      return runId;
    },
    async idle() {
      let seen: Promise<unknown> | undefined;
      while (seen !== tail) { seen = tail; await tail; }
    },
    async close() { await q.idle(); },
  };
  // Scans accepted before a restart and never finished run now.
  void db.kysely.selectFrom('scan_requests').select(['id', 'reference']).where('status', 'in', ['queued', 'running']).orderBy('created_at').execute()
    .then((rows) => { for (const r of rows) run(() => runScanJob(db, deps, { requestId: r.id, reference: r.reference })); });
  return q;
}

export interface BossOptions {
  /** Seconds a job may stay active before pg-boss considers its worker dead and retries it. */
  expireInSeconds?: number;
  retryLimit?: number;
  /** How often pg-boss looks for expired jobs (seconds). */
  maintenanceIntervalSeconds?: number;
  /** Run handlers in this process (a worker, or a server with in-process workers). */
  work?: boolean;
  /** Concurrent jobs per queue in this process. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

/** PostgreSQL: pg-boss queues in the same database (schema `pgboss`); `work` makes this process a worker. */
export async function pgBossQueue(db: Db, deps: JobDeps, opts: BossOptions = {}): Promise<JobQueue> {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({
    connectionString: db.url, max: 4,
    ...(opts.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds } : {}),
  });
  boss.on('error', (e: Error) => deps.logger.warn(`pg-boss: ${e.message}`));
  await boss.start();
  const queueOpts = { retryLimit: opts.retryLimit ?? 3, retryDelay: 1, expireInSeconds: opts.expireInSeconds ?? 900 };
  await boss.createQueue(SCAN_QUEUE, { name: SCAN_QUEUE, ...queueOpts });
  await boss.createQueue(REMATCH_QUEUE, { name: REMATCH_QUEUE, ...queueOpts });
  if (opts.work) {
    const workOpts = { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 };
    for (let i = 0; i < (opts.concurrency ?? 1); i++) {
      await boss.work<ScanJob>(SCAN_QUEUE, workOpts, async ([job]) => { if (job) await runScanJob(db, deps, job.data); });
      await boss.work<RematchJob>(REMATCH_QUEUE, workOpts, async ([job]) => { if (job) await runRematchJob(db, deps, job.data); });
    }
  }
  return {
    kind: 'pg-boss',
    async enqueueScan(reference, o = {}) {
      const requestId = await newScanRequest(db, reference);
      await boss.send(SCAN_QUEUE, { requestId, reference, ...o } satisfies ScanJob, queueOpts);
      return requestId;
    },
    async enqueueReevaluation(trigger) {
      const { runId, shards } = await startRun(db, deps, trigger);
      for (const ids of shards) await boss.send(REMATCH_QUEUE, { runId, ids } satisfies RematchJob, queueOpts);
      return runId;
    },
    async idle() {
      for (;;) {
        const [s, r] = await Promise.all([boss.getQueueSize(SCAN_QUEUE), boss.getQueueSize(REMATCH_QUEUE)]);
        const running = await db.kysely.selectFrom('scan_requests').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirst();
        if (s + r === 0 && Number(running?.n ?? 0) === 0) return;
        await new Promise((res) => setTimeout(res, 200));
      }
    },
    async close() { await boss.stop({ graceful: true, wait: true, timeout: 5000 }); },
  };
}
