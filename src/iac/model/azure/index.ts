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
  /** Kubernetes authorization through Azure RBAC (`azure_rbac_enabled`). */
  azureRbacEnabled: Val<boolean>;
  /** `az aks command invoke` (`run_command_enabled`). */
  runCommandEnabled: Val<boolean>;
  /** NodeImage | SecurityPatch | Unmanaged | None. */
  nodeOsUpgradeChannel: Val<string | undefined>;
  /** Key Vault Secrets Store CSI driver add-on, and whether it rotates secrets. */
  secretsProviderEnabled: Val<boolean>;
  secretRotationEnabled: Val<boolean>;
  /** The default node pool (`default_node_pool`, the first live agent pool). */
  defaultPool: AksNodePool;
}

export interface AksNodePool {
  meta: ResourceMeta;
  clusterRef?: string;
  nodePublicIp: Val<boolean>;
  hostEncryption: Val<boolean>;
  /** The pool is tainted CriticalAddonsOnly (system pods only). Only read on the default pool. */
  onlyCriticalAddons?: Val<boolean>;
  /** Managed | Ephemeral. */
  osDiskType: Val<string | undefined>;
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
  /** Dedicated data endpoints (Premium). */
  dataEndpointEnabled: Val<boolean>;
  /** Artifacts can be exported (`export_policy_enabled`). */
  exportPolicyEnabled: Val<boolean>;
  /** `network_rule_set.ip_rule[].ip_range`. */
  ipRules: Val<string[]>;
}

/** An Azure role assignment (`azurerm_role_assignment`), as far as the identity checks need it. */
interface RoleAssignment {
  meta: ResourceMeta;
  role: Val<string | undefined>;
  scope: Val<string | undefined>;
  /** The AKS cluster whose kubelet identity is the principal (`principal_id = azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id`). */
  kubeletOf?: string;
}

export interface AzureState {
  aks: { clusters: AksCluster[]; nodePools: AksNodePool[] };
  acr: { registries: ContainerRegistry[] };
  roleAssignments: RoleAssignment[];
}

export function emptyAzure(): AzureState {
  return { aks: { clusters: [], nodePools: [] }, acr: { registries: [] }, roleAssignments: [] };
}
