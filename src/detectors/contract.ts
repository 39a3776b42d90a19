/** Detectors: inventory (+ ports) → findings. Pure given their inputs; registered in detectors/registry.ts. */
import type { Logger, OsInfo, Report } from '../core/index.js';
import type { Inventory } from '../inventory/contract.js';
import type { AdvisoryStore } from '../vulndb/contract.js';
import type { OciImageConfig } from '../core/index.js';
import type { PolicyConfig } from '../config/index.js';

export type ScannerKind = 'vuln' | 'secret' | 'misconfig' | 'license' | 'malware';

export interface DetectOptions {
  scanners: ReadonlySet<ScannerKind>;
  ignoreUnfixed?: boolean;
  /** 'os' and/or 'library'. */
  pkgTypes?: ReadonlySet<'os' | 'library'>;
  /** Checked bulwark.yaml policy sections (licenses, secrets, vulnerability, malware). */
  config?: PolicyConfig;
  now?: Date;
}

export interface DetectContext {
  inventory: Inventory;
  os?: OsInfo;
  /** Image config when the target is an image (hardening checks, secrets in ENV/history). */
  imageConfig?: OciImageConfig;
  /** The user's reference (tag `latest`, digest pinning checks); registry targets only. */
  reference?: string;
  /** Manifest and config digests of an image target (known-bad image lists). */
  imageDigests?: { manifest?: string; config?: string };
  store?: AdvisoryStore;
  options: DetectOptions;
  logger: Logger;
}

export type DetectorOutput = Partial<Pick<Report, 'vulnerabilities' | 'secrets' | 'misconfigurations' | 'licenses' | 'warnings'>>;

export interface Detector {
  readonly id: string;
  readonly scanner: ScannerKind;
  detect(ctx: DetectContext): Promise<DetectorOutput> | DetectorOutput;
}

export function defineDetector<D extends Detector>(d: D): D {
  return d;
}
