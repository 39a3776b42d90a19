/**
 * A GCP project as its APIs describe it: GKE `projects.locations.clusters.list` (google.container.v1 Cluster,
 * REST/JSON field names and enum names) and Artifact Registry `locations.list`, `repositories.list`,
 * `repositories.getIamPolicy` (google.devtools.artifactregistry.v1 Repository, google.iam.v1 Policy), written from
 * the API references. `prod` and `docker-public` fail the checks; `secure` and `docker-secure` pass them.
 */
import type { SnapshotCall } from './snapshot-writer.js';

export const PROJECT = 'acme-prod';
const LOC = 'us-central1';
const scopes = (...s: string[]) => s.map((x) => `https://www.googleapis.com/auth/${x}`);

const insecureNode = {
  machineType: 'e2-medium', diskSizeGb: 100, imageType: 'UBUNTU_CONTAINERD', serviceAccount: 'default',
  oauthScopes: scopes('cloud-platform'), metadata: { 'disable-legacy-endpoints': 'false' },
  shieldedInstanceConfig: { enableIntegrityMonitoring: true }, kubeletConfig: { insecureKubeletReadonlyPortEnabled: true },
};
const secureNode = {
  machineType: 'e2-standard-4', diskSizeGb: 100, imageType: 'COS_CONTAINERD', serviceAccount: `gke-nodes@${PROJECT}.iam.gserviceaccount.com`,
  oauthScopes: scopes('devstorage.read_only', 'logging.write', 'monitoring'), metadata: { 'disable-legacy-endpoints': 'true' },
  workloadMetadataConfig: { mode: 'GKE_METADATA' }, shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
  bootDiskKmsKey: `projects/${PROJECT}/locations/${LOC}/keyRings/gke/cryptoKeys/nodes`, kubeletConfig: { insecureKubeletReadonlyPortEnabled: false },
};

const prod = {
  name: 'prod', location: LOC, zone: LOC, status: 'RUNNING', currentMasterVersion: '1.27.16-gke.1008000', endpoint: '34.123.45.67',
  selfLink: `https://container.googleapis.com/v1/projects/${PROJECT}/locations/${LOC}/clusters/prod`,
  masterAuth: { clusterCaCertificate: 'LS0tLS1CRUdJTi0tLS0t', clientCertificateConfig: { issueClientCertificate: true }, clientCertificate: 'LS0tLS1CRUdJTi0tLS0t' },
  loggingService: 'none', monitoringService: 'none', legacyAbac: { enabled: true },
  enableKubernetesAlpha: true, autoscaling: { enableNodeAutoprovisioning: true },
  masterAuthorizedNetworksConfig: {}, addonsConfig: { kubernetesDashboard: { disabled: false }, networkPolicyConfig: { disabled: true } },
  ipAllocationPolicy: { useIpAliases: true }, databaseEncryption: { state: 'DECRYPTED' }, shieldedNodes: {},
  nodeConfig: insecureNode,
  nodePools: [{ name: 'default-pool', config: insecureNode, initialNodeCount: 3, management: { autoUpgrade: false, autoRepair: false }, status: 'RUNNING', version: '1.27.16-gke.1008000' }],
  networkConfig: { network: `projects/${PROJECT}/global/networks/default`, subnetwork: `projects/${PROJECT}/regions/${LOC}/subnetworks/default` },
  releaseChannel: {},
};

