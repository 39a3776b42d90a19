/**
 * Opens the vulnerability database for a scan that asked for `vuln`. A missing database fails the
 * scan (DB_MISSING): a report with no vulnerabilities must not be mistaken for a clean one. Only
 * `allowMissingDb` (`--allow-missing-db`) lets the scan go on without matching, with a warning.
 */
import { existsSync } from 'node:fs';
import { BulwarkError } from '../core/index.js';
import type { AdvisoryStore } from '../vulndb/index.js';
import type { Report } from '../core/index.js';
import type { ScannerKind } from '../detectors/index.js';

export interface OpenedStore {
  store?: AdvisoryStore;
  warning?: string;
  /** Provenance for the report: schema, build time, feeds. */
  database?: Report['database'];
  close(): void;
}

function provenance(store: AdvisoryStore): NonNullable<Report['database']> {
  const meta = store.metadata();
  return { schemaVersion: meta.schemaVersion, builtAt: meta.builtAt, sources: [...new Set(meta.feeds.map((f) => f.source))].sort() };
}

/**
 * The malware scanner alone uses the database when there is a readable one (its known-bad feeds) and
 * otherwise falls back to the shipped and bulwark.yaml lists without failing the scan.
 */
function openForMalware(path: string, openAdvisoryStore: (p: string) => AdvisoryStore): OpenedStore {
  if (!existsSync(path)) return { close: () => undefined };
  let store: AdvisoryStore;
  try {
    store = openAdvisoryStore(path);
  } catch (err) {
    return { warning: `known-bad lists of the database not used (${(err as Error).message}); the shipped list still applies`, close: () => undefined };
  }
  return {
    store,
    database: provenance(store),
    close: () => store.close(),
  };
}

interface StoreOptions { store?: AdvisoryStore; dbDir?: string; cacheDir?: string; maxDbAgeDays?: number; now?: Date; allowMissingDb?: boolean }

function missing(path: string): BulwarkError {
  return new BulwarkError('DB_MISSING', `vulnerability database not found at ${path}: run \`bulwark db update\` (or \`bulwark db import\` offline), or pass --allow-missing-db to scan without vulnerability matching`);
}

/** Fails before any slow work when a `vuln` scan has no database and did not opt out. */
export async function requireDb(scanners: readonly ScannerKind[], opts: StoreOptions): Promise<void> {
  if (opts.store || opts.allowMissingDb || !scanners.includes('vuln')) return;
  const { defaultDbPath } = await import('../vulndb/index.js');
  const path = defaultDbPath({ dbDir: opts.dbDir, cacheDir: opts.cacheDir });
  if (!existsSync(path)) throw missing(path);
}

export async function openStoreFor(scanners: readonly ScannerKind[], opts: StoreOptions): Promise<OpenedStore> {
  if (opts.store) return { store: opts.store, close: () => undefined };
  if (!scanners.includes('vuln') && !scanners.includes('malware')) return { close: () => undefined };
  // SQLite and the database code load only for scans that read the database.
  const { dbAgeWarning, defaultDbPath, openAdvisoryStore } = await import('../vulndb/index.js');
  const path = defaultDbPath({ dbDir: opts.dbDir, cacheDir: opts.cacheDir });
  if (!scanners.includes('vuln')) return openForMalware(path, openAdvisoryStore);
  if (!existsSync(path)) {
    if (!opts.allowMissingDb) throw missing(path);
    return { warning: `vulnerability database not found at ${path} (--allow-missing-db): vulnerabilities not checked`, close: () => undefined };
  }
  const store = openAdvisoryStore(path);
  const meta = store.metadata();
  // A stale database silently misses new advisories: say so in every report that used it.
  const stale = dbAgeWarning(meta, opts.maxDbAgeDays, opts.now);
  return {
    store,
    ...(stale ? { warning: stale } : {}),
    database: provenance(store),
    close: () => store.close(),
  };
}
