/** ValidatingAdmissionPolicy + Binding (admissionregistration.k8s.io/v1) → compiled CEL policies. */
import { Environment } from '@marcbachmann/cel-js';
import { BulwarkError, type Severity, toSeverity } from '../../core/index.js';
import { asArray, asJson, asString, type Json, type K8sObject } from '../model/object.js';

export type AdmissionAction = 'deny' | 'warn' | 'audit';

export interface CompiledExpr {
  source: string;
  run: (vars: Record<string, unknown>) => unknown;
}

export interface Validation { index: number; expr: CompiledExpr; message?: string; messageExpression?: CompiledExpr; reason?: string }

export interface PolicyBinding {
  name: string;
  actions: AdmissionAction[];
  matchResources: Json;
  paramRef?: Json;
}

export interface CompiledPolicy {
  name: string;
  object: K8sObject;
  severity: Severity;
  validations: Validation[];
  variables: Array<{ name: string; expr: CompiledExpr }>;
  matchConditions: Array<{ name: string; expr: CompiledExpr }>;
  matchConstraints: Json;
  paramKind?: { apiVersion?: string; kind?: string };
  failurePolicy: 'Fail' | 'Ignore';
  bindings: PolicyBinding[];
}

export const celEnv = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });

export function compile(source: string, where: string): CompiledExpr {
  try {
    const fn = celEnv.parse(source);
    return { source, run: (vars) => fn(vars) };
  } catch (err) {
    throw new BulwarkError('POLICY_INVALID', `${where}: invalid CEL expression: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

function toAction(a: string): AdmissionAction | undefined {
  if (a === 'Deny') return 'deny';
  if (a === 'Warn') return 'warn';
  if (a === 'Audit') return 'audit';
  return undefined;
}

/** Compiles every ValidatingAdmissionPolicy among `objects` and attaches its bindings. Bad policies throw POLICY_INVALID. */
export function compilePolicies(objects: K8sObject[]): CompiledPolicy[] {
  const policies = new Map<string, CompiledPolicy>();
  for (const o of objects) {
    if (o.kind !== 'ValidatingAdmissionPolicy') continue;
    const spec = asJson(o.raw.spec);
    const where = `ValidatingAdmissionPolicy ${o.metadata.name} (${o.origin.file})`;
    const validations = asArray(spec.validations).map((v, index) => {
      const j = asJson(v);
      const expression = asString(j.expression);
      if (!expression) throw new BulwarkError('POLICY_INVALID', `${where}: validations[${index}] has no expression`);
      const val: Validation = { index, expr: compile(expression, `${where} validations[${index}]`), message: asString(j.message), reason: asString(j.reason) };
      const me = asString(j.messageExpression);
      if (me) val.messageExpression = compile(me, `${where} validations[${index}].messageExpression`);
      return val;
    });
    if (!validations.length) throw new BulwarkError('POLICY_INVALID', `${where}: spec.validations is empty`);
    const pk = asJson(spec.paramKind);
    policies.set(o.metadata.name, {
      name: o.metadata.name, object: o,
      severity: o.metadata.annotations['bulwark.dev/severity'] ? toSeverity(o.metadata.annotations['bulwark.dev/severity']) : 'medium',
      validations,
      variables: asArray(spec.variables).map((v, i) => ({ name: asString(asJson(v).name) ?? `v${i}`, expr: compile(asString(asJson(v).expression) ?? 'null', `${where} variables[${i}]`) })),
      matchConditions: asArray(spec.matchConditions).map((m, i) => ({ name: asString(asJson(m).name) ?? `m${i}`, expr: compile(asString(asJson(m).expression) ?? 'true', `${where} matchConditions[${i}]`) })),
      matchConstraints: asJson(spec.matchConstraints),
      paramKind: Object.keys(pk).length ? { apiVersion: asString(pk.apiVersion), kind: asString(pk.kind) } : undefined,
      failurePolicy: spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
      bindings: [],
    });
  }
  for (const o of objects) {
    if (o.kind !== 'ValidatingAdmissionPolicyBinding') continue;
    const spec = asJson(o.raw.spec);
    const p = policies.get(asString(spec.policyName) ?? '');
    if (!p) continue; // a binding for a policy not in the input
    const actions = asArray(spec.validationActions).map((a) => toAction(String(a))).filter((a): a is AdmissionAction => a !== undefined);
    p.bindings.push({ name: o.metadata.name, actions: actions.length ? actions : ['deny'], matchResources: asJson(spec.matchResources), paramRef: spec.paramRef ? asJson(spec.paramRef) : undefined });
  }
  return [...policies.values()];
}
