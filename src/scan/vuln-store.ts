/**
 * Opens the vulnerability database for a scan that asked for `vuln`. A missing database is not fatal:
 * the scan goes on without vulnerability matching and says so in the report's warnings.
 */
import { existsSync } from 'node:fs';
import { dbAgeWarning, defaultDbPath, openAdvisoryStore, type AdvisoryStore } from '../vulndb/index.js';
import type { Report } from '../core/index.js';
import type { ScannerKind } from '../detectors/index.js';

export interface OpenedStore {
  store?: AdvisoryStore;
  warning?: string;
  /** Provenance for the report: schema, build time, feeds. */
  database?: Report['database'];
  close(): void;
}

export function openStoreFor(scanners: readonly ScannerKind[], opts: { store?: AdvisoryStore; dbDir?: string; cacheDir?: string; maxDbAgeDays?: number; now?: Date }): OpenedStore {
  if (opts.store || !scanners.includes('vuln')) return { ...(opts.store ? { store: opts.store } : {}), close: () => undefined };
  const path = defaultDbPath({ dbDir: opts.dbDir, cacheDir: opts.cacheDir });
  if (!existsSync(path)) {
    return { warning: `vulnerability database not found at ${path}: run \`bulwark db update\` (vulnerabilities not checked)`, close: () => undefined };
  }
  const store = openAdvisoryStore(path);
  const meta = store.metadata();
  // A stale database silently misses new advisories: say so in every report that used it.
  const stale = dbAgeWarning(meta, opts.maxDbAgeDays, opts.now);
  return {
    store,
    ...(stale ? { warning: stale } : {}),
    database: { schemaVersion: meta.schemaVersion, builtAt: meta.builtAt, sources: [...new Set(meta.feeds.map((f) => f.source))].sort() },
    close: () => store.close(),
  };
}
