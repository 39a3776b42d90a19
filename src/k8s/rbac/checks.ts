/** RBAC risk checks on Roles/ClusterRoles (with who is bound to them) and on bindings of cluster-admin equivalents. */
import type { Severity } from '../../core/index.js';
import { namespaceOf, type K8sObject } from '../model/object.js';
import { defineCheck, type CheckHit, type Equivalents } from '../checks/define.js';
import { ofKind, type EvalContext } from '../policy/context.js';
import {
  isSystemSubject, roleRefKey, roleRules, ruleAllows, subjectsOf, type PolicyRule, type RoleRules,
} from './effective.js';

const BUILTIN = new Set(['cluster-admin', 'admin', 'edit', 'view']);

function isBuiltinRole(role: K8sObject): boolean {
  return role.kind === 'ClusterRole' && (BUILTIN.has(role.metadata.name) || role.metadata.name.startsWith('system:'));
}

function keyOf(role: K8sObject): string {
  return role.kind === 'ClusterRole' ? `ClusterRole//${role.metadata.name}` : `Role/${namespaceOf(role)}/${role.metadata.name}`;
}

/** How effective.ts names the role a rule came from. */
function fromOf(role: K8sObject): string {
  return role.kind === 'ClusterRole' ? `ClusterRole/${role.metadata.name}` : `Role/${namespaceOf(role)}/${role.metadata.name}`;
}

/** Subjects bound to a role directly or through a ClusterRole that aggregates it. */
function boundSubjects(ctx: EvalContext, all: Map<string, RoleRules>, role: K8sObject): string[] {
  const keys = new Set([keyOf(role)]);
  for (const [k, rr] of all) if (rr.rules.some((r) => r.from === fromOf(role))) keys.add(k);
  const out = new Set<string>();
  for (const b of ofKind(ctx, 'RoleBinding', 'ClusterRoleBinding')) {
    if (!keys.has(roleRefKey(b))) continue;
    for (const s of subjectsOf(b)) out.add(`${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`);
  }
  return [...out].sort();
}

function isFullWildcard(r: PolicyRule): boolean {
  return r.verbs.includes('*') && r.resources.includes('*') && r.apiGroups.includes('*');
}

interface Risk {
  id: string; title: string; severity: Severity; description: string; remediation: string;
  test: (r: PolicyRule) => string | undefined;
  /** Trivy/Checkov equivalents; `per` refines them per hit where the tools split the risk into several checks. */
  equivalents: Equivalents;
  per?: (r: PolicyRule, role: K8sObject, what: string) => Equivalents;
}

function anyAllowed(r: PolicyRule, verbs: string[], group: string, resources: string[]): string | undefined {
  for (const res of resources) for (const v of verbs) if (ruleAllows(r, v, group, res)) return `${v} ${res}`;
  return undefined;
}

const WORKLOADS: Array<[string, string]> = [
  ['', 'pods'], ['apps', 'deployments'], ['apps', 'daemonsets'], ['apps', 'statefulsets'], ['apps', 'replicasets'],
  ['batch', 'jobs'], ['batch', 'cronjobs'], ['', 'replicationcontrollers'],
];

