/** How a posture check is defined: one object per check, run by the one engine (policy/engine.ts). */
import type { K8sCheckGroup, Severity } from '../../core/index.js';
import type { K8sObject } from '../model/object.js';
import type { EvalContext } from '../policy/context.js';

export type CheckGroup = K8sCheckGroup;

/** One failure: the object, what failed, and the exact field. */
export interface CheckHit {
  object: K8sObject;
  message: string;
  field?: string;
  severity?: Severity;
  pss?: { level: 'baseline' | 'restricted'; control: string };
  /** Overrides the check id (PSS controls and CEL rules share one check object each). */
  id?: string;
  title?: string;
  remediation?: string;
  references?: string[];
  /** Admission actions for this hit (CEL bindings); built-in checks leave it unset. */
  actions?: Array<'deny' | 'warn' | 'audit'>;
  /** Override the check's equivalents (one check object covering several Trivy/Checkov checks: PSS, limits, probes). */
  equivalents?: Equivalents;
}

/**
 * What Trivy and Checkov call the same misconfiguration on the same kind of object, so teams can switch without
 * re-triaging: findings carry them and `#trivy:ignore:` / `#checkov:skip=` comments on Terraform honour them.
 */
export interface Equivalents {
  /** trivy-checks AVD id (`AVD-KSV-0017`; Trivy also accepts the short `KSV017`); `null` once checked and none exists. */
  trivy?: string | null;
  /** Checkov ids for Kubernetes manifests (`CKV_K8S_16`); `[]` once checked and none exists. */
  checkov?: string[];
  /** Checkov's Terraform `kubernetes_*` ids where they differ from the manifest ids (its memory checks swap 12/13). */
  checkovTerraform?: string[];
  /** For the doc page: how findings refine these ids where the other tools split the check (`hostPID` → KSV010). */
  note?: string;
}

/** The id trivy-checks' rego metadata gives (`AVD-KSV-0017` → `KSV017`; KSV0125 keeps four digits). */
export function trivyShortId(avd: string): string {
  const m = /^AVD-KSV-(\d{4})$/.exec(avd);
  if (!m) return avd;
  const n = Number(m[1]);
  return n >= 122 ? `KSV${m[1]}` : `KSV${String(n).padStart(3, '0')}`;
}

export interface CheckDef {
  id: string;
  title: string;
  severity: Severity;
  group: CheckGroup;
  description: string;
  remediation: string;
  references?: string[];
  /** CIS Kubernetes Benchmark id, for CIS checks. */
  cis?: string;
  /** Trivy/Checkov equivalents (checks that run on Terraform `kubernetes_*` resources record both, or explicit none). */
  equivalents?: Equivalents;
  /** Kinds whose listing this check needs; when one could not be read the check is "not evaluated". */
  requires?: string[];
  /**
   * Finer than `requires`: findings on objects of a kind (the key) need these kinds readable. When one is not,
   * only those findings are dropped and the check is `partial` (a 403 on ClusterRoleBindings must not hide
   * findings on Roles, which only RoleBindings can bind).
   */
  requiresPerKind?: Record<string, string[]>;
  /** Per-object evaluation (usable on a single AdmissionReview object). */
  object?: (obj: K8sObject, ctx: EvalContext) => CheckHit[];
  /** Whole-set evaluation (network coverage, RBAC bindings). */
  set?: (ctx: EvalContext) => CheckHit[];
}

/**
 * What a check returns when it finds nothing: one shared, frozen empty list (checks run on every object of a scan and
 * on every admission review, and most find nothing). Frozen: a caller that tried to add to it would throw.
 */
export const NO_HITS = Object.freeze([]) as unknown as CheckHit[];

export function defineCheck(def: CheckDef): CheckDef {
  return def;
}
