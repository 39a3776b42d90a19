/** Network exposure: default-deny per namespace, pods no policy selects, 0.0.0.0/0 ingress, exposed Services, Ingress TLS. */
import { asArray, asJson, asString, namespaceOf, type K8sObject } from '../model/object.js';
import { podTemplateOf } from '../model/pod-spec.js';
import { defineCheck, type CheckHit } from '../checks/define.js';
import { isOwnedByScanned, knownNamespaces, ofKind, type EvalContext } from '../policy/context.js';
import { isEmptySelector, matchesSelector } from './selector.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export function policyTypes(np: K8sObject): string[] {
  const spec = asJson(np.raw.spec);
  const declared = asArray(spec.policyTypes).map(String);
  if (declared.length) return declared;
  // networking/v1 default: Ingress always, Egress when egress rules exist.
  return spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

function policiesIn(ctx: EvalContext, ns: string): K8sObject[] {
  return ofKind(ctx, 'NetworkPolicy').filter((np) => namespaceOf(np) === ns);
}

function isDefaultDeny(np: K8sObject, direction: 'Ingress' | 'Egress'): boolean {
  const spec = asJson(np.raw.spec);
  if (!isEmptySelector(spec.podSelector)) return false;
  if (!policyTypes(np).includes(direction)) return false;
  const rules = asArray(direction === 'Ingress' ? spec.ingress : spec.egress);
  return rules.length === 0;
}

/** A namespace as an object to hang findings on: the Namespace itself, else a synthetic reference. */
function nsObject(ctx: EvalContext, ns: string): K8sObject {
  return ctx.namespaces.get(ns) ?? {
    apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: {}, annotations: {} }, raw: {},
    origin: { file: '', doc: 0, prefix: '' },
  };
}

function workloadNamespaces(ctx: EvalContext): string[] {
  const set = new Set<string>();
  for (const o of ctx.objects) if (podTemplateOf(o)) set.add(namespaceOf(o) ?? 'default');
  return knownNamespaces(ctx).filter((ns) => set.has(ns) || ctx.namespaces.has(ns));
}

function defaultDeny(direction: 'Ingress' | 'Egress', id: string, severity: 'medium' | 'low') {
  return defineCheck({
    id, title: `Namespace without a default-deny ${direction.toLowerCase()} NetworkPolicy`, severity, group: 'network',
    description: `Without a policy selecting every pod for ${direction}, all ${direction === 'Ingress' ? 'inbound' : 'outbound'} traffic is allowed by default.`,
    remediation: `Add a NetworkPolicy with podSelector: {} and policyTypes: [${direction}] and no ${direction.toLowerCase()} rules, then allow what is needed.`,
    requires: ['NetworkPolicy', 'Namespace'],
    // Neither trivy-checks nor Checkov checks namespaces for a default-deny policy (KSV038 only checks selector use).
    equivalents: { trivy: null, checkov: [] },
    set(ctx) {
      return workloadNamespaces(ctx).filter((ns) => !SYSTEM_NAMESPACES.has(ns))
        .filter((ns) => !policiesIn(ctx, ns).some((np) => isDefaultDeny(np, direction)))
        .map((ns): CheckHit => ({ object: nsObject(ctx, ns), message: `namespace "${ns}" has no default-deny ${direction.toLowerCase()} NetworkPolicy` }));
    },
  });
}

export const defaultDenyIngress = defaultDeny('Ingress', 'BW-K8S-0201', 'medium');
export const defaultDenyEgress = defaultDeny('Egress', 'BW-K8S-0202', 'low');

