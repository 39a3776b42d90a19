/**
 * The pods of the graph: every workload that is not itself the controller of another object in the set.
 * Manifests give Deployments (their pods, in one node); a live cluster gives the Pods themselves, with
 * the node they run on, and their Deployments are left out so nothing is counted twice.
 */
import { containersOf, namespaceOf, podTemplateOf, type Json, type K8sObject } from '../../k8s/index.js';

export interface ContainerInfo {
  id: string;
  name: string;
  /** Field path of the container inside the object, for reasons (`spec.template.spec.containers[0]`). */
  path: string;
  spec: Json;
  image: string;
}

export interface PodInfo {
  id: string;
  obj: K8sObject;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  spec: Json;
  specPath: string;
  /** Graph id of the node the pod runs on: `node:<nodeName>`, or `node:*` when not pinned (any node). */
  node: string;
  serviceAccount: string;
  /** Whether the service account token is mounted (pod setting, else the ServiceAccount's, else true). */
  tokenMounted: boolean;
  containers: ContainerInfo[];
}

export const ANY_NODE = 'node:*';
const nodeId = (name: string | undefined): string => (name ? `node:${name}` : ANY_NODE);
export const saId = (ns: string, name: string): string => `identity:ServiceAccount/${ns}/${name}`;

function ownerKeys(objects: readonly K8sObject[]): Set<string> {
  const owners = new Set<string>();
  for (const o of objects) {
    const refs = (o.raw.metadata as { ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }> } | undefined)?.ownerReferences;
    for (const r of refs ?? []) if (r.controller && r.kind && r.name) owners.add(`${r.kind}/${namespaceOf(o) ?? 'default'}/${r.name}`);
  }
  return owners;
}

function saAutomount(objects: readonly K8sObject[]): Map<string, boolean> {
  const m = new Map<string, boolean>();
  for (const o of objects) {
    if (o.kind === 'ServiceAccount' && typeof o.raw.automountServiceAccountToken === 'boolean') {
      m.set(`${namespaceOf(o) ?? 'default'}/${o.metadata.name}`, o.raw.automountServiceAccountToken);
    }
  }
  return m;
}

export function podsOf(objects: readonly K8sObject[]): PodInfo[] {
  const owners = ownerKeys(objects);
  const automount = saAutomount(objects);
  const pods: PodInfo[] = [];
  const taken = new Set<string>();
  for (const o of objects) {
    const tpl = podTemplateOf(o);
    const ns = namespaceOf(o) ?? 'default';
    if (!tpl || owners.has(`${o.kind}/${ns}/${o.metadata.name}`)) continue;
    // A Deployment and a StatefulSet may share a name: the second one gets its kind in the id.
    let id = `pod:${ns}/${o.metadata.name}`;
    if (taken.has(id)) id = `pod:${ns}/${o.kind}/${o.metadata.name}`;
    taken.add(id);
    const spec = tpl.spec;
    const sa = String(spec.serviceAccountName ?? spec.serviceAccount ?? 'default');
    const podSetting = spec.automountServiceAccountToken;
    const tokenMounted = typeof podSetting === 'boolean' ? podSetting : automount.get(`${ns}/${sa}`) ?? true;
    const containers = containersOf(tpl).map((c) => ({
      id: `container:${ns}/${id.slice(`pod:${ns}/`.length)}/${c.name}`, name: c.name, path: c.path, spec: c.container,
      image: typeof c.container.image === 'string' ? c.container.image : '',
    }));
    pods.push({
      id, obj: o, namespace: ns, name: id.slice(`pod:${ns}/`.length), labels: tpl.metadata.labels, spec, specPath: tpl.specPath,
      node: nodeId(typeof spec.nodeName === 'string' ? spec.nodeName : undefined), serviceAccount: sa, tokenMounted, containers,
    });
  }
  return pods;
}
