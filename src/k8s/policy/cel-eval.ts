/** Runs compiled ValidatingAdmissionPolicies on one object with the VAP variables (object, oldObject, request, params, namespaceObject, variables). */
import { asArray, asJson, asString, memoized, namespaceOf, type K8sObject } from '../model/object.js';
import { matchesSelector } from '../network/selector.js';
import { NO_HITS, type CheckHit } from '../checks/define.js';
import type { EvalContext } from './context.js';
import type { CompiledPolicy, PolicyBinding } from './vap.js';
import { pushAll } from '../../core/index.js';

/**
 * CEL ints are 64-bit integers: JSON integers become BigInt so `object.spec.replicas > 3` type-checks. A subtree
 * without integers is returned as it is (CEL only reads it), so only the paths down to integers are copied: this
 * converts every admission object, and a Pod's labels, security contexts and resource quantities hold no integers.
 */
export function toCel(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = toCel(v[i]);
      if (out) out[i] = c;
      else if (c !== v[i]) {
        out = v.slice(0, i);
        out[i] = c;
      }
    }
    return out ?? v;
  }
  // for…in, not Object.keys: no key array per object (JSON objects have no inherited enumerable keys), half the time.
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const x = o[k];
    const c = toCel(x);
    if (out) out[k] = c;
    else if (c !== x) {
      out = {};
      for (const j in o) {
        if (j === k) break;
        out[j] = o[j];
      }
      out[k] = c;
    }
  }
  return out ?? v;
}

const IRREGULAR: Record<string, string> = { Endpoints: 'endpoints', NetworkPolicy: 'networkpolicies', Ingress: 'ingresses', PodSecurityPolicy: 'podsecuritypolicies' };

/** Kind → resource plural (RESTMapper's lower-case + s/es/ies guess, with the irregular kinds of the core APIs). */
export function resourceOf(kind: string): string {
  if (IRREGULAR[kind]) return IRREGULAR[kind];
  const k = kind.toLowerCase();
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function inList(list: unknown, v: string): boolean {
  const a = asArray(list);
  for (const x of a) if (String(x) === '*' || String(x) === v) return true;
  return false;
}

/** What the rules of one object are matched on (computed once per object, not per rule). */
interface RuleTarget { group: string; version: string; resource: string; operation: string }

function ruleMatches(rule: unknown, t: RuleTarget): boolean {
  const r = asJson(rule);
  if (!inList(r.apiGroups, t.group) || !inList(r.apiVersions, t.version) || !inList(r.resources, t.resource)) return false;
  const ops = asArray(r.operations);
  return ops.length === 0 || inList(ops, t.operation);
}

/** matchConstraints / matchResources: resourceRules, excludeResourceRules, namespaceSelector, objectSelector. */
export function matchResources(m: Record<string, unknown>, obj: K8sObject, ctx: EvalContext, operation: string, requireRules: boolean, target?: RuleTarget): boolean {
  const rules = asArray(m.resourceRules);
  const excluded = asArray(m.excludeResourceRules);
  if (requireRules || rules.length || excluded.length) {
    const t = target ?? ruleTarget(obj, operation);
    if ((requireRules || rules.length) && !rules.some((r) => ruleMatches(r, t))) return false;
    if (excluded.some((r) => ruleMatches(r, t))) return false;
  }
  if (m.objectSelector !== undefined && !matchesSelector(m.objectSelector, obj.metadata.labels)) return false;
  if (m.namespaceSelector !== undefined) {
    const ns = namespaceOf(obj);
    const nsObj = ns ? ctx.namespaces.get(ns) : undefined;
    // Cluster-scoped objects always match a namespaceSelector (admission semantics).
    if (ns && !matchesSelector(m.namespaceSelector, nsObj?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns })) return false;
  }
  return true;
}

function ruleTarget(obj: K8sObject, operation: string): RuleTarget {
  const { group, version } = groupVersion(obj.apiVersion);
  return { group, version, resource: resourceOf(obj.kind), operation };
}

const NO_PARAMS: { params: unknown; error?: string } = Object.freeze({ params: null });

function paramsFor(policy: CompiledPolicy, binding: PolicyBinding, obj: K8sObject, ctx: EvalContext): { params: unknown; error?: string } {
  if (!policy.paramKind || !binding.paramRef) return NO_PARAMS;
  const ref = binding.paramRef;
  const name = asString(ref.name);
  const ns = asString(ref.namespace) ?? namespaceOf(obj);
  const found = (ctx.byKind.get(policy.paramKind.kind ?? '') ?? []).find((p) => (!name || p.metadata.name === name) && (namespaceOf(p) ?? ns) === ns);
  if (found) return { params: found.raw };
  return ref.parameterNotFoundAction === 'Allow' ? { params: null } : { params: null, error: `params ${policy.paramKind.kind} ${name ?? ''} not found` };
}

function requestFor(obj: K8sObject, ctx: EvalContext): Record<string, unknown> {
  const { group, version } = groupVersion(obj.apiVersion);
  return ctx.admission?.request ?? {
    kind: { group, version, kind: obj.kind }, resource: { group, version, resource: resourceOf(obj.kind) },
    name: obj.metadata.name, namespace: namespaceOf(obj) ?? '', operation: ctx.admission?.operation ?? 'CREATE',
    userInfo: ctx.admission?.userInfo ?? { username: '', groups: [] }, dryRun: true,
  };
}

