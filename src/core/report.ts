/** The report envelope every writer consumes. JSON form documented by docs/report.schema.json. */
import type { ImageConfigSummary, ImageIdentity, ImageLayerInfo } from './image.js';
import type { OsInfo, Package } from './package.js';
import type {
  LicenseFinding, MisconfigFinding, SecretFinding, SuppressedFinding, VulnerabilityFinding,
} from './finding.js';

export const REPORT_SCHEMA_VERSION = 1;

export type TargetType = 'image' | 'rootfs' | 'fs' | 'sbom' | 'kubernetes' | 'iac';

export interface ReportTarget {
  type: TargetType;
  /** What was scanned, as the user named it. */
  name: string;
  image?: ImageIdentity;
}

/** Kubernetes posture extras (target type 'kubernetes'): per-check status and RBAC effective permissions. */
export interface KubernetesPosture {
  /** Pod Security level/version applied when given by flags ('namespace labels' otherwise). */
  podSecurity: { level: string; version: string };
  /** Every check with its status; 'not-evaluated' means an input could not be read — never a pass. */
  checks: Array<{ id: string; title: string; status: 'evaluated' | 'not-evaluated' | 'partial' | 'skipped'; reason?: string }>;
  /** Effective RBAC permissions per bound subject, aggregation resolved. */
  effectivePermissions?: Array<{
    subject: { kind: string; name: string; namespace?: string };
    rules: Array<{ namespace?: string; verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[]; nonResourceURLs?: string[]; via: string }>;
  }>;
  /** Objects scanned and documents read. */
  resources: number;
  documents?: number;
  /**
   * Inputs that could not be read or parsed (invalid YAML, alias bombs, nesting too deep, oversized or unreadable
   * files, documents without apiVersion/kind): nothing in them was checked, so the CLI does not exit 0.
   */
  inputErrors?: string[];
}

/** Infrastructure-as-code scan extras (target type 'iac'). */
export interface IacSummary {
  /** Files read, by format (terraform, terraform-plan, cloudformation, compose, ecs, cloud-run, kubernetes…). */
  files: Record<string, number>;
  /** Resources the checks saw (Terraform instances after count/for_each, CloudFormation resources, services…). */
  resources: number;
  /** IaC checks run (the Kubernetes checks on manifests and kubernetes_* resources come on top). */
  checks: number;
  /** Values that could not be evaluated (unset variables, values known after apply): never counted as insecure. */
  unknownValues: number;
  /** Inputs that could not be parsed: nothing in them was checked, so the CLI does not exit 0. */
  inputErrors?: string[];
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
  /** Kubernetes posture details (k8s scans only). */
  kubernetes?: KubernetesPosture;
  /** IaC scan details (iac scans only). */
  iac?: IacSummary;
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
