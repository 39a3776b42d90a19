/** The report envelope every writer consumes. JSON form documented by docs/report.schema.json. */
import type { ImageConfigSummary, ImageIdentity, ImageLayerInfo } from './image.js';
import type { OsInfo, Package } from './package.js';
import type {
  LicenseFinding, MisconfigFinding, SecretFinding, SuppressedFinding, VulnerabilityFinding,
} from './finding.js';

export const REPORT_SCHEMA_VERSION = 1;

export type TargetType = 'image' | 'rootfs' | 'fs' | 'sbom' | 'kubernetes';

export interface ReportTarget {
  type: TargetType;
  /** What was scanned, as the user named it. */
  name: string;
  image?: ImageIdentity;
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'bulwark'; version: string };
  createdAt: string;
  target: ReportTarget;
  os?: OsInfo;
  /** Image layers (images only). */
  layers?: ImageLayerInfo[];
  /** Image config summary (images only). */
  config?: ImageConfigSummary;
  packages: Package[];
  vulnerabilities: VulnerabilityFinding[];
  secrets: SecretFinding[];
  misconfigurations: MisconfigFinding[];
  licenses: LicenseFinding[];
  suppressed?: SuppressedFinding[];
  /** Non-fatal problems (a corrupt package database, an unreadable file): the scan went on. */
  warnings: string[];
  /** Which scanners ran, so an empty list reads as "clean", not "not evaluated". */
  scanners: string[];
  /** Vulnerability database provenance, when matching ran. */
  database?: { schemaVersion: number; builtAt?: string; sources: string[] };
}

export function emptyReport(target: ReportTarget, toolVersion: string, now = new Date()): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'bulwark', version: toolVersion },
    createdAt: now.toISOString(),
    target,
    packages: [],
    vulnerabilities: [],
    secrets: [],
    misconfigurations: [],
    licenses: [],
    warnings: [],
    scanners: [],
  };
}
