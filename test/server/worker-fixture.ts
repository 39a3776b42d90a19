/**
 * A `bulwark worker` for the crash tests: the real pg-boss worker and job handlers, plus an optional pause
 * at one point of a scan job (before or after its results are committed) where it writes a marker file and
 * waits to be killed with SIGKILL. Env: DATABASE, DB_DIR, PAUSE (before-ingest | after-ingest | none), MARKER.
 */
import { writeFileSync } from 'node:fs';
import { silentLogger } from '../../src/core/index.js';
import { openMatcher } from '../../src/scan/index.js';
import { openDb, pgBossQueue, type JobDeps } from '../../src/store/index.js';

const env = (k: string): string => process.env[k] ?? '';
const db = await openDb(env('DATABASE'));
const scanBase = { dbDir: env('DB_DIR'), allowMissingDb: true, noCache: true, logger: silentLogger };
const hang = async (): Promise<void> => {
  writeFileSync(env('MARKER'), String(process.pid));
  await new Promise(() => undefined);
};
const jobs: JobDeps = {
  scan: { ...scanBase, scanners: ['vuln'] }, logger: silentLogger, openMatcher: () => openMatcher(scanBase),
  ...(env('PAUSE') === 'before-ingest' ? { beforeIngest: hang } : {}),
  ...(env('PAUSE') === 'after-ingest' ? { afterIngest: hang } : {}),
};
await pgBossQueue(db, jobs, { work: true, maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5, expireInSeconds: 3, retryLimit: 5 });
process.stdout.write('ready\n');
