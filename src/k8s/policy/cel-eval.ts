/** Runs compiled ValidatingAdmissionPolicies on one object with the VAP variables (object, oldObject, request, params, namespaceObject, variables). */
import { asArray, asJson, asString, namespaceOf, type K8sObject } from '../model/object.js';
import { matchesSelector } from '../network/selector.js';
import type { CheckHit } from '../checks/define.js';
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
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const c = toCel(o[k]);
    if (out) out[k] = c;
    else if (c !== o[k]) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = o[keys[j]!];
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
  const a = asArray(list).map(String);
  return a.includes('*') || a.includes(v);
}

function ruleMatches(rule: unknown, obj: K8sObject, operation: string): boolean {
  const r = asJson(rule);
  const { group, version } = groupVersion(obj.apiVersion);
  const resource = resourceOf(obj.kind);
  const ops = asArray(r.operations).map(String);
  return inList(r.apiGroups, group) && inList(r.apiVersions, version) && inList(r.resources, resource)
    && (ops.length === 0 || ops.includes('*') || ops.includes(operation));
}

/** matchConstraints / matchResources: resourceRules, excludeResourceRules, namespaceSelector, objectSelector. */
export function matchResources(m: Record<string, unknown>, obj: K8sObject, ctx: EvalContext, operation: string, requireRules: boolean): boolean {
  const rules = asArray(m.resourceRules);
  if ((requireRules || rules.length) && !rules.some((r) => ruleMatches(r, obj, operation))) return false;
  if (asArray(m.excludeResourceRules).some((r) => ruleMatches(r, obj, operation))) return false;
  if (m.objectSelector !== undefined && !matchesSelector(m.objectSelector, obj.metadata.labels)) return false;
  if (m.namespaceSelector !== undefined) {
    const ns = namespaceOf(obj);
    const nsObj = ns ? ctx.namespaces.get(ns) : undefined;
    // Cluster-scoped objects always match a namespaceSelector (admission semantics).
    if (ns && !matchesSelector(m.namespaceSelector, nsObj?.metadata.labels ?? { 'kubernetes.io/metadata.name': ns })) return false;
  }
  return true;
}

function paramsFor(policy: CompiledPolicy, binding: PolicyBinding, obj: K8sObject, ctx: EvalContext): { params: unknown; error?: string } {
  if (!policy.paramKind || !binding.paramRef) return { params: null };
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

/** Evaluates every binding of every policy on one object. Evaluation errors follow failurePolicy (Fail → a finding). */
export function evaluatePolicies(policies: CompiledPolicy[], obj: K8sObject, ctx: EvalContext): CheckHit[] {
  const hits: CheckHit[] = [];
  // The CEL form of the object and request is the same for every binding: convert once per object, not per binding.
  let shared: Record<string, unknown> | undefined;
  const sharedVars = () => {
    if (!shared) {
      const ns = namespaceOf(obj);
      shared = {
        object: toCel(obj.raw), oldObject: toCel(ctx.admission?.oldObject ?? null), request: toCel(requestFor(obj, ctx)),
        namespaceObject: toCel(ns ? ctx.namespaces.get(ns)?.raw ?? null : null),
      };
    }
    return shared;
  };
  const operation = ctx.admission?.operation ?? 'CREATE';
  for (const p of policies) {
    if (!matchResources(p.matchConstraints, obj, ctx, operation, true)) continue;
    const bindings = p.bindings.length ? p.bindings : [{ name: '(unbound)', actions: ['deny' as const], matchResources: {} }];
    for (const b of bindings) {
      if (!matchResources(b.matchResources, obj, ctx, operation, false)) continue;
      pushAll(hits, evaluateBinding(p, b, obj, ctx, sharedVars()));
    }
  }
  return hits;
}

function evaluateBinding(p: CompiledPolicy, b: PolicyBinding, obj: K8sObject, ctx: EvalContext, shared: Record<string, unknown>): CheckHit[] {
  const id = `VAP-${p.name}`;
  const base = { object: obj, id, severity: p.severity, actions: b.actions, references: [`policy ${p.name} (${p.object.origin.file})`] };
  const { params, error } = paramsFor(p, b, obj, ctx);
  if (error) return p.failurePolicy === 'Fail' ? [{ ...base, title: `Policy ${p.name}: parameters missing`, message: `binding ${b.name}: ${error}` }] : [];
  const vars: Record<string, unknown> = { ...shared, params: toCel(params), variables: {} };
  try {
    for (const m of p.matchConditions) if (m.expr.run(vars) !== true) return [];
    const variables: Record<string, unknown> = {};
    vars.variables = variables;
    for (const v of p.variables) variables[v.name] = v.expr.run(vars);
  } catch (err) {
    return p.failurePolicy === 'Fail' ? [{ ...base, title: `Policy ${p.name}: evaluation error`, message: (err as Error).message.split('\n')[0] }] : [];
  }
  const hits: CheckHit[] = [];
  for (const v of p.validations) {
    let ok: unknown;
    try {
      ok = v.expr.run(vars);
    } catch (err) {
      if (p.failurePolicy === 'Fail') hits.push({ ...base, id: `${id}[${v.index}]`, title: `Policy ${p.name}: evaluation error`, message: `validations[${v.index}] ${v.expr.source}: ${(err as Error).message.split('\n')[0]}` });
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
    hits.push({ ...base, id: `${id}[${v.index}]`, title: `Policy ${p.name}${v.reason ? ` (${v.reason})` : ''}`, message, field: undefined });
  }
  return hits;
}
