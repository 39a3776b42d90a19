/** A server on a throwaway database (SQLite file, or the test PostgreSQL when given), with the demo advisory feeds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { silentLogger, type Report } from '../../src/core/index.js';
import { importPaths } from '../../src/vulndb/index.js';
import { openMatcher, scanRootfs } from '../../src/scan/index.js';
import { buildApp } from '../../src/server/index.js';
import { createToken, inProcessQueue, openDb, pgBossQueue, type BossOptions, type Db, type JobDeps, type JobQueue } from '../../src/store/index.js';
import { writerFor } from '../../src/reports/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface TestServer {
  app: FastifyInstance; db: Db; queue: JobQueue; dir: string; dbDir: string; jobs: JobDeps;
  tokens: { read: string; scan: string; admin: string };
  close(): Promise<void>;
}

/** A fresh vulnerability DB from the committed demo feeds (Debian DSA list, npm, OSV PyPI, KEV). */
export function demoVulnDb(dir: string): string {
  const dbDir = join(dir, 'vulndb');
  importPaths({ paths: [join(ROOT, 'data', 'demo-feeds')], dbPath: join(dbDir, 'bulwark.db') });
  return dbDir;
}

export async function startServer(opts: { database?: string; boss?: BossOptions; uiDir?: string; rateLimit?: number; vulnDb?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-server-'));
  const dbDir = opts.vulnDb === false ? join(dir, 'none') : demoVulnDb(dir);
  const db = await openDb(opts.database ?? join(dir, 'server.db'));
  const scanBase = { dbDir, allowMissingDb: true, noCache: true, logger: silentLogger };
  const jobs: JobDeps = { scan: { ...scanBase, scanners: ['vuln'] }, logger: silentLogger, openMatcher: () => openMatcher(scanBase) };
  const queue = db.dialect === 'postgres' ? await pgBossQueue(db, jobs, { work: true, ...opts.boss }) : inProcessQueue(db, jobs);
  const app = await buildApp({ db, queue, openMatcher: jobs.openMatcher, logger: silentLogger, rateLimit: opts.rateLimit ?? 100000, ...(opts.uiDir ? { uiDir: opts.uiDir } : {}) });
  const tokens = {
    read: (await createToken(db, 'read', 'test')).token,
    scan: (await createToken(db, 'scan', 'test')).token,
    admin: (await createToken(db, 'admin', 'test')).token,
  };
  return {
    app, db, queue, dir, dbDir, jobs, tokens,
    async close() {
      await app.close();
      await queue.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Real inventory: the committed Debian 11 rootfs of demo/base (libssl1.1 1.1.1n-0+deb11u3, affected by DSA-5343-1). */
export async function demoReport(): Promise<Report> {
  return scanRootfs(join(ROOT, 'demo', 'base'), { noCache: true, scanners: ['vuln'], allowMissingDb: true, logger: silentLogger });
}

export async function demoSbom(format: 'cyclonedx' | 'spdx-json' = 'cyclonedx'): Promise<string> {
  return String((await writerFor(format))(await demoReport(), {}));
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
