/**
 * RBAC edges. A permission set is one role bound in one scope (a namespace, or the cluster), as in
 * KubeHound: identities reach it through their bindings (PERMISSION_DISCOVER, whose fix is removing the
 * subject from the binding), and it reaches pods, nodes, identities and crown jewels by what its rules allow.
 */
import {
  buildContext, namespaceOf, roleRefKey, roleRules, ruleAllows, subjectsOf, type K8sObject, type PolicyRule, type Subject,
} from '../../k8s/index.js';
import type { GraphBuilder } from '../builder.js';
import type { EdgeType } from '../edge-types.js';
import { ANY_NODE, saId, type PodInfo } from './pods.js';

interface Rule { rule: PolicyRule; from: string }

const WORKLOAD_RESOURCES: Array<[string, string]> = [
  ['', 'pods'], ['apps', 'deployments'], ['apps', 'daemonsets'], ['apps', 'statefulsets'], ['apps', 'replicasets'],
  ['batch', 'jobs'], ['batch', 'cronjobs'], ['', 'replicationcontrollers'],
];
const PRIVILEGED_BLOCKING = new Set(['baseline', 'restricted']);

const CLUSTER_ADMIN = 'jewel:cluster-admin';

function identityId(s: Subject): string {
  return s.kind === 'ServiceAccount' ? saId(s.namespace ?? 'default', s.name) : `identity:${s.kind}//${s.name}`;
}

interface Scope { rules: Rule[]; namespace?: string }

type EdgeFn = (to: string, type: EdgeType, r: Rule, what: string) => void;

/** The posture check that reports the same rule, so `bulwark k8s` findings are re-ranked by the paths they lie on. */
const CHECK_FOR: Array<[RegExp, string]> = [
  [/secrets/, 'BW-K8S-0304'], [/pods\/exec/, 'BW-K8S-0305'], [/^create /, 'BW-K8S-0306'], [/bind|escalate|impersonate/, 'BW-K8S-0303'],
  [/^\* on \*$/, 'BW-K8S-0302'],
];
const ruleFix = (r: Rule, what: string) => {
  const check = CHECK_FOR.find(([re]) => re.test(what))?.[1];
  return { id: `rule:${r.from}:${what}`, title: `remove ${what} from ${r.from}`, ...(check ? { findings: [check] } : {}) };
};

/** What a rule set allows, with the rule that allows it (for the reason and the fix). */
function allows(scope: Scope, verbs: string[], group: string, resource: string, name?: string): Rule | undefined {
  return scope.rules.find((r) => verbs.some((v) => ruleAllows(r.rule, v, group, resource))
    && (!r.rule.resourceNames.length || (name !== undefined && r.rule.resourceNames.includes(name))));
}

const isAdmin = (rules: Rule[]): Rule | undefined => rules.find((r) => r.rule.verbs.includes('*') && r.rule.apiGroups.includes('*') && r.rule.resources.includes('*') && !r.rule.resourceNames.length);

export class RbacEdges {
  private readonly podsByNs = new Map<string, PodInfo[]>();
  private readonly sasByNs = new Map<string, Set<string>>();
  /** Namespaces whose Pod Security enforce level blocks privileged pods. */
  private readonly guarded = new Set<string>();
  private readonly namespaces = new Set<string>();

  constructor(private readonly b: GraphBuilder, private readonly objects: readonly K8sObject[], private readonly pods: readonly PodInfo[]) {
    for (const p of pods) {
      (this.podsByNs.get(p.namespace) ?? this.podsByNs.set(p.namespace, []).get(p.namespace)!).push(p);
      this.addSa(p.namespace, p.serviceAccount);
      this.namespaces.add(p.namespace);
    }
    for (const o of objects) {
      if (o.kind === 'ServiceAccount') this.addSa(namespaceOf(o) ?? 'default', o.metadata.name);
      if (o.kind === 'Namespace') {
        this.namespaces.add(o.metadata.name);
        if (PRIVILEGED_BLOCKING.has(o.metadata.labels['pod-security.kubernetes.io/enforce'] ?? '')) this.guarded.add(o.metadata.name);
      }
    }
  }

