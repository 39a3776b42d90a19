/**
 * A DigitalOcean team as @digitalocean/dots returns it: GET /v2/kubernetes/clusters (kubernetes_cluster) and
 * GET /v2/registries, written from the API reference, with the API's snake_case fields in the camelCase that
 * the SDK's models use. `prod` fails the checks; `secure` passes.
 */
import type { SnapshotCall } from './snapshot-writer.js';

const cluster = (name: string, secure: boolean) => ({
  id: secure ? 'bd5f5959-5e1e-4205-a714-a914373942af' : '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30', name, region: 'nyc1',
  version: secure ? '1.31.1-do.4' : '1.27.4-do.0', clusterSubnet: '10.244.0.0/16', serviceSubnet: '10.245.0.0/16',
  vpcUuid: 'c33931f2-a26a-4e61-b85c-4e95a2ec431b', ipv4: '68.183.121.157', endpoint: `https://${secure ? 'bd5f5959' : '9cc10173'}.k8s.ondigitalocean.com`, tags: [`k8s`, `k8s:${name}`],
  nodePools: [{ id: 'cdda885e-7663-40c8-bc74-3a036c66545d', name: 'worker-pool', size: 's-2vcpu-4gb', count: 3, tags: ['k8s-worker'], labels: null, taints: [], autoScale: secure, minNodes: secure ? 3 : 0, maxNodes: secure ? 6 : 0, nodes: [] }],
  maintenancePolicy: { startTime: '00:00', duration: '4h0m0s', day: 'any' },
  autoUpgrade: secure, status: { state: 'running' }, createdAt: '2024-01-10T12:00:00Z', updatedAt: '2024-06-01T12:00:00Z',
  surgeUpgrade: secure, registryEnabled: true, ha: secure,
  controlPlaneFirewall: secure ? { enabled: true, allowedAddresses: ['203.0.113.0/24'] } : { enabled: false, allowedAddresses: [] },
});

export const DOCUMENTED_DO: SnapshotCall[] = [
  { service: 'kubernetes', operation: 'ListClusters', input: { page: 1, perPage: 200 }, output: { kubernetesClusters: [cluster('prod', false), cluster('secure', true)], meta: { total: 2 }, links: {} } },
  { service: 'registry', operation: 'ListRegistries', input: {}, output: { registries: [{ name: 'acme', createdAt: '2024-01-10T12:00:00Z', region: 'nyc3', storageUsageBytes: 29393920, storageUsageBytesUpdatedAt: '2024-06-01T12:00:00Z' }], subscription: { tier: { slug: 'basic', name: 'Basic' } } } },
];
