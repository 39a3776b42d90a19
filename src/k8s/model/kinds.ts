/** Kinds Bulwark knows; objects of other kinds are read but no built-in check looks at them (reported as a warning). */
import type { K8sObject } from './object.js';

const KNOWN = new Set([
  'Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController',
  'Namespace', 'Node', 'Service', 'Endpoints', 'EndpointSlice', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceAccount',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'PersistentVolume',
  'PersistentVolumeClaim', 'StorageClass', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'LimitRange', 'ResourceQuota',
  'PriorityClass', 'RuntimeClass', 'CustomResourceDefinition', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'Lease', 'CSIDriver',
  'EncryptionConfiguration', 'KubeletConfiguration', 'Event',
]);

/** `2 objects of kind Widget (example.com/v1) …` lines, one per unknown kind. */
export function unknownKindWarnings(objects: K8sObject[]): string[] {
  const counts = new Map<string, number>();
  for (const o of objects) {
    if (KNOWN.has(o.kind)) continue;
    const key = `${o.kind} (${o.apiVersion})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} object${n === 1 ? '' : 's'} of kind ${k} not checked: no built-in check covers this kind (custom --policy rules still apply)`);
}
