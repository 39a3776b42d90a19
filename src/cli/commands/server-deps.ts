/**
 * What `bulwark server` and `bulwark worker` share: the database, the job handlers' dependencies (scan
 * options, the vulnerability matcher, webhooks) and the re-evaluation schedule. Lives in cli/ because it
 * wires vulndb (`db update`) to the store, which neither may import.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../core/index.js';
import type { Db, JobDeps, JobQueue } from '../../store/index.js';

interface ServiceOpts { database: string; dbDir?: string | undefined; cacheDir?: string | undefined; logger: Logger; dbUpdate: boolean }

interface Service {
  db: Db;
  jobs: JobDeps;
  defaultUiDir?: string;
  /** Starts the periodic check; returns its stop function. */
  schedule(queue: JobQueue, hours: number): () => void;
}

/** How often the server looks whether the vulnerability DB file changed (a `db update` run by cron, say). */
const DB_CHANGE_POLL_MS = 60_000;

export async function serviceDeps(o: ServiceOpts): Promise<Service> {
  const [{ openDb, notifyChanges, getMeta }, { openMatcher }] = await Promise.all([import('../../store/index.js'), import('../../scan/index.js')]);
  // BULWARK_SERVER_COALESCE_READS=0: every list read runs its own statement (measuring the per-request query path).
  const db = await openDb(o.database, { coalesceReads: process.env.BULWARK_SERVER_COALESCE_READS !== '0' });
  const scanBase = { ...(o.dbDir ? { dbDir: o.dbDir } : {}), ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}), allowMissingDb: true, logger: o.logger };
  const jobs: JobDeps = {
    scan: { ...scanBase, scanners: ['vuln', 'secret', 'license'] },
    logger: o.logger,
    openMatcher: () => openMatcher(scanBase),
    notify: async (changes) => { await notifyChanges(db, changes, o.logger); },
  };
  const shipped = fileURLToPath(new URL('../../../ui/dist', import.meta.url));
  const svc: Service = {
    db, jobs, ...(existsSync(`${shipped}/index.html`) ? { defaultUiDir: shipped } : {}),
    schedule(queue, hours) {
      let busy = false;
      const check = async (update: boolean) => {
        if (busy) return;
        busy = true;
        try {
          if (update && o.dbUpdate) {
            const { updateDatabase, resolveSources, defaultDbPath } = await import('../../vulndb/index.js');
            const r = await updateDatabase({ dbPath: defaultDbPath({ dbDir: o.dbDir, cacheDir: o.cacheDir }), sources: resolveSources(undefined), logger: o.logger });
            o.logger.info(r.changed ? 'vulnerability database updated' : 'vulnerability database not modified');
          }
          const m = await jobs.openMatcher();
          const builtAt = m.database?.builtAt ?? '';
          m.close();
          const last = await getMeta(db, 'last_triggered_db');
          if (builtAt && builtAt !== last) {
            await db.kysely.insertInto('meta').values({ key: 'last_triggered_db', value: builtAt }).onConflict((oc) => oc.column('key').doUpdateSet({ value: builtAt })).execute();
            const id = await queue.enqueueReevaluation(last === undefined ? 'first-db' : 'db-changed');
            o.logger.info(`vulnerability database built ${builtAt}: re-evaluation ${id} started`);
          }
        } catch (e) {
          o.logger.warn(`scheduled re-evaluation: ${(e as Error).message}`);
        } finally { busy = false; }
      };
      if (!hours) return () => undefined;
      const timers = [setInterval(() => void check(true), hours * 3600_000), setInterval(() => void check(false), DB_CHANGE_POLL_MS)];
      for (const t of timers) t.unref();
      void check(false);
      return () => { for (const t of timers) clearInterval(t); };
    },
  };
  return svc;
}