const secure = {
  name: 'secure', location: LOC, zone: LOC, status: 'RUNNING', currentMasterVersion: '1.31.1-gke.1678000', endpoint: '172.16.0.2',
  selfLink: `https://container.googleapis.com/v1/projects/${PROJECT}/locations/${LOC}/clusters/secure`,
  masterAuth: { clusterCaCertificate: 'LS0tLS1CRUdJTi0tLS0t', clientCertificateConfig: {} },
  loggingService: 'logging.googleapis.com/kubernetes', monitoringService: 'monitoring.googleapis.com/kubernetes', legacyAbac: {},
  privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: '172.16.0.0/28', privateEndpoint: '172.16.0.2' },
  masterAuthorizedNetworksConfig: { enabled: true, cidrBlocks: [{ displayName: 'office', cidrBlock: '203.0.113.0/24' }] },
  addonsConfig: { kubernetesDashboard: { disabled: true } },
  networkConfig: { network: `projects/${PROJECT}/global/networks/prod`, subnetwork: `projects/${PROJECT}/regions/${LOC}/subnetworks/gke`, datapathProvider: 'ADVANCED_DATAPATH', enableIntraNodeVisibility: true },
  ipAllocationPolicy: { useIpAliases: true }, workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
  databaseEncryption: { state: 'ENCRYPTED', keyName: `projects/${PROJECT}/locations/${LOC}/keyRings/gke/cryptoKeys/secrets` },
  shieldedNodes: { enabled: true }, binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
  authenticatorGroupsConfig: { enabled: true, securityGroup: 'gke-security-groups@acme.example' },
  releaseChannel: { channel: 'REGULAR' },
  nodeConfig: secureNode,
  nodePools: [{ name: 'pool-1', config: secureNode, initialNodeCount: 3, management: { autoUpgrade: true, autoRepair: true }, status: 'RUNNING', version: '1.31.1-gke.1678000' }],
};

const repo = (name: string, secure: boolean) => ({
  name: `projects/${PROJECT}/locations/${LOC}/repositories/${name}`, format: 'DOCKER', mode: 'STANDARD_REPOSITORY', description: '',
  createTime: '2024-01-10T12:00:00Z', updateTime: '2024-06-01T12:00:00Z', sizeBytes: '1048576',
  ...(secure
    ? {
      kmsKeyName: `projects/${PROJECT}/locations/${LOC}/keyRings/ar/cryptoKeys/images`, dockerConfig: { immutableTags: true },
      cleanupPolicies: { 'delete-untagged': { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '2592000s' } } },
      vulnerabilityScanningConfig: { enablementConfig: 'INHERITED', enablementState: 'SCANNING_ACTIVE', lastEnableTime: '2024-01-10T12:00:00Z' },
    }
    : { vulnerabilityScanningConfig: { enablementConfig: 'DISABLED', enablementState: 'SCANNING_DISABLED', enablementStateReason: 'Repository scanning is disabled' } }),
});

export const DOCUMENTED_GCP: SnapshotCall[] = [
  { service: 'container', operation: 'ListClusters', input: { parent: `projects/${PROJECT}/locations/-` }, output: { clusters: [prod, secure] } },
  { service: 'artifactregistry', operation: 'ListLocations', input: { name: `projects/${PROJECT}` }, output: { locations: [{ name: `projects/${PROJECT}/locations/${LOC}`, locationId: LOC, displayName: 'Iowa' }] } },
  { service: 'artifactregistry', operation: 'ListRepositories', input: { parent: `projects/${PROJECT}/locations/${LOC}` }, output: { repositories: [repo('docker-public', false), repo('docker-secure', true)] } },
  { service: 'artifactregistry', operation: 'GetIamPolicy', input: { resource: `projects/${PROJECT}/locations/${LOC}/repositories/docker-public` }, output: { version: 1, etag: 'BwYF5ZtQ0mY=', bindings: [{ role: 'roles/artifactregistry.reader', members: ['allUsers'] }] } },
  { service: 'artifactregistry', operation: 'GetIamPolicy', input: { resource: `projects/${PROJECT}/locations/${LOC}/repositories/docker-secure` }, output: { version: 1, etag: 'BwYF5ZtQ0mZ=', bindings: [{ role: 'roles/artifactregistry.reader', members: [`serviceAccount:gke-nodes@${PROJECT}.iam.gserviceaccount.com`] }] } },
];
