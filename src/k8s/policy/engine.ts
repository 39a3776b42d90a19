/**
 * The one policy engine: built-in checks and CEL ValidatingAdmissionPolicies both produce findings here.
 * `evaluate(objects)` scans a set; `evaluateObject(object)` is the per-AdmissionReview entry the webhook reuses,
 * and `decide()` turns findings into allow / deny / warn.
 */
import { createHash } from 'node:crypto';
import type { MisconfigFinding } from '../../core/index.js';
import { memoized, refOf, type K8sObject } from '../model/object.js';
import { WORKLOAD_KINDS } from '../model/pod-spec.js';
import type { CheckDef, CheckHit, Equivalents } from '../checks/define.js';
import { buildContext, isOwnedByScanned, type AdmissionInputs, type EngineOptions, type EvalContext } from './context.js';
import { evaluatePolicies } from './cel-eval.js';
import type { AdmissionAction, CompiledPolicy } from './vap.js';

export interface EngineFinding {
  finding: MisconfigFinding;
  object: K8sObject;
  actions: AdmissionAction[];
  /** The Trivy/Checkov equivalents behind `finding.trivy`/`checkov` (with Checkov's Terraform ids, for inline skips). */
  equivalents?: Equivalents;
}

export type CheckStatus = 'evaluated' | 'not-evaluated' | 'partial' | 'skipped';

export interface CheckOutcome { id: string; title: string; status: CheckStatus; reason?: string }

export interface EngineResult {
  findings: EngineFinding[];
  checks: CheckOutcome[];
}

export interface Engine {
  checks: CheckDef[];
  policies: CompiledPolicy[];
  /** Admission actions for built-in check findings (CEL findings use their bindings' validationActions). */
  builtinActions: AdmissionAction[];
  /**
   * Whether findings carry a fingerprint (a SHA-256 per finding, for reports and baselines). The admission webhook
   * turns it off: its answers and decision log never show one, and the hash was ≈ 5 % of its per-review policy CPU.
   */
  fingerprints: boolean;
}

export function createEngine(checks: CheckDef[], policies: CompiledPolicy[] = [], builtinActions: AdmissionAction[] = ['audit'], opts: { fingerprints?: boolean } = {}): Engine {
  return { checks, policies, builtinActions, fingerprints: opts.fingerprints ?? true };
}

export function fingerprintOf(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function toFinding(check: CheckDef, hit: CheckHit, fingerprint: boolean): MisconfigFinding {
  const ref = refOf(hit.object);
  const id = hit.id ?? check.id;
  const f: MisconfigFinding = {
    id,
    severity: hit.severity ?? check.severity,
    title: hit.title ?? check.title,
    message: hit.message,
    remediation: hit.remediation ?? check.remediation,
    category: 'kubernetes',
    group: check.group,
    resource: ref,
  };
  if (hit.object.origin.file) f.file = hit.object.origin.file;
  if (hit.object.origin.line !== undefined) f.line = hit.object.origin.line;
  if (hit.pss) f.pss = hit.pss;
  if (hit.field) f.field = hit.field;
  const eq = hit.equivalents ?? check.equivalents;
  if (eq?.trivy) f.trivy = eq.trivy;
  if (eq?.checkov?.length) f.checkov = eq.checkov;
  const refs = hit.references ?? check.references;
  if (refs?.length) f.references = refs;
  if (fingerprint) f.fingerprint = fingerprintOf([id, ref.kind, ref.namespace ?? '', ref.name, hit.field ?? '', hit.field ? '' : hit.message]);
  return f;
}

function skipped(check: CheckDef, opts: EngineOptions): boolean {
  return (opts.skip ?? []).some((s) => s === check.id || s === check.group);
}

const EVALUATED = Symbol('evaluatedOutcome');

/** A check's plain `evaluated` outcome: one frozen object per check, shared by every run (no allocation per check per review). */
function evaluatedOutcome(check: CheckDef): CheckOutcome {
  return memoized(check, EVALUATED, frozenEvaluated);
}

const frozenEvaluated = (c: CheckDef): CheckOutcome => Object.freeze({ id: c.id, title: c.title, status: 'evaluated' as const });

function statusOf(check: CheckDef, ctx: EvalContext): CheckOutcome {
  // Everything readable (files, one admission object): nothing below can block; the webhook's hot path.
  if (!ctx.unreadable.size && !ctx.options.skip?.length) return evaluatedOutcome(check);
  const base = { id: check.id, title: check.title };
  if (skipped(check, ctx.options)) return { ...base, status: 'skipped', reason: 'skipped by --skip-checks' };
  if (!ctx.unreadable.size) return evaluatedOutcome(check);
  const blocked = (check.requires ?? []).filter((k) => ctx.unreadable.has(k));
  if (blocked.length) return { ...base, status: 'not-evaluated', reason: blocked.map((k) => ctx.unreadable.get(k)).join('; ') };
  if (check.object && (check.group === 'pss' || check.group === 'workload')) {
    const missing = WORKLOAD_KINDS.filter((k) => ctx.unreadable.has(k));
    if (missing.length) return { ...base, status: 'partial', reason: `not evaluated for ${missing.join(', ')}: ${missing.map((k) => ctx.unreadable.get(k)).join('; ')}` };
  }
  const partly = blockedKinds(check, ctx);
  if (partly.size) {
    const reasons = [...new Set([...partly.values()].flat())].map((k) => ctx.unreadable.get(k)).join('; ');
    const all = Object.keys(check.requiresPerKind ?? {});
    const status = all.every((k) => partly.has(k)) ? 'not-evaluated' : 'partial';
    return { ...base, status, reason: status === 'partial' ? `not evaluated for ${[...partly.keys()].join(', ')}: ${reasons}` : reasons };
  }
  return evaluatedOutcome(check);
}

/** Kinds whose findings this check cannot give (a kind they need is unreadable) → the unreadable kinds. */
function blockedKinds(check: CheckDef, ctx: EvalContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [kind, needs] of Object.entries(check.requiresPerKind ?? {})) {
    const missing = needs.filter((k) => ctx.unreadable.has(k));
    if (missing.length) out.set(kind, missing);
  }
  return out;
}

