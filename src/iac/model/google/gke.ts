/** GKE clusters and node pools (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface GkeNodeConfig {
  imageType: Val<string | undefined>;
  serviceAccount: Val<string | undefined>;
  oauthScopes: Val<string[]>;
  /** GKE_METADATA (workload identity) | GCE_METADATA | MODE_UNSPECIFIED. */
  workloadMetadataMode: Val<string | undefined>;
  secureBoot: Val<boolean>;
  integrityMonitoring: Val<boolean>;
  legacyMetadataEndpointsDisabled: Val<boolean>;
  /** Customer-managed key for the boot disks (`boot_disk_kms_key`). */
  bootDiskKmsKey: Val<string | undefined>;
  /** The kubelet's unauthenticated read-only port 10255 (`kubelet_config.insecure_kubelet_readonly_port_enabled`); undefined: the version default. */
  kubeletReadonlyPort: Val<boolean | undefined>;
}

export interface GkeCluster {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  privateNodes: Val<boolean>;
  privateEndpoint: Val<boolean>;
  masterAuthorizedNetworks: Val<string[]>;
  masterAuthorizedNetworksEnabled: Val<boolean>;
  networkPolicyEnabled: Val<boolean>;
  dataplaneV2: Val<boolean>;
  legacyAbac: Val<boolean>;
  workloadIdentityPool: Val<string | undefined>;
  secretsEncryptionKey: Val<string | undefined>;
  shieldedNodes: Val<boolean>;
  binaryAuthorization: Val<boolean>;
  loggingService: Val<string | undefined>;
  monitoringService: Val<string | undefined>;
  masterAuthBasic: Val<boolean>;
  clientCertificate: Val<boolean>;
  releaseChannel: Val<string | undefined>;
  /** Autopilot: Google manages nodes (node settings do not apply). */
  autopilot: Val<boolean>;
  ipAliases: Val<boolean>;
  intranodeVisibility: Val<boolean>;
  /** `authenticator_groups_config.security_group` (Google Groups for RBAC). */
  authenticatorGroupsSecurityGroup: Val<string | undefined>;
  /** Alpha cluster (`enable_kubernetes_alpha`). */
  kubernetesAlpha: Val<boolean>;
  /** `logging_config.enable_components` (SYSTEM_COMPONENTS, WORKLOADS, APISERVER…); empty when not written (the default collects both). */
  loggingComponents: Val<string[]>;
  /** Authorized networks also admit Google Cloud's public IP ranges (`gcp_public_cidrs_access_enabled`). */
  gcpPublicCidrsAccess: Val<boolean>;
  /** Node auto-provisioning is on (`cluster_autoscaling.enabled`), and the service account its nodes get. */
  autoProvisioning: Val<boolean>;
  autoProvisioningServiceAccount: Val<string | undefined>;
  /** The default node pool's config (`node_config` on the cluster), when the default pool is kept. */
  nodeConfig?: GkeNodeConfig;
}

export interface GkeNodePool {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  /** Address of the cluster resource it references, or the live cluster's address. */
  clusterRef?: string;
  autoUpgrade: Val<boolean>;
  autoRepair: Val<boolean>;
  nodeConfig: GkeNodeConfig;
}

export interface GkeState {
  clusters: GkeCluster[];
  nodePools: GkeNodePool[];
}
