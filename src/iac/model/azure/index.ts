/** The Azure part of the state: AKS and ACR (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface AksCluster {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  privateCluster: Val<boolean>;
  apiServerAuthorizedIpRanges: Val<string[]>;
  rbacEnabled: Val<boolean>;
  azureAdManaged: Val<boolean>;
  localAccountDisabled: Val<boolean>;
  networkPolicy: Val<string | undefined>;
  azurePolicyEnabled: Val<boolean>;
  workloadIdentityEnabled: Val<boolean>;
  oidcIssuerEnabled: Val<boolean>;
  omsAgentEnabled: Val<boolean>;
  diskEncryptionSetId: Val<string | undefined>;
  automaticUpgradeChannel: Val<string | undefined>;
  kmsKeyVaultKeyId: Val<string | undefined>;
  kubeDashboard: Val<boolean>;
  httpApplicationRouting: Val<boolean>;
  defenderEnabled: Val<boolean>;
  imageCleanerEnabled: Val<boolean>;
  /** The default node pool (`default_node_pool`, the first live agent pool). */
  defaultPool: AksNodePool;
}

export interface AksNodePool {
  meta: ResourceMeta;
  clusterRef?: string;
  nodePublicIp: Val<boolean>;
  hostEncryption: Val<boolean>;
}

export interface ContainerRegistry {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  adminEnabled: Val<boolean>;
  publicNetworkAccess: Val<boolean>;
  sku: Val<string | undefined>;
  /** Content trust (Notary v1); deprecated by Azure but still a benchmark item. */
  trustPolicyEnabled: Val<boolean>;
  quarantinePolicyEnabled: Val<boolean>;
  retentionPolicyDays: Val<number | undefined>;
  encryptionKey: Val<string | undefined>;
  anonymousPullEnabled: Val<boolean>;
}

export interface AzureState {
  aks: { clusters: AksCluster[]; nodePools: AksNodePool[] };
  acr: { registries: ContainerRegistry[] };
}

export function emptyAzure(): AzureState {
  return { aks: { clusters: [], nodePools: [] }, acr: { registries: [] } };
}
