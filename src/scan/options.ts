/** Options every scan use-case shares, and the scanner → analyzer-group mapping. */
import { BulwarkError, type Logger, type Progress, type Report, type Severity } from '../core/index.js';
import type { Analyzer } from '../analyzers/index.js';
import type { Detector, ScannerKind } from '../detectors/index.js';
import type { AdvisoryStore } from '../vulndb/index.js';
import type { SharedWalks, WalkLimits } from '../layerwalk/index.js';
import type { PolicyConfig } from '../config/index.js';

/** Cache namespace of per-layer analyzer results. */
export const LAYER_CACHE_NAMESPACE = 'layers';

export const ALL_SCANNERS: readonly ScannerKind[] = ['vuln', 'secret', 'misconfig', 'license', 'malware'];
export const DEFAULT_SCANNERS: readonly ScannerKind[] = ['vuln', 'secret'];

export interface ScanOptions {
  scanners?: readonly ScannerKind[];
  /** Keep only findings of these severities (default: all). */
  severities?: readonly Severity[];
  ignoreUnfixed?: boolean;
  /** Cache root (default ~/.cache/bulwark); `noCache` skips reading and writing it. */
  cacheDir?: string;
  noCache?: boolean;
  limits?: Partial<WalkLimits>;
  progress?: Progress;
  logger?: Logger;
  /** Advisory store for vulnerability detectors; else `<dbDir>/bulwark.db` (default <cacheDir>/db) is opened. */
  store?: AdvisoryStore;
  dbDir?: string;
  /** Scan without vulnerability matching when `vuln` is asked for but no database exists (default: DB_MISSING). */
  allowMissingDb?: boolean;
  /** VEX documents (OpenVEX / CycloneDX) and an explicit ignore file (default: ./.bulwarkignore when present). */
  vexFiles?: readonly string[];
  /** Vulnerability matching only for these package types (`--pkg-types os,library`). */
  pkgTypes?: ReadonlyArray<'os' | 'library'>;
  ignoreFile?: string;
  /** Warn when the vulnerability database is older than this (default: vulndb's DEFAULT_MAX_AGE_DAYS). */
  maxDbAgeDays?: number;
  /** Keep lockfile dev dependencies (dropped by default). */
  includeDevDeps?: boolean;
  /** Checked bulwark.yaml policy sections (`parseConfig` / `loadConfig` in config/ build it from YAML). */
  config?: PolicyConfig;
  /** Overrides for tests and embedders (default: the built-in registries). */
  analyzers?: readonly Analyzer[];
  detectors?: readonly Detector[];
  now?: Date;
  /** Layer walks shared by the images of one run (`sharedWalks()`): a common layer is walked once. */
  sharedWalks?: SharedWalks;
}

/** Inventory groups always run; the rest follow the scanners asked for. */
export function analyzerGroups(scanners: readonly ScannerKind[]): Set<string> {
  const groups = new Set<string>(['os', 'os-packages', 'language']);
  if (scanners.includes('secret')) groups.add('secret');
  if (scanners.includes('license')) groups.add('license');
  if (scanners.includes('misconfig')) { groups.add('config'); groups.add('file-meta'); }
  if (scanners.includes('malware')) groups.add('malware');
  return groups;
}

/** `vuln,secret` → checked list; throws USAGE on unknown names. */
export function parseScanners(text: string | readonly string[] | undefined): ScannerKind[] {
  if (text === undefined) return [...DEFAULT_SCANNERS];
  const parts = (typeof text === 'string' ? text.split(',') : [...text]).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const alias: Record<string, ScannerKind> = { vulnerability: 'vuln', vulnerabilities: 'vuln', secrets: 'secret', config: 'misconfig', licenses: 'license' };
  const out: ScannerKind[] = [];
  for (const p of parts) {
    if (p === 'none') continue;
    const k = (alias[p] ?? p) as ScannerKind;
    if (!ALL_SCANNERS.includes(k)) {
      throw new BulwarkError('USAGE', `unknown scanner "${p}" (choose from ${ALL_SCANNERS.join(', ')})`);
    }
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Number of findings left in a report (after severity filtering): drives `--exit-code`. */
export function countFindings(report: Pick<Report, 'vulnerabilities' | 'secrets' | 'misconfigurations' | 'licenses'>): number {
  return report.vulnerabilities.length + report.secrets.length + report.misconfigurations.length + report.licenses.length;
}

/**
 * The one severity filter of every scan (image, rootfs, fs, SBOM, Kubernetes): findings outside `severities`
 * are dropped here, in the scan layer, so every writer and `--exit-code` see the same set.
 */
export function keepSeverities<F extends { severity: Severity }>(findings: F[], severities: readonly Severity[] | undefined): F[] {
  if (!severities?.length) return findings;
  const keep = new Set(severities);
  return findings.filter((f) => keep.has(f.severity));
}
