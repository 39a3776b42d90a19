/**
 * Internet exposure: LoadBalancer/NodePort Services, Ingresses and Gateways, down to the containers that
 * serve them, honouring NetworkPolicies. ENDPOINT_EXPLOIT's likelihood comes from the container's image
 * scan (see findings.ts): an exposed container with a KEV-listed vulnerability is a near-certain entry.
 */
import { asArray, asJson, asString, namespaceOf, type K8sObject } from '../../k8s/index.js';
import type { GraphBuilder } from '../builder.js';
import type { Fix } from '../model.js';
import { PolicyIndex, type TrafficSource } from './network-policy.js';
import type { ContainerInfo, PodInfo } from './pods.js';

const INTERNET = 'internet';

export type Exploitability = (c: ContainerInfo) => { p: number; reason: string; fix?: Fix };

const INTERNAL_LB_ANNOTATIONS: Record<string, (v: string) => boolean> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': (v) => v !== 'false',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': (v) => v === 'internal',
  'networking.gke.io/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'cloud.google.com/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': (v) => v === 'true',
};

function publicExposure(svc: K8sObject): string | undefined {
  const spec = asJson(svc.raw.spec);
  const type = asString(spec.type) ?? 'ClusterIP';
  if (type === 'LoadBalancer') {
    const internal = Object.entries(svc.metadata.annotations).find(([k, v]) => INTERNAL_LB_ANNOTATIONS[k]?.(v));
    return internal ? undefined : 'spec.type: LoadBalancer';
  }
  if (type === 'NodePort') return 'spec.type: NodePort (reachable on every node address)';
  if (asArray(spec.externalIPs).length) return 'spec.externalIPs';
  return undefined;
}

/** Services an Ingress or an HTTPRoute sends traffic to, by name in its namespace. */
function backendServices(o: K8sObject): string[] {
  const spec = asJson(o.raw.spec);
  const names = new Set<string>();
  const add = (b: unknown): void => {
    const x = asJson(b);
    const n = asString(asJson(x.service).name) ?? asString(x.serviceName);
    if (n) names.add(n);
  };
  if (o.kind === 'Ingress') {
    add(spec.defaultBackend);
    add(spec.backend);
    for (const r of asArray(spec.rules)) for (const p of asArray(asJson(asJson(r).http).paths)) add(asJson(p).backend);
  } else {
    for (const r of asArray(spec.rules)) for (const b of asArray(asJson(r).backendRefs)) { const n = asString(asJson(b).name); if (n) names.add(n); }
  }
  return [...names];
}

interface ServiceEntry { svc: K8sObject; id: string; sources: Map<TrafficSource, string> }

function servicesOf(b: GraphBuilder, objects: readonly K8sObject[]): Map<string, ServiceEntry> {
  const services = new Map<string, ServiceEntry>();
  for (const o of objects) {
    if (o.kind !== 'Service') continue;
    const key = `${namespaceOf(o) ?? 'default'}/${o.metadata.name}`;
    services.set(key, { svc: o, id: `service:${key}`, sources: new Map() });
    const pub = publicExposure(o);
    if (pub) services.get(key)!.sources.set('internet', pub);
  }
  for (const o of objects) {
    if (o.kind !== 'Ingress' && o.kind !== 'HTTPRoute') continue;
    const ns = namespaceOf(o) ?? 'default';
    const id = `ingress:${ns}/${o.metadata.name}`;
    b.node({ id, kind: 'ingress', name: o.metadata.name, namespace: ns });
    b.edge(INTERNET, id, 'INTERNET_EXPOSE', `${o.kind} ${ns}/${o.metadata.name} accepts external traffic`);
    for (const name of backendServices(o)) {
      const s = services.get(`${ns}/${name}`);
      if (!s) continue;
      s.sources.set('ingress-controller', `${o.kind} ${ns}/${o.metadata.name}`);
      b.node({ id: s.id, kind: 'service', name, namespace: ns });
      b.edge(id, s.id, 'INGRESS_ROUTE', `${o.kind} ${ns}/${o.metadata.name} routes to Service ${name}`);
    }
  }
  return services;
}