const NONE_BLOCKED: ReadonlyMap<string, string[]> = new Map();

const POLICY_CHECK: CheckDef = { id: 'VAP', title: 'ValidatingAdmissionPolicy', severity: 'medium', group: 'policy', description: '', remediation: '' };

function run(engine: Engine, ctx: EvalContext, objects: K8sObject[], includeSetChecks: boolean): EngineResult {
  const result: EngineResult = { findings: [], checks: [] };
  // The hits of a check are read where they are returned (no per-check array): most checks find nothing on most objects.
  const add = (check: CheckDef, hits: CheckHit[], blocked: ReadonlyMap<string, string[]>) => {
    // Indexed: `hits` is often the frozen NO_HITS, and for…of over it allocated an iterator per call.
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i]!;
      if (blocked.has(h.object.kind)) continue;
      const ef: EngineFinding = { finding: toFinding(check, h, engine.fingerprints), object: h.object, actions: h.actions ?? engine.builtinActions };
      const eq = h.equivalents ?? check.equivalents;
      if (eq) ef.equivalents = eq;
      result.findings.push(ef);
    }
  };
  for (const check of engine.checks) {
    const status = statusOf(check, ctx);
    result.checks.push(status);
    if (status.status === 'skipped' || status.status === 'not-evaluated') continue;
    const templated = check.group === 'pss' || check.group === 'workload';
    const blocked = ctx.unreadable.size ? blockedKinds(check, ctx) : NONE_BLOCKED;
    if (check.object) for (const o of objects) if (!templated || !isOwnedByScanned(ctx, o)) add(check, check.object(o, ctx), blocked);
    if (check.set && includeSetChecks) add(check, check.set(ctx), blocked);
  }
  if (engine.policies.length) {
    for (const o of objects) {
      const hits = evaluatePolicies(engine.policies, o, ctx);
      for (let i = 0; i < hits.length; i++) {
        const h = hits[i]!;
        result.findings.push({ finding: toFinding(POLICY_CHECK, h, engine.fingerprints), object: o, actions: h.actions ?? ['deny'] });
      }
    }
    result.checks.push({ id: 'VAP', title: `${engine.policies.length} ValidatingAdmissionPolicies`, status: 'evaluated' });
  }
  return result;
}

/** Scans a whole object set (files, a cluster). */
export function evaluate(engine: Engine, objects: K8sObject[], options: EngineOptions = {}, extra: Partial<EvalContext> = {}): EngineResult {
  return evaluateIn(engine, buildContext(objects, options, extra));
}

/** Scans the object set of a context the caller built once and reuses (effective permissions read the same one). */
export function evaluateIn(engine: Engine, ctx: EvalContext): EngineResult {
  return run(engine, ctx, ctx.objects, true);
}

/**
 * One admission object: per-object checks and CEL policies; `related` supplies the namespace and other objects
 * (from an informer cache) that set-level checks would need — those checks are not run here.
 */
export function evaluateObject(engine: Engine, object: K8sObject, related: K8sObject[] = [], options: EngineOptions = {}, admission?: AdmissionInputs): EngineResult {
  const ctx = buildContext([...related, object], options, { admission });
  return run(engine, ctx, [object], false);
}

export interface AdmissionDecision {
  allowed: boolean;
  /** Messages of findings whose actions include deny. */
  denials: string[];
  warnings: string[];
  audit: string[];
}

export function decide(result: EngineResult): AdmissionDecision {
  const d: AdmissionDecision = { allowed: true, denials: [], warnings: [], audit: [] };
  for (const f of result.findings) {
    const line = `${f.finding.id}: ${f.finding.message}`;
    if (f.actions.includes('deny')) d.denials.push(line);
    if (f.actions.includes('warn')) d.warnings.push(line);
    if (f.actions.includes('audit')) d.audit.push(line);
  }
  d.allowed = d.denials.length === 0;
  return d;
}