  private addSa(ns: string, name: string): void {
    (this.sasByNs.get(ns) ?? this.sasByNs.set(ns, new Set()).get(ns)!).add(name);
  }

  private podsIn(ns: string | undefined): PodInfo[] {
    return ns !== undefined ? this.podsByNs.get(ns) ?? [] : this.pods as PodInfo[];
  }

  build(): void {
    const rules = roleRules(buildContext([...this.objects]));
    const made = new Set<string>();
    for (const binding of this.objects) {
      if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') continue;
      const key = roleRefKey(binding);
      const rr = rules.get(key);
      if (!rr) continue;
      const ns = binding.kind === 'RoleBinding' ? namespaceOf(binding) ?? 'default' : undefined;
      const role = key.replace('//', '/');
      const permId = `perm:${role}@${ns ?? 'cluster'}`;
      if (!made.has(permId)) {
        made.add(permId);
        this.permissionSet(permId, `${role} ${ns ? `in ${ns}` : 'cluster-wide'}`, { rules: rr.rules.map((r) => ({ rule: r.rule, from: r.from })), ...(ns ? { namespace: ns } : {}) });
      }
      const bname = `${binding.kind}/${ns ? `${ns}/` : ''}${binding.metadata.name}`;
      for (const s of subjectsOf(binding)) {
        const id = identityId(s);
        this.b.node({ id, kind: 'identity', name: `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`, ...(s.namespace ? { namespace: s.namespace } : {}) });
        this.b.edge(id, permId, 'PERMISSION_DISCOVER', `${bname} binds ${s.kind} ${s.name} to ${role}`,
          { fix: { id: `binding:${bname}:${s.kind}/${s.name}`, title: `remove ${s.kind} ${s.name} from ${bname}` } });
      }
    }
    // system:masters bypasses RBAC entirely: whoever can impersonate the group is cluster-admin.
    if (this.b.nodes.has('identity:Group//system:masters')) this.adminEdge('identity:Group//system:masters', 'group system:masters bypasses authorization');
  }

  private adminEdge(from: string, reason: string, fix?: { id: string; title: string }): void {
    this.b.node({ id: CLUSTER_ADMIN, kind: 'cluster-admin', name: 'cluster-admin', jewel: 'cluster-admin' });
    this.b.edge(from, CLUSTER_ADMIN, 'POD_ESCALATE_ADMIN', reason, fix ? { fix } : {});
  }

  private permissionSet(id: string, name: string, scope: Scope): void {
    this.b.node({ id, kind: 'permission-set', name, ...(scope.namespace ? { namespace: scope.namespace } : {}) });
    const where = scope.namespace ? `in namespace ${scope.namespace}` : 'cluster-wide';
    const edge: EdgeFn = (to, type, r, what) => this.b.edge(id, to, type, `${r.from} allows ${what} ${where}`, { fix: ruleFix(r, what) });
    const admin = isAdmin(scope.rules);
    if (admin && !scope.namespace) this.adminEdge(id, `${admin.from} allows every verb on every resource cluster-wide`, ruleFix(admin, '* on *'));
    this.podEdges(scope, edge);
    this.secretEdges(scope, edge);
    this.impersonateEdges(scope, edge);
    if (!admin) this.bindEdges(scope, edge);
  }