const RISKS: Risk[] = [
  { id: 'BW-K8S-0301', title: 'RBAC rule uses wildcards', severity: 'high',
    description: 'Wildcard verbs or resources grant every current and future permission, including ones added by CRDs.',
    remediation: 'List the verbs and resources the subject needs.',
    test: (r) => (r.verbs.includes('*') || r.resources.includes('*')) ? `verbs [${r.verbs.join(', ')}] on resources [${r.resources.join(', ')}]${isFullWildcard(r) ? ' (everything)' : ''}` : undefined,
    // KSV044 wildcard verb on wildcard resource, KSV045 wildcard verb, KSV046 wildcard resource.
    equivalents: { trivy: 'AVD-KSV-0044', checkov: ['CKV_K8S_49'], note: 'wildcard verbs on named resources are `AVD-KSV-0045`, named verbs on wildcard resources `AVD-KSV-0046`.' },
    per: (r) => ({ trivy: !r.verbs.includes('*') ? 'AVD-KSV-0046' : !r.resources.includes('*') ? 'AVD-KSV-0045' : 'AVD-KSV-0044', checkov: ['CKV_K8S_49'] }) },
  { id: 'BW-K8S-0303', title: 'RBAC allows privilege escalation (escalate, bind, impersonate)', severity: 'high',
    description: 'escalate/bind let a subject grant itself permissions it lacks; impersonate lets it act as any user or group.',
    remediation: 'Remove escalate, bind and impersonate unless the subject administers RBAC.',
    test: (r) => anyAllowed(r, ['escalate', 'bind'], 'rbac.authorization.k8s.io', ['roles', 'clusterroles'])
      ?? anyAllowed(r, ['impersonate'], '', ['users', 'groups', 'serviceaccounts'])
      ?? anyAllowed(r, ['impersonate'], 'authentication.k8s.io', ['userextras/scopes', 'uids']),
    // Trivy's KSV043 covers impersonating privileged groups only: not the same check. Checkov splits bind and escalate.
    equivalents: { trivy: null, checkov: ['CKV_K8S_157', 'CKV_K8S_158'], note: 'bind is `CKV_K8S_157`, escalate `CKV_K8S_158`; impersonate has no equivalent (Trivy KSV043 covers privileged groups only).' },
    per: (_r, _role, what) => ({ trivy: null, checkov: what.startsWith('bind') ? ['CKV_K8S_157'] : what.startsWith('escalate') ? ['CKV_K8S_158'] : [] }) },
  { id: 'BW-K8S-0304', title: 'RBAC allows reading Secrets', severity: 'high',
    description: 'get/list/watch on secrets exposes every credential in scope, including service account tokens.',
    remediation: 'Grant get on named secrets (resourceNames) only.',
    test: (r) => r.resourceNames.length ? undefined : anyAllowed(r, ['get', 'list', 'watch'], '', ['secrets']),
    // KSV041 on ClusterRoles, KSV113 on (namespaced) Roles.
    equivalents: { trivy: 'AVD-KSV-0041', checkov: [], note: 'on a namespaced Role it is `AVD-KSV-0113`.' },
    per: (_r, role) => ({ trivy: role.kind === 'Role' ? 'AVD-KSV-0113' : 'AVD-KSV-0041', checkov: [] }) },
  { id: 'BW-K8S-0305', title: 'RBAC allows exec or attach into pods', severity: 'high',
    description: 'pods/exec and pods/attach give a shell in any pod in scope, with its service account and mounted secrets.',
    remediation: 'Remove pods/exec and pods/attach; use ephemeral debug containers under tighter control.',
    test: (r) => anyAllowed(r, ['create', 'get'], '', ['pods/exec', 'pods/attach']),
    // KSV053 exec, KSV054 attach.
    equivalents: { trivy: 'AVD-KSV-0053', checkov: [], note: 'pods/attach is `AVD-KSV-0054`.' },
    per: (_r, _role, what) => ({ trivy: what.endsWith('pods/attach') ? 'AVD-KSV-0054' : 'AVD-KSV-0053', checkov: [] }) },
  { id: 'BW-K8S-0306', title: 'RBAC allows creating pods or workload controllers', severity: 'medium',
    description: 'Whoever can create pods (directly or via controllers) can run them as any service account of the namespace and mount its secrets.',
    remediation: 'Restrict create on workloads to deployment automation; enforce Pod Security admission.',
    test: (r) => { for (const [g, res] of WORKLOADS) if (ruleAllows(r, 'create', g, res)) return `create ${g ? `${g}/` : ''}${res}`; return undefined; },
    equivalents: { trivy: 'AVD-KSV-0048', checkov: [] } },
  { id: 'BW-K8S-0307', title: 'RBAC allows nodes/proxy', severity: 'high',
    description: 'nodes/proxy reaches the kubelet API directly (exec in any pod on the node, bypassing audit).',
    remediation: 'Remove nodes/proxy; monitoring needs only nodes/metrics or nodes/stats.',
    test: (r) => anyAllowed(r, ['get', 'create'], '', ['nodes/proxy']),
    equivalents: { trivy: 'AVD-KSV-0047', checkov: [] } },
  { id: 'BW-K8S-0308', title: 'RBAC allows minting service account tokens', severity: 'high',
    description: 'create serviceaccounts/token issues tokens for any service account in scope.',
    remediation: 'Remove create on serviceaccounts/token.',
    test: (r) => anyAllowed(r, ['create'], '', ['serviceaccounts/token']),
    equivalents: { trivy: null, checkov: [] } },
];

