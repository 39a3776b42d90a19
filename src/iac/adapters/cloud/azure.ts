/**
 * Terraform `azurerm_kubernetes_cluster`, `azurerm_kubernetes_cluster_node_pool`, `azurerm_container_registry` →
 * the AKS and ACR parts of the state. azurerm v3 and v4 spellings are both read (v4 renamed several attributes).
 */
import { at, bool, num, objects, str, strList } from '../../model/read.js';
import type { Node, RawResource } from '../../model/node.js';
import type { State } from '../../model/state.js';
import type { AksNodePool } from '../../model/azure/index.js';
import { known, type Val } from '../../model/value.js';
import { metaOf, setValue, type ResourceAdapter } from './aws.js';
import { refAt } from './refs.js';

/** The first of several spellings that is written; else the last one's default. */
function first<T>(b: Node, paths: string[], read: (b: Node, p: string) => Val<T>): Val<T> {
  for (const p of paths) if (at(b, p) !== undefined) return read(b, p);
  return read(b, paths[paths.length - 1]);
}

const flag = (b: Node, paths: string[], dflt: boolean) => first(b, paths, (x, p) => bool(x, p, dflt));
const present = (b: Node, path: string): Val<boolean> => {
  const n = at(b, path);
  return known(n !== undefined, n?.loc ?? b.loc, n !== undefined);
};

function pool(r: RawResource, b: Node, base: string): AksNodePool {
  return {
    meta: metaOf(r),
    nodePublicIp: flag(b, [`${base}enable_node_public_ip`, `${base}node_public_ip_enabled`], false),
    hostEncryption: flag(b, [`${base}enable_host_encryption`, `${base}host_encryption_enabled`], false),
    osDiskType: str(b, `${base}os_disk_type`, 'Managed'),
    ...(base ? { onlyCriticalAddons: bool(b, `${base}only_critical_addons_enabled`, false) } : {}),
  };
}

function aksCluster(r: RawResource, s: State): void {
  const b = r.body;
  const aad = at(b, 'azure_active_directory_role_based_access_control');
  s.azure.aks.clusters.push({
    meta: metaOf(r),
    name: str(b, 'name'),
    privateCluster: bool(b, 'private_cluster_enabled', false),
    apiServerAuthorizedIpRanges: first(b, ['api_server_authorized_ip_ranges', 'api_server_access_profile.authorized_ip_ranges'], strList),
    rbacEnabled: flag(b, ['role_based_access_control.enabled', 'role_based_access_control_enabled'], true),
    // v3: `managed = true`; v4: the block itself (always managed).
    azureAdManaged: aad ? bool(b, 'azure_active_directory_role_based_access_control.managed', true) : known(false, b.loc, false),
    localAccountDisabled: bool(b, 'local_account_disabled', false),
    networkPolicy: str(b, 'network_profile.network_policy'),
    azurePolicyEnabled: flag(b, ['addon_profile.azure_policy.enabled', 'azure_policy_enabled'], false),
    workloadIdentityEnabled: bool(b, 'workload_identity_enabled', false),
    oidcIssuerEnabled: bool(b, 'oidc_issuer_enabled', false),
    omsAgentEnabled: at(b, 'addon_profile.oms_agent') ? bool(b, 'addon_profile.oms_agent.enabled', false) : present(b, 'oms_agent'),
    diskEncryptionSetId: setValue(b, 'disk_encryption_set_id'),
    automaticUpgradeChannel: first(b, ['automatic_channel_upgrade', 'automatic_upgrade_channel'], (x, p) => str(x, p)),
    kmsKeyVaultKeyId: setValue(b, 'key_management_service.key_vault_key_id'),
    kubeDashboard: bool(b, 'addon_profile.kube_dashboard.enabled', false),
    httpApplicationRouting: flag(b, ['addon_profile.http_application_routing.enabled', 'http_application_routing_enabled'], false),
    defenderEnabled: present(b, 'microsoft_defender'),
    imageCleanerEnabled: bool(b, 'image_cleaner_enabled', false),
    azureRbacEnabled: aad ? bool(b, 'azure_active_directory_role_based_access_control.azure_rbac_enabled', false) : known(false, b.loc, false),
    runCommandEnabled: bool(b, 'run_command_enabled', true),
    nodeOsUpgradeChannel: first(b, ['node_os_channel_upgrade', 'node_os_upgrade_channel'], (x, p) => str(x, p, 'NodeImage')),
    secretsProviderEnabled: present(b, 'key_vault_secrets_provider'),
    secretRotationEnabled: bool(b, 'key_vault_secrets_provider.secret_rotation_enabled', false),
    defaultPool: pool(r, b, 'default_node_pool.'),
  });
}

