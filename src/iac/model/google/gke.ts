/** GKE clusters and node pools (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

interface GkeNodeConfig {
  imageType: Val<string | undefined>;
  serviceAccount: Val<string | undefined>;
  oauthScopes: Val<string[]>;
  /** GKE_METADATA (workload identity) | GCE_METADATA | MODE_UNSPECIFIED. */
  workloadMetadataMode: Val<string | undefined>;
  secureBoot: Val<boolean>;
  integrityMonitoring: Val<boolean>;
  legacyMetadataEndpointsDisabled: Val<boolean>;
}

interface GkeCluster {
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
  /** The default node pool's config (`node_config` on the cluster). */
  nodeConfig?: GkeNodeConfig;
}

interface GkeNodePool {
  meta: ResourceMeta;
  autoUpgrade: Val<boolean>;
  autoRepair: Val<boolean>;
  nodeConfig: GkeNodeConfig;
}

export interface GkeState {
  clusters: GkeCluster[];
  nodePools: GkeNodePool[];
}
