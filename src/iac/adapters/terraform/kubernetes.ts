/**
 * Terraform `kubernetes_*` resources (hashicorp/kubernetes provider, with or without the `_v1` suffix) → Kubernetes
 * objects for the one k8s engine, as if they had been written as manifests. The provider's schema is the API's in
 * snake_case with repeated blocks in the singular (`container { }` → `containers: []`); single blocks become objects;
 * map attributes (`labels`, `limits`, `match_labels`, `data`) keep their keys. `kubernetes_manifest` is the object
 * itself. Unknown values are left out and their paths recorded, so a finding on or around them is dropped.
 */
import { toK8sObject } from '../../../k8s/index.js';
import type { Analysis } from '../../load/analysis.js';
import type { Node, RawResource } from '../../model/node.js';
import type { Loc } from '../../model/value.js';

const KINDS: Record<string, [apiVersion: string, kind: string]> = {
  pod: ['v1', 'Pod'], deployment: ['apps/v1', 'Deployment'], daemonset: ['apps/v1', 'DaemonSet'], daemon_set: ['apps/v1', 'DaemonSet'],
  stateful_set: ['apps/v1', 'StatefulSet'], replication_controller: ['v1', 'ReplicationController'], job: ['batch/v1', 'Job'],
  cron_job: ['batch/v1', 'CronJob'], role: ['rbac.authorization.k8s.io/v1', 'Role'], cluster_role: ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  role_binding: ['rbac.authorization.k8s.io/v1', 'RoleBinding'], cluster_role_binding: ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  service: ['v1', 'Service'], service_account: ['v1', 'ServiceAccount'], secret: ['v1', 'Secret'], config_map: ['v1', 'ConfigMap'],
  namespace: ['v1', 'Namespace'], network_policy: ['networking.k8s.io/v1', 'NetworkPolicy'], ingress: ['networking.k8s.io/v1', 'Ingress'],
  limit_range: ['v1', 'LimitRange'], resource_quota: ['v1', 'ResourceQuota'], pod_disruption_budget: ['policy/v1', 'PodDisruptionBudget'],
  persistent_volume: ['v1', 'PersistentVolume'], persistent_volume_claim: ['v1', 'PersistentVolumeClaim'],
};

/** Repeated blocks: Terraform's singular block name → the API's list field. */
const REPEATED: Record<string, string> = {
  container: 'containers', init_container: 'initContainers', ephemeral_container: 'ephemeralContainers', volume: 'volumes',
  volume_mount: 'volumeMounts', volume_device: 'volumeDevices', port: 'ports', ports: 'ports', env: 'env', env_from: 'envFrom',
  toleration: 'tolerations', rule: 'rules', subject: 'subjects', ingress: 'ingress', egress: 'egress', from: 'from', to: 'to',
  image_pull_secrets: 'imagePullSecrets', image_pull_secret: 'imagePullSecrets', secret: 'secrets', host_aliases: 'hostAliases',
  topology_spread_constraint: 'topologySpreadConstraints', sysctl: 'sysctls', match_expressions: 'matchExpressions',
  readiness_gate: 'readinessGates', path: 'paths', tls: 'tls', items: 'items', limit: 'limits', http_header: 'httpHeaders',
};

/** Names whose API spelling is not plain camelCase. */
const SPECIAL: Record<string, string> = {
  host_pid: 'hostPID', host_ipc: 'hostIPC', external_ips: 'externalIPs', cluster_ip: 'clusterIP', cluster_ips: 'clusterIPs',
  load_balancer_ip: 'loadBalancerIP', non_resource_urls: 'nonResourceURLs', pod_ip: 'podIP', host_ip: 'hostIP',
};

/** Provider-only arguments that are not part of the object. */
const PROVIDER_ONLY = new Set(['timeouts', 'wait_for_rollout', 'wait_for_load_balancer', 'wait_for_completion', 'wait_for_default_service_account', 'field_manager', 'computed_fields', 'wait']);

const camel = (k: string): string => SPECIAL[k] ?? k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Mapping {
  lines: Map<string, Loc>;
  unknown: string[];
}

function child(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** A block body (object node from `name { … }`): keys renamed, repeated blocks pluralised, single blocks unwrapped. */
function block(n: Node, path: string, m: Mapping, top = false): unknown {
  if (n.kind !== 'object') return plain(n, path, m);
  m.lines.set(path, n.loc);
  const out: Record<string, unknown> = {};
  for (const [k, v] of n.fields) {
    if (top && PROVIDER_ONLY.has(k)) continue;
    const isBlockList = v.kind === 'list' && v.items.length > 0 && v.items.every((i) => i.kind === 'object');
    if (isBlockList && REPEATED[k]) {
      const name = REPEATED[k];
      const p = child(path, name);
      m.lines.set(p, v.loc);
      out[name] = v.items.map((i, idx) => block(i, child(p, idx), m));
    } else if (isBlockList) {
      out[camel(k)] = block(v.items[0], child(path, camel(k)), m);
    } else {
      const name = camel(k);
      const val = plain(v, child(path, name), m);
      if (val !== undefined) out[name] = val;
    }
  }
  return out;
}

/** An attribute value: maps keep their keys; unknowns are recorded and left out. */
function plain(n: Node, path: string, m: Mapping): unknown {
  m.lines.set(path, n.loc);
  switch (n.kind) {
    case 'unknown': m.unknown.push(path); return undefined;
    case 'scalar': return n.value;
    case 'list': return n.items.map((i, idx) => plain(i, child(path, idx), m)).filter((x) => x !== undefined);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of n.fields) {
        const val = plain(v, child(path, k), m);
        if (val !== undefined) out[k] = val;
      }
      return out;
    }
  }
}

/** The line of `field` or of its closest written ancestor. */
function lineResolver(lines: Map<string, Loc>): (field: string | undefined) => number | undefined {
  return (field) => {
    let f = field ?? '';
    for (;;) {
      const loc = lines.get(f);
      if (loc) return loc.line;
      const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
      if (cut <= 0) return lines.get('')?.line;
      f = f.slice(0, cut);
    }
  };
}

/** True when the resource type is a Kubernetes object this mapping knows. */
export function isKubernetesResource(type: string): boolean {
  if (!type.startsWith('kubernetes_')) return false;
  const base = type.slice('kubernetes_'.length).replace(/_v\d+$/, '');
  return base === 'manifest' || Object.hasOwn(KINDS, base);
}

export function kubernetesTf(r: RawResource, a: Analysis): void {
  const base = r.type.slice('kubernetes_'.length).replace(/_v\d+$/, '');
  const m: Mapping = { lines: new Map(), unknown: [] };
  let raw: Record<string, unknown>;
  if (base === 'manifest') {
    const manifest = r.body.fields.get('manifest');
    if (!manifest || manifest.kind !== 'object') return; // unknown or missing: nothing to check
    raw = plain(manifest, '', m) as Record<string, unknown>;
  } else {
    const [apiVersion, kind] = KINDS[base];
    raw = { apiVersion, kind, ...(block(r.body, '', m, true) as Record<string, unknown>) };
  }
  const obj = toK8sObject(raw, { file: r.loc.file, doc: 0, line: r.loc.line, prefix: '' });
  if (typeof obj === 'string') {
    a.notes.push(`${r.loc.file}:${r.loc.line}: ${r.address}: not checked as a Kubernetes object (${obj})`);
    return;
  }
  m.lines.set('', r.loc);
  a.k8sObjects.push(obj);
  a.k8sMapped.push({ object: obj, lineOf: lineResolver(m.lines), block: r.loc });
  if (m.unknown.length) a.k8sUnknown.set(obj, m.unknown);
}