export const unselectedPods = defineCheck({
  id: 'BW-K8S-0203', title: 'Workload selected by no NetworkPolicy', severity: 'medium', group: 'network',
  description: 'Pods that no NetworkPolicy selects accept traffic from anywhere in the cluster.',
  remediation: 'Add a NetworkPolicy whose podSelector matches the pod labels (or a namespace default-deny).',
  requires: ['NetworkPolicy'],
  equivalents: { trivy: null, checkov: [] },
  set(ctx) {
    const hits: CheckHit[] = [];
    for (const o of ctx.objects) {
      const tpl = podTemplateOf(o);
      if (!tpl || isOwnedByScanned(ctx, o)) continue;
      const ns = namespaceOf(o) ?? 'default';
      if (SYSTEM_NAMESPACES.has(ns)) continue;
      const selected = policiesIn(ctx, ns).some((np) => matchesSelector(asJson(np.raw.spec).podSelector ?? {}, tpl.metadata.labels));
      if (!selected) {
        hits.push({ object: o, message: `pods of ${o.kind} "${o.metadata.name}" (labels ${JSON.stringify(tpl.metadata.labels)}) are selected by no NetworkPolicy in "${ns}"`, field: `${tpl.metadataPath}.labels` });
      }
    }
    return hits;
  },
});

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export const openIngress = defineCheck({
  id: 'BW-K8S-0204', title: 'NetworkPolicy allows ingress from anywhere', severity: 'high', group: 'network',
  description: 'An ipBlock of 0.0.0.0/0 (or ::/0) admits traffic from the whole internet where the pod is reachable.',
  remediation: 'Restrict ipBlock.cidr to known ranges or use namespace/pod selectors.',
  equivalents: { trivy: null, checkov: [] },
  object(obj) {
    if (obj.kind !== 'NetworkPolicy') return [];
    const hits: CheckHit[] = [];
    asArray(asJson(obj.raw.spec).ingress).forEach((rule, i) => {
      asArray(asJson(rule).from).forEach((peer, j) => {
        const cidr = asString(asJson(asJson(peer).ipBlock).cidr);
        if (cidr && ANYWHERE.has(cidr)) {
          hits.push({ object: obj, message: `ingress rule ${i} admits ${cidr}`, field: `spec.ingress[${i}].from[${j}].ipBlock.cidr` });
        }
      });
    });
    return hits;
  },
});

export const exposedService = defineCheck({
  id: 'BW-K8S-0205', title: 'Service exposed outside the cluster', severity: 'medium', group: 'network',
  description: 'LoadBalancer and NodePort Services and externalIPs make pods reachable from outside the cluster.',
  remediation: 'Use ClusterIP behind an Ingress with TLS and authentication, or restrict loadBalancerSourceRanges.',
  // Only externalIPs has a Trivy twin (AVD-KSV-0108, trivy-checks checks/kubernetes/aquacommercial/service_with_externalip.rego).
  equivalents: { trivy: null, checkov: [], note: 'a finding on externalIPs is `AVD-KSV-0108`.' },
  object(obj) {
    if (obj.kind !== 'Service') return [];
    const spec = asJson(obj.raw.spec);
    const hits: CheckHit[] = [];
    const type = asString(spec.type);
    if (type === 'LoadBalancer') {
      const ranges = asArray(spec.loadBalancerSourceRanges);
      hits.push({ object: obj, severity: ranges.length ? 'low' : 'medium', message: `Service type LoadBalancer${ranges.length ? ` limited to ${ranges.join(', ')}` : ' open to any source'}`, field: 'spec.type' });
    }
    if (type === 'NodePort') hits.push({ object: obj, message: 'Service type NodePort opens a port on every node', field: 'spec.type' });
    if (asArray(spec.externalIPs).length) hits.push({ object: obj, severity: 'high', message: `Service sets externalIPs ${asArray(spec.externalIPs).join(', ')} (CVE-2020-8554 traffic interception)`, field: 'spec.externalIPs', equivalents: { trivy: 'AVD-KSV-0108', checkov: [] } });
    return hits;
  },
});

export const ingressTls = defineCheck({
  id: 'BW-K8S-0206', title: 'Ingress without TLS', severity: 'medium', group: 'network',
  description: 'Hosts served without TLS send credentials and session cookies in clear text.',
  remediation: 'Add spec.tls entries covering every host (cert-manager can issue the certificates).',
  equivalents: { trivy: null, checkov: [] },
  object(obj) {
    if (obj.kind !== 'Ingress') return [];
    const spec = asJson(obj.raw.spec);
    const tlsHosts = new Set(asArray(spec.tls).flatMap((t) => asArray(asJson(t).hosts).map(String)));
    const hosts = asArray(spec.rules).map((r) => asString(asJson(r).host) ?? '*');
    if (asArray(spec.tls).length === 0) return [{ object: obj, message: `Ingress serves ${hosts.length ? hosts.join(', ') : 'all hosts'} without TLS`, field: 'spec.tls' }];
    const uncovered = hosts.filter((h) => h !== '*' && !tlsHosts.has(h));
    return uncovered.length ? [{ object: obj, message: `hosts ${uncovered.join(', ')} are not covered by spec.tls`, field: 'spec.rules' }] : [];
  },
});

export const NETWORK_CHECKS = [defaultDenyIngress, defaultDenyEgress, unselectedPods, openIngress, exposedService, ingressTls];
