/**
 * An Azure subscription as the ARM SDKs return it: `managedClusters.list()` (ManagedCluster, api-version
 * 2025-xx) and `registries.list()` (Registry), written from the REST references with `properties` flattened
 * onto the resource as the JS SDK models are. `prod`/`prodacr` fail the checks; `secure`/`secureacr` pass.
 */
import type { SnapshotCall } from './snapshot-writer.js';

export const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/platform/providers`;

const pool = (secure: boolean) => ({
  name: secure ? 'system' : 'nodepool1', count: 3, vmSize: 'Standard_D4s_v5', osDiskSizeGB: 128, osType: 'Linux', osSKU: secure ? 'AzureLinux' : 'Ubuntu',
  mode: 'System', type: 'VirtualMachineScaleSets', orchestratorVersion: secure ? '1.31.2' : '1.27.9', enableAutoScaling: false,
  enableNodePublicIP: !secure, enableEncryptionAtHost: secure, osDiskType: secure ? 'Ephemeral' : 'Managed', ...(secure ? { nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'] } : {}), enableFips: false, maxPods: 110, provisioningState: 'Succeeded',
});

const prod = {
  id: `${rg}/Microsoft.ContainerService/managedClusters/prod`, name: 'prod', type: 'Microsoft.ContainerService/ManagedClusters', location: 'westeurope',
  identity: { type: 'SystemAssigned', principalId: 'aaaaaaaa-0000-0000-0000-000000000001', tenantId: 'bbbbbbbb-0000-0000-0000-000000000000' },
  sku: { name: 'Base', tier: 'Free' }, provisioningState: 'Succeeded', powerState: { code: 'Running' },
  kubernetesVersion: '1.27.9', currentKubernetesVersion: '1.27.9', dnsPrefix: 'prod', fqdn: 'prod-abc123.hcp.westeurope.azmk8s.io',
  agentPoolProfiles: [pool(false)],
  servicePrincipalProfile: { clientId: 'msi' },
  addonProfiles: { kubeDashboard: { enabled: true }, httpApplicationRouting: { enabled: true } },
  nodeResourceGroup: 'MC_platform_prod_westeurope', enableRbac: false,
  networkProfile: { networkPlugin: 'kubenet', loadBalancerSku: 'standard', outboundType: 'loadBalancer', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' },
  apiServerAccessProfile: { enablePrivateCluster: false },
  disableLocalAccounts: false, securityProfile: {}, oidcIssuerProfile: { enabled: false },
  autoUpgradeProfile: { upgradeChannel: 'none', nodeOSUpgradeChannel: 'None' },
  publicNetworkAccess: 'Enabled',
};

const secure = {
  id: `${rg}/Microsoft.ContainerService/managedClusters/secure`, name: 'secure', type: 'Microsoft.ContainerService/ManagedClusters', location: 'westeurope',
  identity: { type: 'UserAssigned', userAssignedIdentities: { [`${rg}/Microsoft.ManagedIdentity/userAssignedIdentities/aks`]: { principalId: 'aaaaaaaa-0000-0000-0000-000000000002', clientId: 'cccccccc-0000-0000-0000-000000000002' } } },
  sku: { name: 'Base', tier: 'Standard' }, provisioningState: 'Succeeded', powerState: { code: 'Running' },
  kubernetesVersion: '1.31.2', currentKubernetesVersion: '1.31.2', dnsPrefix: 'secure', privateFqdn: 'secure-def456.privatelink.westeurope.azmk8s.io',
  agentPoolProfiles: [pool(true)],
  servicePrincipalProfile: { clientId: 'msi' },
  addonProfiles: { azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true' } }, azurepolicy: { enabled: true }, omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/aks` } } },
  nodeResourceGroup: 'MC_platform_secure_westeurope', enableRbac: true,
  aadProfile: { managed: true, enableAzureRBAC: true, tenantID: 'bbbbbbbb-0000-0000-0000-000000000000', adminGroupObjectIDs: ['dddddddd-0000-0000-0000-000000000000'] },
  networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: 'cilium', networkDataplane: 'cilium', loadBalancerSku: 'standard', outboundType: 'userDefinedRouting' },
  apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', disableRunCommand: true },
  disableLocalAccounts: true, diskEncryptionSetID: `${rg}/Microsoft.Compute/diskEncryptionSets/aks`,
  securityProfile: {
    defender: { logAnalyticsWorkspaceResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/aks`, securityMonitoring: { enabled: true } },
    azureKeyVaultKms: { enabled: true, keyId: 'https://aks-kms.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef', keyVaultNetworkAccess: 'Private' },
    workloadIdentity: { enabled: true }, imageCleaner: { enabled: true, intervalHours: 48 },
  },
  oidcIssuerProfile: { enabled: true, issuerURL: 'https://westeurope.oic.prod-aks.azure.com/bbbbbbbb/eeeeeeee/' },
  autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'NodeImage' },
  publicNetworkAccess: 'Disabled',
};

const registry = (name: string, secure: boolean) => ({
  id: `${rg}/Microsoft.ContainerRegistry/registries/${name}`, name, type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope',
  sku: { name: secure ? 'Premium' : 'Basic', tier: secure ? 'Premium' : 'Basic' }, loginServer: `${name}.azurecr.io`, creationDate: '2024-01-10T12:00:00.000Z',
  provisioningState: 'Succeeded', adminUserEnabled: !secure, dataEndpointEnabled: secure, publicNetworkAccess: secure ? 'Disabled' : 'Enabled',
  networkRuleBypassOptions: 'AzureServices', zoneRedundancy: secure ? 'Enabled' : 'Disabled', anonymousPullEnabled: !secure,
  ...(secure ? { networkRuleSet: { defaultAction: 'Deny', ipRules: [] } } : {}),
  policies: {
    quarantinePolicy: { status: secure ? 'enabled' : 'disabled' },
    trustPolicy: { type: 'Notary', status: secure ? 'enabled' : 'disabled' },
    retentionPolicy: { days: 7, status: secure ? 'enabled' : 'disabled' },
    exportPolicy: { status: secure ? 'disabled' : 'enabled' },
    azureADAuthenticationAsArmPolicy: { status: 'enabled' },
  },
  encryption: secure
    ? { status: 'enabled', keyVaultProperties: { keyIdentifier: 'https://acr-keys.vault.azure.net/keys/acr/0123456789abcdef', identity: 'cccccccc-0000-0000-0000-000000000003' } }
    : { status: 'disabled' },
});

export const DOCUMENTED_AZURE: SnapshotCall[] = [
  { service: 'containerservice', operation: 'ManagedClusters_List', input: { subscriptionId: SUBSCRIPTION }, output: { value: [prod, secure] } },
  { service: 'containerregistry', operation: 'Registries_List', input: { subscriptionId: SUBSCRIPTION }, output: { value: [registry('prodacr', false), registry('secureacr', true)] } },
];