  private podEdges(scope: Scope, edge: EdgeFn): void {
    for (const pod of this.podsIn(scope.namespace)) {
      const exec = allows(scope, ['create', 'get'], '', 'pods/exec', pod.name);
      if (exec) edge(pod.id, 'POD_EXEC', exec, 'create pods/exec');
      const patch = allows(scope, ['patch', 'update'], '', 'pods', pod.name);
      if (patch) edge(pod.id, 'POD_PATCH', patch, 'patch pods');
    }
    // Creating any pod controller is creating a pod; Pod Security enforcement (baseline or restricted) refuses a privileged one.
    const open = (scope.namespace ? [scope.namespace] : [...this.namespaces]).filter((n) => !this.guarded.has(n));
    const create = WORKLOAD_RESOURCES.map(([g, res]) => [allows(scope, ['create'], g, res), res] as const).find(([r]) => r);
    if (create && open.length) {
      this.b.node({ id: ANY_NODE, kind: 'node', name: 'any node', jewel: 'node' });
      edge(ANY_NODE, 'POD_CREATE', create[0]!, `create ${create[1]} (privileged pods admitted in ${open.slice(0, 3).join(', ')}${open.length > 3 ? ', …' : ''})`);
    }
  }

  private impersonateEdges(scope: Scope, edge: EdgeFn): void {
    const imp = allows(scope, ['impersonate'], '', 'serviceaccounts');
    if (imp) for (const sa of this.saIds(scope.namespace)) edge(sa, 'IDENTITY_IMPERSONATE', imp, 'impersonate serviceaccounts');
    const impGroup = allows(scope, ['impersonate'], '', 'groups', 'system:masters');
    if (impGroup && !scope.namespace) {
      this.b.node({ id: 'identity:Group//system:masters', kind: 'identity', name: 'Group system:masters' });
      edge('identity:Group//system:masters', 'IDENTITY_IMPERSONATE', impGroup, 'impersonate groups');
    }
  }

  /** create (role|clusterrole)bindings + bind/escalate: the holder can grant itself cluster-admin in that scope. */
  private bindEdges(scope: Scope, edge: EdgeFn): void {
    const ns = scope.namespace;
    const bindVerb = allows(scope, ['bind', 'escalate'], 'rbac.authorization.k8s.io', 'clusterroles', 'cluster-admin')
      ?? (ns ? allows(scope, ['bind', 'escalate'], 'rbac.authorization.k8s.io', 'roles') : undefined);
    const createBinding = allows(scope, ['create', 'update', 'patch'], 'rbac.authorization.k8s.io', ns ? 'rolebindings' : 'clusterrolebindings');
    if (!bindVerb || !createBinding) return;
    const target = `perm:ClusterRole/cluster-admin@${ns ?? 'cluster'}`;
    if (!this.b.nodes.has(target)) {
      this.permissionSet(target, `ClusterRole/cluster-admin ${ns ? `in ${ns}` : 'cluster-wide'} (via a new binding)`,
        { rules: [{ rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] }, from: 'ClusterRole/cluster-admin' }], ...(ns ? { namespace: ns } : {}) });
    }
    edge(target, 'ROLE_BIND', createBinding, `create ${ns ? 'rolebindings' : 'clusterrolebindings'} + ${bindVerb.rule.verbs.includes('escalate') ? 'escalate' : 'bind'}`);
  }

  private saIds(ns: string | undefined): string[] {
    const out: string[] = [];
    for (const [n, names] of this.sasByNs) if (ns === undefined || n === ns) for (const s of names) out.push(saId(n, s));
    return out;
  }

  private secretEdges(scope: Scope, edge: EdgeFn): void {
    const ns = scope.namespace;
    const list = allows(scope, ['list', 'watch'], '', 'secrets');
    const get = allows(scope, ['get'], '', 'secrets');
    if (list) {
      const jewel = `jewel:secrets/${ns ?? '*'}`;
      this.b.node({ id: jewel, kind: 'namespace-secrets', name: ns ? `all secrets of ${ns}` : 'all secrets of every namespace', jewel: 'namespace-secrets', ...(ns ? { namespace: ns } : {}) });
      edge(jewel, 'SECRETS_READ', list, 'list secrets');
    }
    for (const sa of (list || get) ? this.saIds(ns) : []) {
      if (list) edge(sa, 'TOKEN_LIST', list, 'list secrets (service account token secrets)');
      else if (get) edge(sa, 'TOKEN_BRUTEFORCE', get, 'get secrets (token secret names can be guessed)');
    }
  }
}