/** Containers serving a Service port: those declaring the target port, else (no port declared anywhere) all. */
function servingContainers(pod: PodInfo, targets: Array<number | string>): ContainerInfo[] {
  if (!targets.length) return pod.containers;
  const declares = (c: ContainerInfo): boolean => asArray(c.spec.ports).some((p) => {
    const x = asJson(p);
    return targets.some((t) => String(t) === String(x.containerPort) || t === x.name);
  });
  const hit = pod.containers.filter(declares);
  return hit.length ? hit : pod.containers.filter((c) => !asArray(c.spec.ports).length);
}

function podIndex(pods: readonly PodInfo[]): Map<string, PodInfo[]> {
  const m = new Map<string, PodInfo[]>();
  for (const p of pods) {
    for (const [k, v] of Object.entries(p.labels)) {
      const key = `${p.namespace}\u0000${k}=${v}`;
      (m.get(key) ?? m.set(key, []).get(key)!).push(p);
    }
  }
  return m;
}

/**
 * A container port with `hostPort` is served on the node's own address, like a NodePort, with no Service in
 * between: the endpoint is exploited straight from the internet (NetworkPolicies still apply to the pod).
 */
function hostPortEdges(b: GraphBuilder, pods: readonly PodInfo[], policies: PolicyIndex, exploit: Exploitability): void {
  for (const pod of pods) {
    for (const c of pod.containers) {
      const ports = asArray(c.spec.ports).map(asJson).filter((p) => p.hostPort !== undefined);
      const open = ports.find((p) => !policies.blockedBy(pod.namespace, pod.labels, 'internet', p.containerPort as number | string | undefined));
      if (!open) continue;
      const e = exploit(c);
      b.edge(INTERNET, c.id, 'ENDPOINT_EXPLOIT', `${c.path}.ports: hostPort ${String(open.hostPort)} serves on the node's address: ${e.reason}`,
        { p: e.p, ...(e.fix ? { fix: e.fix } : {}) });
    }
  }
}

export function addExposureEdges(b: GraphBuilder, objects: readonly K8sObject[], pods: readonly PodInfo[], exploit: Exploitability): void {
  b.node({ id: INTERNET, kind: 'internet', name: 'internet' });
  const policies = new PolicyIndex(objects);
  const byLabel = podIndex(pods);
  hostPortEdges(b, pods, policies, exploit);
  for (const s of servicesOf(b, objects).values()) {
    if (!s.sources.size) continue;
    const ns = namespaceOf(s.svc) ?? 'default';
    const spec = asJson(s.svc.raw.spec);
    const selector = Object.entries(asJson(spec.selector)).map(([k, v]) => [k, String(v)] as const);
    if (!selector.length) continue;
    b.node({ id: s.id, kind: 'service', name: s.svc.metadata.name, namespace: ns });
    const internet = s.sources.get('internet');
    if (internet) b.edge(INTERNET, s.id, 'INTERNET_EXPOSE', `Service ${ns}/${s.svc.metadata.name}: ${internet}`);
    const targets = asArray(spec.ports).map((p) => { const x = asJson(p); return (x.targetPort ?? x.port) as number | string; }).filter((t) => t !== undefined);
    const candidates = byLabel.get(`${ns}\u0000${selector[0][0]}=${selector[0][1]}`) ?? [];
    for (const pod of candidates) {
      if (!selector.every(([k, v]) => pod.labels[k] === v)) continue;
      const admitted = [...s.sources.keys()].filter((src) => targets.length
        ? targets.some((t) => !policies.blockedBy(ns, pod.labels, src, t)) : !policies.blockedBy(ns, pod.labels, src));
      if (!admitted.length) continue; // NetworkPolicies isolate the pod from every source the Service has
      for (const c of servingContainers(pod, targets)) {
        const e = exploit(c);
        b.edge(s.id, c.id, 'ENDPOINT_EXPLOIT', `Service ${s.svc.metadata.name} selects ${pod.name} (${admitted.join(', ')} traffic admitted): ${e.reason}`,
          { p: e.p, ...(e.fix ? { fix: e.fix } : {}) });
      }
    }
  }
}