function aksNodePool(r: RawResource, s: State): void {
  s.azure.aks.nodePools.push({ ...pool(r, r.body, ''), clusterRef: refAt(r.body, 'kubernetes_cluster_id', r.address) });
}

function acrRegistry(r: RawResource, s: State): void {
  const b = r.body;
  const retentionV3 = at(b, 'retention_policy');
  s.azure.acr.registries.push({
    meta: metaOf(r),
    name: str(b, 'name'),
    adminEnabled: bool(b, 'admin_enabled', false),
    publicNetworkAccess: ((): Val<boolean> => {
      const pub = bool(b, 'public_network_access_enabled', true);
      const deny = str(b, 'network_rule_set.default_action');
      return pub.known && pub.value && deny.known && deny.value === 'Deny' ? known(false, deny.loc) : pub;
    })(),
    sku: str(b, 'sku'),
    trustPolicyEnabled: flag(b, ['trust_policy.enabled', 'trust_policy_enabled'], false),
    quarantinePolicyEnabled: bool(b, 'quarantine_policy_enabled', false),
    retentionPolicyDays: retentionV3
      ? (bool(b, 'retention_policy.enabled', false).known && (bool(b, 'retention_policy.enabled', false) as { value: boolean }).value ? num(b, 'retention_policy.days', 7) : known(undefined, retentionV3.loc))
      : num(b, 'retention_policy_in_days'),
    encryptionKey: setValue(b, 'encryption.key_vault_key_id'),
    anonymousPullEnabled: bool(b, 'anonymous_pull_enabled', false),
    dataEndpointEnabled: bool(b, 'data_endpoint_enabled', false),
    exportPolicyEnabled: bool(b, 'export_policy_enabled', true),
    ipRules: ipRules(b),
  });
}

/** `network_rule_set { ip_rule { ip_range } }` ranges; an unknown range makes the list partial. */
function ipRules(b: Node): Val<string[]> {
  const rules = objects(b, 'network_rule_set').flatMap((n) => objects(n, 'ip_rule')).map((r) => str(r, 'ip_range'));
  const v = known(rules.flatMap((r) => (r.known && r.value ? [r.value] : [])), at(b, 'network_rule_set')?.loc ?? b.loc, rules.length > 0);
  if (rules.some((r) => !r.known)) v.partial = true;
  return v;
}

function roleAssignment(r: RawResource, s: State): void {
  const b = r.body;
  const principal = at(b, 'principal_id');
  // `azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id`: the assignment is to that cluster's kubelet identity.
  const kubelet = principal?.kind === 'unknown' && principal.ref && /\.kubelet_identity\b/.test(principal.ref) ? refAt(b, 'principal_id', r.address) : undefined;
  s.azure.roleAssignments.push({
    meta: metaOf(r), role: first(b, ['role_definition_name', 'role_definition_id'], (x, p) => str(x, p)), scope: str(b, 'scope'),
    ...(kubelet ? { kubeletOf: kubelet } : {}),
  });
}

export const AZURE_CLOUD_ADAPTERS: Record<string, ResourceAdapter> = {
  azurerm_kubernetes_cluster: aksCluster,
  azurerm_kubernetes_cluster_node_pool: aksNodePool,
  azurerm_container_registry: acrRegistry,
  azurerm_role_assignment: roleAssignment,
};
