/**
 * Use-cases for a portfolio server: match a stored inventory again (no image pull) against the current
 * vulnerability database, opened once for many inventories; read SBOM bytes into an inventory; the
 * end-of-life date of an OS. The same detectors as `bulwark image`, so server and CLI never disagree.
 */
import { type OsInfo, type Package, type Report, type VulnerabilityFinding } from '../core/index.js';
import { cycleOf } from '../detectors/index.js';
import { parseSbom } from '../sources/index.js';
import { compareGeneric, schemeFor } from '../versioning/index.js';
import type { ScanOptions } from './options.js';
import { runDetectors } from './run-detectors.js';
import { openStoreFor } from './vuln-store.js';

interface StoredInventory { packages: Package[]; os?: OsInfo }

export interface Matcher {
  /** DB provenance (absent when no database was found and `allowMissingDb` was set). */
  database?: Report['database'];
  warning?: string;
  match(inv: StoredInventory): Promise<{ vulnerabilities: VulnerabilityFinding[]; warnings: string[] }>;
  close(): void;
}

/** Opens the vulnerability database once; `match` then runs only the vulnerability detectors. */
export async function openMatcher(opts: ScanOptions = {}): Promise<Matcher> {
  const db = await openStoreFor(['vuln'], opts);
  return {
    ...(db.database ? { database: db.database } : {}),
    ...(db.warning ? { warning: db.warning } : {}),
    async match(inv) {
      if (!db.store) return { vulnerabilities: [], warnings: db.warning ? [db.warning] : [] };
      const f = await runDetectors({ packages: inv.packages, results: [], warnings: [], ...(inv.os ? { os: inv.os } : {}) }, ['vuln'], { ...opts, store: db.store });
      return { vulnerabilities: f.vulnerabilities, warnings: f.warnings };
    },
    close: () => db.close(),
  };
}

interface SbomInventory extends StoredInventory { format: string; subject?: { name: string; version?: string }; warnings: string[] }

/** CycloneDX / SPDX JSON bytes → packages and OS (MALFORMED_DOCUMENT / UNSUPPORTED_SCHEMA on bad input). */
export function sbomInventory(bytes: Buffer | string, label: string): SbomInventory {
  const doc = parseSbom(bytes, label);
  return {
    format: doc.format, packages: doc.packages, warnings: doc.warnings,
    ...(doc.os ? { os: doc.os } : {}), ...(doc.subject ? { subject: doc.subject } : {}),
  };
}

/** End of life of an OS release (endoflife.date cycles): the date, or `true` when reached without one. */
export function osEndOfLife(os: OsInfo, now = new Date()): { eol: boolean; date?: string } {
  const c = cycleOf(os);
  if (!c) return { eol: false };
  if (typeof c.eol === 'boolean') return { eol: c.eol };
  return { eol: new Date(`${c.eol}T00:00:00Z`) <= now, date: c.eol };
}

/** The ecosystem's own version order (dpkg, rpm, semver, pep440…), generic for an unknown ecosystem. */
export function compareInEcosystem(ecosystem: string, a: string, b: string): number {
  return (schemeFor(ecosystem)?.compare ?? compareGeneric)(a, b);
}
