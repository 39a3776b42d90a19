/** Findings of every kind, in the exact shape the JSON report documents (docs/report.schema.json). */
import type { Severity } from './severity.js';

export type VulnerabilityStatus =
  | 'fixed'          // a fixed version exists
  | 'affected'       // affected, no fix yet
  | 'will_not_fix'
  | 'fix_deferred'   // no-dsa / postponed
  | 'end_of_life'
  | 'unknown';

export interface Cvss {
  version: string;        // '2.0' | '3.0' | '3.1' | '4.0'
  vector: string;
  score: number;
  source?: string;        // nvd, ghsa, debian…
}

export interface VulnerabilityFinding {
  id: string;
  aliases: string[];
  package: { name: string; version: string; ecosystem: string; purl: string };
  status: VulnerabilityStatus;
  fixedVersion?: string;
  severity: Severity;
  /** Where the severity came from (distro, nvd, ghsa, osv…). */
  severitySource?: string;
  cvss?: Cvss[];
  kev?: { dateAdded: string; dueDate?: string; ransomware?: string };
  epss?: { probability: number; percentile: number };
  /** Digest of the layer that introduced the package. */
  layer?: string;
  /** Feed that produced the match (debian-tracker, alpine-secdb, osv…). */
  source: string;
  title?: string;
  description?: string;
  references?: string[];
  cwes?: string[];
  published?: string;
  modified?: string;
}

export interface SecretFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  path: string;
  layer?: string;
  line?: number;
  /** True when a later layer deleted the file: the secret is still extractable from the image. */
  deleted: boolean;
  /** Layer digest that deleted it, when `deleted`. */
  deletedIn?: string;
  /** Redacted match: a short prefix then asterisks. Never the raw value. */
  match: string;
  fingerprint: string;
}

export interface K8sResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * The Kubernetes check groups and their titles: the one table that docs, reports (PolicyReport categories)
 * and `--skip-checks` group names read.
 */
export const K8S_CHECK_GROUPS = {
  pss: 'Pod Security Standards',
  workload: 'Workload hygiene',
  network: 'Network exposure',
  rbac: 'RBAC',
  cis: 'CIS Kubernetes Benchmark',
  policy: 'ValidatingAdmissionPolicy',
} as const;

export type K8sCheckGroup = keyof typeof K8S_CHECK_GROUPS;

export interface MisconfigFinding {
  id: string;
  severity: Severity;
  title: string;
  message: string;
  remediation?: string;
  /** 'image' | 'dockerfile' | 'kubernetes' | … */
  category: string;
  /** Kubernetes findings: the check group that produced it (title in K8S_CHECK_GROUPS). */
  group?: K8sCheckGroup;
  resource?: K8sResourceRef;
  file?: string;
  line?: number;
  layer?: string;
  /** Pod Security Standards level and control name (as the Kubernetes docs name it). */
  pss?: { level: 'baseline' | 'restricted'; control: string };
  /** The exact field path that failed, for explainability. */
  field?: string;
  references?: string[];
  fingerprint?: string;
  /** IaC and cloud findings: the resource and the equivalent Trivy/Checkov/CIS ids. */
  iac?: IacFindingInfo;
  /** Kubernetes findings: the equivalent trivy-checks id (`AVD-KSV-0017`), when one exists. */
  trivy?: string;
  /** Kubernetes findings: the equivalent Checkov ids (`CKV_K8S_16`), when any exist. */
  checkov?: string[];
}

/** Where an IaC/cloud finding comes from and what other tools call the same check. */
export interface IacFindingInfo {
  /** aws | google | azure | digitalocean | compose | terraform. */
  provider: string;
  service: string;
  /** Terraform address, CloudFormation logical id, compose service, cloud resource id. */
  resource: string;
  /** Provider type: `aws_ecs_task_definition`, `AWS::ECS::TaskDefinition`, `compose:service`. */
  type: string;
  /** Reader: terraform, terraform-plan, cloudformation, compose, ecs, cloud-run, cloud. */
  source: string;
  trivy?: string;
  checkov?: string[];
  cis?: string;
}

export type LicenseCategory =
  | 'forbidden' | 'restricted' | 'reciprocal' | 'notice' | 'permissive' | 'unencumbered' | 'unknown';

export interface LicenseFinding {
  /** SPDX expression (normalised). */
  license: string;
  category: LicenseCategory;
  severity: Severity;
  /** Package the license is declared by, or absent for a license file. */
  package?: { name: string; version: string; purl: string };
  path?: string;
  layer?: string;
  /** 0..1 for text-classified license files; 1 for declared. */
  confidence: number;
  /** True when the policy in bulwark.yaml flags it. */
  policyViolation?: boolean;
}

/** Findings removed by ignore files or VEX, with the reason (listed in the report). */
export interface SuppressedFinding {
  kind: 'vulnerability' | 'secret' | 'misconfiguration' | 'license';
  id: string;
  target: string;
  reason: string;
  source: string;   // '.bulwarkignore', 'vex:<file>', 'bulwark.yaml'
}
