/**
 * Opens the vulnerability database for a scan that asked for `vuln`. A missing database is not fatal:
 * the scan goes on without vulnerability matching and says so in the report's warnings.
 */
import { existsSync } from 'node:fs';
import { defaultDbPath, openAdvisoryStore, type AdvisoryStore } from '../vulndb/index.js';
import type { ScannerKind } from '../detectors/index.js';

export interface OpenedStore {
  store?: AdvisoryStore;
  warning?: string;
  close(): void;
}

export function openStoreFor(scanners: readonly ScannerKind[], opts: { store?: AdvisoryStore; dbDir?: string; cacheDir?: string }): OpenedStore {
  if (opts.store || !scanners.includes('vuln')) return { ...(opts.store ? { store: opts.store } : {}), close: () => undefined };
  const path = defaultDbPath({ dbDir: opts.dbDir, cacheDir: opts.cacheDir });
  if (!existsSync(path)) {
    return { warning: `vulnerability database not found at ${path}: run \`bulwark db update\` (vulnerabilities not checked)`, close: () => undefined };
  }
  const store = openAdvisoryStore(path);
  return { store, close: () => store.close() };
}
