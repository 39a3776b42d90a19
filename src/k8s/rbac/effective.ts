/** RBAC: ClusterRole aggregation resolved to a fixpoint, bindings → effective permissions per subject. */
import { asArray, asJson, asString, namespaceOf, type K8sObject } from '../model/object.js';
import { matchesSelector } from '../network/selector.js';
import { ofKind, type EvalContext } from '../policy/context.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface Subject { kind: string; name: string; namespace?: string }

export interface Grant {
  /** Namespace the grant applies in; undefined = cluster-wide. */
  namespace?: string;
  rule: PolicyRule;
  /** `ClusterRoleBinding/x → ClusterRole/y (aggregated from ClusterRole/z)`. */
  via: string;
}

export interface SubjectPermissions {
  subject: Subject;
  grants: Grant[];
}

function toRule(r: unknown): PolicyRule {
  const o = asJson(r);
  const list = (k: string) => asArray(o[k]).map(String);
  return { verbs: list('verbs'), apiGroups: list('apiGroups'), resources: list('resources'), resourceNames: list('resourceNames'), nonResourceURLs: list('nonResourceURLs') };
}

export interface RoleRules { role: K8sObject; rules: Array<{ rule: PolicyRule; from: string; index?: number }> }

/**
 * ClusterRole aggregation (rbac/v1 aggregationRule.clusterRoleSelectors): the aggregated role's rules are the
 * union of every ClusterRole whose labels match a selector, repeated until nothing changes (aggregation chains).
 */
export function resolveClusterRoles(ctx: EvalContext): Map<string, RoleRules> {
  const roles = ofKind(ctx, 'ClusterRole');
  const out = new Map<string, RoleRules>();
  for (const r of roles) {
    out.set(r.metadata.name, { role: r, rules: asArray(r.raw.rules).map((x, i) => ({ rule: toRule(x), from: `ClusterRole/${r.metadata.name}`, index: i })) });
  }
  for (let changed = true, rounds = 0; changed && rounds < 32; rounds++) {
    changed = false;
    for (const r of roles) {
      const selectors = asArray(asJson(r.raw.aggregationRule).clusterRoleSelectors);
      if (!selectors.length) continue;
      const target = out.get(r.metadata.name)!;
      for (const other of roles) {
        if (other === r || !selectors.some((s) => matchesSelector(s, other.metadata.labels))) continue;
        for (const src of out.get(other.metadata.name)!.rules) {
          const from = src.from;
          if (!target.rules.some((t) => t.from === from && t.index === src.index)) {
            target.rules.push({ rule: src.rule, from, index: src.index });
            changed = true;
          }
        }
      }
    }
  }
  return out;
}

/** cluster-admin is bootstrapped by the API server, so manifests bind it without defining it. */
const CLUSTER_ADMIN_RULES = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
  { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
];

const rulesCache = new WeakMap<EvalContext, Map<string, RoleRules>>();

/** Every Role/ClusterRole's rules (aggregation resolved), keyed `ClusterRole//name` / `Role/ns/name`; memoised per context. */
export function roleRules(ctx: EvalContext): Map<string, RoleRules> {
  const hit = rulesCache.get(ctx);
  if (hit) return hit;
  const map = new Map<string, RoleRules>();
  rulesCache.set(ctx, map);
  if (!ofKind(ctx, 'ClusterRole').some((r) => r.metadata.name === 'cluster-admin')) {
    const role: K8sObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', raw: {},
      metadata: { name: 'cluster-admin', labels: {}, annotations: {} }, origin: { file: '', doc: 0, prefix: '' },
    };
    map.set('ClusterRole//cluster-admin', { role, rules: CLUSTER_ADMIN_RULES.map((rule, index) => ({ rule, from: 'ClusterRole/cluster-admin', index })) });
  }
  for (const [name, rr] of resolveClusterRoles(ctx)) map.set(`ClusterRole//${name}`, rr);
  for (const r of ofKind(ctx, 'Role')) {
    map.set(`Role/${namespaceOf(r)}/${r.metadata.name}`, { role: r, rules: asArray(r.raw.rules).map((x, i) => ({ rule: toRule(x), from: `Role/${namespaceOf(r)}/${r.metadata.name}`, index: i })) });
  }
  return map;
}

export function subjectsOf(binding: K8sObject): Subject[] {
  return asArray(binding.raw.subjects).map((s) => {
    const o = asJson(s);
    const kind = asString(o.kind) ?? '';
    const sub: Subject = { kind, name: asString(o.name) ?? '' };
    const ns = asString(o.namespace) ?? (kind === 'ServiceAccount' ? namespaceOf(binding) : undefined);
    if (ns) sub.namespace = ns;
    return sub;
  });
}

export function roleRefKey(binding: K8sObject): string {
  const ref = asJson(binding.raw.roleRef);
  const kind = asString(ref.kind) ?? 'ClusterRole';
  const name = asString(ref.name) ?? '';
  return kind === 'ClusterRole' ? `ClusterRole//${name}` : `Role/${namespaceOf(binding)}/${name}`;
}

export function subjectKey(s: Subject): string {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

/** Effective permissions of every bound subject (unresolvable roleRefs are named in `missing`). */
export function effectivePermissions(ctx: EvalContext): { subjects: SubjectPermissions[]; missing: string[] } {
  const rules = roleRules(ctx);
  const bySubject = new Map<string, SubjectPermissions>();
  const missing: string[] = [];
  for (const b of ofKind(ctx, 'RoleBinding', 'ClusterRoleBinding')) {
    const key = roleRefKey(b);
    const rr = rules.get(key);
    if (!rr) { missing.push(`${b.kind}/${b.metadata.name} → ${key.replace('//', '/')}`); continue; }
    const namespace = b.kind === 'RoleBinding' ? namespaceOf(b) : undefined;
    for (const s of subjectsOf(b)) {
      const k = subjectKey(s);
      let sp = bySubject.get(k);
      if (!sp) bySubject.set(k, (sp = { subject: s, grants: [] }));
      for (const r of rr.rules) {
        const via = `${b.kind}/${b.metadata.name} → ${key.replace('//', '/')}${r.from !== key.replace('//', '/') ? ` (aggregated from ${r.from})` : ''}`;
        sp.grants.push({ namespace, rule: r.rule, via });
      }
    }
  }
  const subjects = [...bySubject.values()].sort((a, b) => subjectKey(a.subject).localeCompare(subjectKey(b.subject)));
  return { subjects, missing };
}

function has(list: string[], v: string): boolean {
  return list.includes('*') || list.includes(v);
}

/** rbac/v1 ResourceMatches: `*`, an exact `pods/exec`, or a star wildcard over the resource (`*` + `/exec`). */
export function ruleAllows(rule: PolicyRule, verb: string, group: string, resource: string): boolean {
  if (!has(rule.verbs, verb) || !has(rule.apiGroups, group)) return false;
  if (rule.resources.includes('*') || rule.resources.includes(resource)) return true;
  const slash = resource.indexOf('/');
  return slash > 0 && rule.resources.includes(`*${resource.slice(slash)}`);
}

export function isSystemSubject(s: Subject): boolean {
  return s.name.startsWith('system:') || (s.kind === 'ServiceAccount' && (s.namespace === 'kube-system'));
}