const ROOTS = ['object', 'oldObject', 'request', 'namespaceObject'] as const;
type Root = (typeof ROOTS)[number];
const READS = Symbol('celRootsRead');

/**
 * The VAP variables a policy's expressions name (a CEL expression can reach a variable only by its name, so one its
 * sources never mention is never read and need not be converted). Memoised on the compiled policy.
 */
function rootsRead(p: CompiledPolicy): ReadonlySet<Root> {
  return memoized(p, READS, namedRoots);
}

function namedRoots(p: CompiledPolicy): ReadonlySet<Root> {
  const sources: string[] = [];
  for (const v of p.validations) sources.push(v.expr.source, v.messageExpression?.source ?? '');
  for (const v of p.variables) sources.push(v.expr.source);
  for (const m of p.matchConditions) sources.push(m.expr.source);
  const text = sources.join('\n');
  return new Set(ROOTS.filter((r) => new RegExp(`\\b${r}\\b`).test(text)));
}

interface SharedVars { object: unknown; oldObject: unknown; request: unknown; namespaceObject: unknown }

/** Evaluates every binding of every policy on one object. Evaluation errors follow failurePolicy (Fail → a finding). */
export function evaluatePolicies(policies: CompiledPolicy[], obj: K8sObject, ctx: EvalContext): CheckHit[] {
  let hits: CheckHit[] | undefined;
  // The CEL form of the object and request is the same for every binding: convert once per object, not per binding,
  // and only the variables some expression names.
  let shared: SharedVars | undefined;
  const sharedVars = (): SharedVars => {
    if (!shared) {
      const read = (root: Root) => policies.some((p) => rootsRead(p).has(root));
      const ns = namespaceOf(obj);
      shared = {
        object: read('object') ? toCel(obj.raw) : null,
        oldObject: read('oldObject') ? toCel(ctx.admission?.oldObject ?? null) : null,
        request: read('request') ? toCel(requestFor(obj, ctx)) : null,
        namespaceObject: read('namespaceObject') ? toCel(ns ? ctx.namespaces.get(ns)?.raw ?? null : null) : null,
      };
    }
    return shared;
  };
  const operation = ctx.admission?.operation ?? 'CREATE';
  const target = ruleTarget(obj, operation);
  for (const p of policies) {
    if (!matchResources(p.matchConstraints, obj, ctx, operation, true, target)) continue;
    const bindings = p.bindings.length ? p.bindings : UNBOUND;
    for (const b of bindings) {
      if (!matchResources(b.matchResources, obj, ctx, operation, false, target)) continue;
      const found = evaluateBinding(p, b, obj, ctx, sharedVars());
      if (found.length) pushAll((hits ??= []), found);
    }
  }
  return hits ?? NO_HITS;
}

const UNBOUND: PolicyBinding[] = [{ name: '(unbound)', actions: ['deny'], matchResources: {} }];

/** A finding of policy `p` through binding `b` (built only for a failure). */
function policyHit(p: CompiledPolicy, b: PolicyBinding, obj: K8sObject, id: string, title: string, message: string): CheckHit {
  return { object: obj, id, severity: p.severity, actions: b.actions, references: [`policy ${p.name} (${p.object.origin.file})`], title, message };
}

function evaluateBinding(p: CompiledPolicy, b: PolicyBinding, obj: K8sObject, ctx: EvalContext, shared: SharedVars): CheckHit[] {
  const id = `VAP-${p.name}`;
  const { params, error } = paramsFor(p, b, obj, ctx);
  if (error) return p.failurePolicy === 'Fail' ? [policyHit(p, b, obj, id, `Policy ${p.name}: parameters missing`, `binding ${b.name}: ${error}`)] : NO_HITS;
  // A literal, not a spread of `shared`: this runs for every binding of every review.
  const variables: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {
    object: shared.object, oldObject: shared.oldObject, request: shared.request, namespaceObject: shared.namespaceObject, params: toCel(params), variables,
  };
  try {
    for (const m of p.matchConditions) if (m.expr.run(vars) !== true) return NO_HITS;
    for (const v of p.variables) variables[v.name] = v.expr.run(vars);
  } catch (err) {
    return p.failurePolicy === 'Fail' ? [policyHit(p, b, obj, id, `Policy ${p.name}: evaluation error`, (err as Error).message.split('\n')[0]!)] : NO_HITS;
  }
  let hits: CheckHit[] | undefined;
  for (const v of p.validations) {
    let ok: unknown;
    try {
      ok = v.expr.run(vars);
    } catch (err) {
      if (p.failurePolicy === 'Fail') (hits ??= []).push(policyHit(p, b, obj, `${id}[${v.index}]`, `Policy ${p.name}: evaluation error`, `validations[${v.index}] ${v.expr.source}: ${(err as Error).message.split('\n')[0]}`));
      continue;
    }
    if (ok === true) continue;
    let message = v.message ?? `failed expression: ${v.expr.source}`;
    if (v.messageExpression) {
      try {
        const m = v.messageExpression.run(vars);
        if (typeof m === 'string' && m.trim()) message = m;
      } catch { /* upstream falls back to message on messageExpression errors */ }
    }
    (hits ??= []).push({ ...policyHit(p, b, obj, `${id}[${v.index}]`, `Policy ${p.name}${v.reason ? ` (${v.reason})` : ''}`, message), field: undefined });
  }
  return hits ?? NO_HITS;
}
