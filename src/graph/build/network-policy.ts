/**
 * Does a NetworkPolicy let a given kind of source reach a pod's port? Only the ingress side matters for
 * exposure. Two sources: the internet (LoadBalancer/NodePort traffic, matched by an ipBlock covering every
 * address) and an ingress controller (Ingress/Gateway traffic, from a pod in a namespace we cannot name,
 * so any namespaceSelector rule may admit it; a podSelector-only rule admits only the pod's own namespace).
 */
import { asArray, asJson, asString, matchesSelector, namespaceOf, policyTypes, type K8sObject } from '../../k8s/index.js';

export type TrafficSource = 'internet' | 'ingress-controller';

const coversEverything = (cidr: string | undefined): boolean => cidr === '0.0.0.0/0' || cidr === '::/0';

function peerAdmits(peer: unknown, source: TrafficSource): boolean {
  const p = asJson(peer);
  const block = asJson(p.ipBlock);
  if (Object.keys(block).length) return coversEverything(asString(block.cidr)) && asArray(block.except).length === 0;
  if (source === 'ingress-controller') return p.namespaceSelector !== undefined;
  return false;
}

function portAdmits(ports: unknown[], port: number | string | undefined): boolean {
  if (!ports.length || port === undefined) return true;
  return ports.some((x) => {
    const p = asJson(x).port;
    return p === undefined || String(p) === String(port);
  });
}

export class PolicyIndex {
  private readonly byNamespace = new Map<string, K8sObject[]>();

  constructor(objects: readonly K8sObject[]) {
    for (const o of objects) {
      if (o.kind !== 'NetworkPolicy' || !policyTypes(o).includes('Ingress')) continue;
      const ns = namespaceOf(o) ?? 'default';
      (this.byNamespace.get(ns) ?? this.byNamespace.set(ns, []).get(ns)!).push(o);
    }
  }

  /** Undefined when traffic is admitted; otherwise the policies that isolate the pod, for the reason text. */
  blockedBy(ns: string, labels: Record<string, string>, source: TrafficSource, port?: number | string): string[] | undefined {
    const selecting = (this.byNamespace.get(ns) ?? []).filter((np) => matchesSelector(asJson(np.raw.spec).podSelector ?? {}, labels));
    if (!selecting.length) return undefined;
    for (const np of selecting) {
      for (const rule of asArray(asJson(np.raw.spec).ingress)) {
        const r = asJson(rule);
        const from = asArray(r.from);
        if (!portAdmits(asArray(r.ports), port)) continue;
        if (!from.length || from.some((peer) => peerAdmits(peer, source))) return undefined;
      }
    }
    return selecting.map((np) => `NetworkPolicy/${np.metadata.name}`);
  }
}
