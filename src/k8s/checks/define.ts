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

export function defineCheck(def: CheckDef): CheckDef {
  return def;
}
