/** An image-hardening check: stable id and a pure evaluation over facts gathered from the scan. */
import type { OciImageConfig, OsInfo, Package, Severity } from '../../../core/index.js';
import type { FileMetaFact } from '../../../analyzers/index.js';

export interface ImageFacts {
  /** Absent for rootfs targets (no image config). */
  config?: OciImageConfig;
  /** The reference the user scanned (`nginx:latest`, `registry/x@sha256:…`), images only. */
  reference?: string;
  os?: OsInfo;
  packages: readonly Package[];
  /** Visible files' metadata facts (files deleted by later layers are gone from the final image). */
  files: ReadonlyArray<{ path: string; layer?: string; fact: FileMetaFact }>;
  now: Date;
}

export interface ImageViolation {
  message: string;
  severity?: Severity;
  path?: string;
  layer?: string;
  remediation?: string;
}

export interface ImageCheck {
  id: string;
  title: string;
  severity: Severity;
  remediation: string;
  /** Checks that need an image config skip rootfs targets. */
  needsConfig?: boolean;
  evaluate(f: ImageFacts): ImageViolation[];
}

export const defineImageCheck = (c: ImageCheck): ImageCheck => c;
