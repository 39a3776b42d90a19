/** Cloud identities bound to service accounts (IRSA, GKE Workload Identity, Azure Workload Identity): exits to the cloud. */
import { namespaceOf, type K8sObject } from '../../k8s/index.js';
import type { GraphBuilder } from '../builder.js';
import { saId } from './pods.js';

const ANNOTATIONS: Array<[string, string]> = [
  ['eks.amazonaws.com/role-arn', 'AWS IAM role'],
  ['iam.gke.io/gcp-service-account', 'GCP service account'],
  ['azure.workload.identity/client-id', 'Azure managed identity'],
];

export function addCloudIdentities(b: GraphBuilder, objects: readonly K8sObject[]): void {
  for (const o of objects) {
    if (o.kind !== 'ServiceAccount') continue;
    const ns = namespaceOf(o) ?? 'default';
    for (const [key, what] of ANNOTATIONS) {
      const value = o.metadata.annotations[key];
      if (!value) continue;
      const sa = saId(ns, o.metadata.name);
      const id = `cloud:${value}`;
      b.node({ id: sa, kind: 'identity', name: `ServiceAccount ${ns}/${o.metadata.name}`, namespace: ns });
      b.node({ id, kind: 'cloud-identity', name: `${what} ${value}`, jewel: 'cloud-identity' });
      b.edge(sa, id, 'CLOUD_IDENTITY_ASSUME', `ServiceAccount ${ns}/${o.metadata.name} is annotated ${key}: ${value}`,
        { fix: { id: `cloud:${ns}/${o.metadata.name}`, title: `scope down ${what} ${value} bound to ${ns}/${o.metadata.name}` } });
    }
  }
}