function riskCheck(risk: Risk) {
  return defineCheck({
    id: risk.id, title: risk.title, severity: risk.severity, group: 'rbac', description: risk.description, remediation: risk.remediation,
    equivalents: risk.equivalents,
    // The finding names who is bound to the role: a Role only through RoleBindings, a ClusterRole through both.
    requiresPerKind: { Role: ['Role', 'RoleBinding'], ClusterRole: ['ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] },
    set(ctx) {
      const all = roleRules(ctx);
      const hits: CheckHit[] = [];
      for (const role of ofKind(ctx, 'Role', 'ClusterRole')) {
        if (isBuiltinRole(role)) continue;
        const own = all.get(keyOf(role))?.rules.filter((r) => r.from === fromOf(role)) ?? [];
        for (const { rule, index } of own) {
          if (risk.id !== 'BW-K8S-0301' && isFullWildcard(rule)) continue; // reported once by the wildcard check
          const what = risk.test(rule);
          if (!what) continue;
          const subjects = boundSubjects(ctx, all, role);
          const scope = role.kind === 'Role' ? `namespace ${namespaceOf(role)}` : 'cluster (or per RoleBinding namespace)';
          hits.push({
            object: role, field: `rules[${index}]`,
            message: `${role.kind} "${role.metadata.name}" allows ${what} in ${scope}; bound to: ${subjects.length ? subjects.join(', ') : 'nobody in the input'}`,
            equivalents: risk.per?.(rule, role, what),
          });
        }
      }
      return hits;
    },
  });
}

export const clusterAdminBinding = defineCheck({
  id: 'BW-K8S-0302', title: 'cluster-admin (or equivalent) bound to a non-system subject', severity: 'critical', group: 'rbac',
  description: 'A role granting every verb on every resource makes the subject a full cluster administrator.',
  remediation: 'Bind a narrower role; keep cluster-admin for break-glass accounts.',
  equivalents: { trivy: 'AVD-KSV-0111', checkov: [] },
  // Equivalents of cluster-admin are found by reading the bound role's rules.
  requiresPerKind: { RoleBinding: ['RoleBinding', 'Role', 'ClusterRole'], ClusterRoleBinding: ['ClusterRoleBinding', 'ClusterRole'] },
  set(ctx) {
    const all = roleRules(ctx);
    const hits: CheckHit[] = [];
    for (const b of ofKind(ctx, 'RoleBinding', 'ClusterRoleBinding')) {
      const key = roleRefKey(b);
      const rr = all.get(key);
      const isAdmin = key === 'ClusterRole//cluster-admin' || (rr?.rules.some((r) => isFullWildcard(r.rule)) ?? false);
      if (!isAdmin) continue;
      subjectsOf(b).forEach((s, i) => {
        if (isSystemSubject(s)) return;
        const scope = b.kind === 'RoleBinding' ? `namespace ${namespaceOf(b)}` : 'the whole cluster';
        hits.push({ object: b, field: `subjects[${i}]`, message: `${s.kind} "${s.namespace ? `${s.namespace}/` : ''}${s.name}" gets ${key.replace('//', '/')} (all verbs on all resources) in ${scope}` });
      });
    }
    return hits;
  },
});

export const RBAC_CHECKS = [...RISKS.map(riskCheck), clusterAdminBinding];
