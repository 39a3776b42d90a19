/**
 * AKS settings beyond the one-file checks: Azure RBAC for Kubernetes authorization, run command on private clusters,
 * node OS patching, the Key Vault secrets provider and its rotation, system-pool isolation, ephemeral OS disks, and
 * what the kubelet identity may do (push to ACR, own the subscription) through `azurerm_role_assignment`.
 */
import { aksCheck, aks, aksPools } from '../../shared/cloud-factories.js';
import { defineCheck, failure } from '../../define.js';
import { isFalse, isOneOf, isTrue } from '../../../model/value.js';
import { sameAddress } from '../../../adapters/cloud/refs.js';
import { label } from '../../shared/cloud.js';
import type { State } from '../../../model/state.js';
import type { IacCheck } from '../../define.js';
import type { Severity } from '../../../../core/index.js';

const aad = (extra: string) => `  azure_active_directory_role_based_access_control {\n    admin_group_object_ids = ["00000000-0000-0000-0000-000000000001"]\n${extra}  }\n`;

export const aksAzureRbac = aksCheck({
  id: 'BW-IAC-3119', severity: 'low', title: 'AKS does not use Azure RBAC for Kubernetes authorization',
  trivy: null, checkov: [],
  rationale: 'With Entra ID authentication but Kubernetes RBAC only, access is granted in ClusterRoleBindings inside each cluster, invisible to Azure\'s access reviews, Privileged Identity Management and Conditional Access; Azure RBAC keeps cluster permissions with the rest of the subscription\'s.',
  remediation: 'Set `azure_rbac_enabled = true` in `azure_active_directory_role_based_access_control` and grant the AKS RBAC roles at cluster or namespace scope.',
  references: ['https://learn.microsoft.com/azure/aks/manage-azure-rbac'],
  fails: (c) => (isFalse(c.azureRbacEnabled) && isTrue(c.azureAdManaged) ? { loc: c.azureRbacEnabled.loc, message: 'authorizes with Kubernetes RBAC only (azure_rbac_enabled = false)' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks(aad('')) }],
    pass: [{ 'main.tf': aks(aad('    azure_rbac_enabled = true\n')) }],
    unknown: [{ 'main.tf': 'variable "rbac" {}\n' + aks(aad('    azure_rbac_enabled = var.rbac\n')) }],
  },
});

export const aksRunCommand = aksCheck({
  id: 'BW-IAC-3120', severity: 'medium', title: 'AKS private cluster allows run command',
  trivy: null, checkov: [],
  rationale: '`az aks command invoke` runs kubectl inside a private cluster through the Azure Resource Manager API: anyone with the right Azure role reaches the API server without going through the private network that was meant to isolate it.',
  remediation: 'Set `run_command_enabled = false` on private clusters; reach the API server through the VNet (bastion, VPN, self-hosted runners).',
  references: ['https://learn.microsoft.com/azure/aks/access-private-cluster#disable-run-command'],
  fails: (c) => (isTrue(c.privateCluster) && isTrue(c.runCommandEnabled) ? { loc: c.runCommandEnabled.loc, message: 'is private but allows run command through the ARM API' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  private_cluster_enabled = true\n') }],
    pass: [{ 'main.tf': aks('  private_cluster_enabled = true\n  run_command_enabled     = false\n') }, { 'main.tf': aks('') }],
    unknown: [{ 'main.tf': 'variable "rc" {}\n' + aks('  private_cluster_enabled = true\n  run_command_enabled     = var.rc\n') }],
  },
});

export const aksNodeOsUpgrade = aksCheck({
  id: 'BW-IAC-3121', severity: 'medium', title: 'AKS node OS security patches are not applied',
  trivy: null, checkov: [],
  rationale: 'With the node OS upgrade channel `None` (or `Unmanaged` without your own patching), nodes keep the kernel and packages of their image until someone upgrades the pool by hand.',
  remediation: 'Set `node_os_upgrade_channel = "NodeImage"` (azurerm v3: `node_os_channel_upgrade`) or `"SecurityPatch"`, with a maintenance window.',
  references: ['https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image'],
  fails: (c) => (isOneOf(c.nodeOsUpgradeChannel, 'None', 'Unmanaged') ? { loc: c.nodeOsUpgradeChannel.loc, message: `does not patch node OS images (channel ${c.nodeOsUpgradeChannel.known ? c.nodeOsUpgradeChannel.value : ''})` } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  node_os_upgrade_channel = "None"\n') }, { 'main.tf': aks('  node_os_channel_upgrade = "Unmanaged"\n') }],
    pass: [{ 'main.tf': aks('  node_os_upgrade_channel = "SecurityPatch"\n') }, { 'main.tf': aks('') }],
    unknown: [{ 'main.tf': 'variable "ch" {}\n' + aks('  node_os_upgrade_channel = var.ch\n') }],
  },
});

export const aksSecretsProvider = aksCheck({
  id: 'BW-IAC-3122', severity: 'low', title: 'AKS does not use the Key Vault secrets provider',
  trivy: null, checkov: [],
  rationale: 'Without the Secrets Store CSI driver, application secrets live as Kubernetes Secrets (base64 in etcd, readable by anyone who can list Secrets in the namespace) instead of in Key Vault with its access policies and audit log.',
  remediation: 'Add `key_vault_secrets_provider { secret_rotation_enabled = true }` and mount secrets with a SecretProviderClass.',
  references: ['https://learn.microsoft.com/azure/aks/csi-secrets-store-driver'],
  fails: (c) => (isFalse(c.secretsProviderEnabled) ? { loc: c.secretsProviderEnabled.loc, message: 'does not enable the Key Vault secrets provider' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('  key_vault_secrets_provider {\n    secret_rotation_enabled = true\n  }\n') }],
  },
});

export const aksSecretRotation = aksCheck({
  id: 'BW-IAC-3123', severity: 'low', title: 'AKS Key Vault secrets provider does not rotate secrets',
  trivy: null, checkov: ['CKV_AZURE_172'],
  rationale: 'Without rotation the CSI driver keeps the value it mounted at pod start: a secret revoked or rotated in Key Vault after a leak stays valid in every running pod until it restarts.',
  remediation: 'Set `key_vault_secrets_provider { secret_rotation_enabled = true }` (and `secret_rotation_interval`).',
  references: ['https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options#enable-and-disable-auto-rotation'],
  fails: (c) => (isTrue(c.secretsProviderEnabled) && isFalse(c.secretRotationEnabled) ? { loc: c.secretRotationEnabled.loc, message: 'mounts Key Vault secrets without rotation' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('  key_vault_secrets_provider {\n    secret_rotation_interval = "2m"\n  }\n') }],
    pass: [{ 'main.tf': aks('  key_vault_secrets_provider {\n    secret_rotation_enabled = true\n  }\n') }],
    unknown: [{ 'main.tf': 'variable "rot" {}\n' + aks('  key_vault_secrets_provider {\n    secret_rotation_enabled = var.rot\n  }\n') }],
  },
});

export const aksSystemPoolIsolation = aksCheck({
  id: 'BW-IAC-3124', severity: 'low', title: 'AKS system node pool also runs application pods',
  trivy: null, checkov: ['CKV_AZURE_232'],
  rationale: 'Without the CriticalAddonsOnly taint, application pods share the system pool with CoreDNS, metrics-server and the CSI and network agents: one compromised or runaway application pod sits next to the pods every other workload depends on.',
  remediation: 'Set `only_critical_addons_enabled = true` on `default_node_pool` and run applications in user node pools.',
  references: ['https://learn.microsoft.com/azure/aks/use-system-pools'],
  fails: (c) => (isFalse(c.defaultPool.onlyCriticalAddons) ? { loc: c.defaultPool.onlyCriticalAddons!.loc, message: 'lets application pods run on the system node pool' } : undefined),
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('', '    only_critical_addons_enabled = true\n') }],
    unknown: [{ 'main.tf': 'variable "crit" {}\n' + aks('', '    only_critical_addons_enabled = var.crit\n') }],
  },
});

export const aksEphemeralOsDisk = aksCheck({
  id: 'BW-IAC-3125', severity: 'low', title: 'AKS nodes use managed (persistent) OS disks',
  trivy: null, checkov: ['CKV_AZURE_226'],
  rationale: 'A managed OS disk outlives the node: what an attacker wrote to it (a backdoored binary, stolen kubelet credentials) survives a reimage of the VM and can be snapshotted; ephemeral OS disks are recreated from the image every time.',
  remediation: 'Set `os_disk_type = "Ephemeral"` on the node pools (the VM size must have a large enough cache or temp disk).',
  references: ['https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk'],
  fails: (c, s) => {
    const p = aksPools(s, c).find((x) => isOneOf(x.osDiskType, 'Managed'));
    return p ? { loc: p.osDiskType.loc, message: `has a node pool (${p.meta.address}) with a managed OS disk` } : undefined;
  },
  examples: {
    fail: [{ 'main.tf': aks('') }],
    pass: [{ 'main.tf': aks('', '    os_disk_type = "Ephemeral"\n') }],
    unknown: [{ 'main.tf': 'variable "disk" {}\n' + aks('', '    os_disk_type = var.disk\n') }],
  },
});

/** Role assignments whose principal is a cluster's kubelet identity, with that cluster's label. */
function kubeletGrants(s: State, roles: readonly string[]) {
  return s.azure.roleAssignments.flatMap((ra) => {
    if (!ra.kubeletOf || !ra.role.known || !ra.role.value) return [];
    const role = ra.role.value;
    if (!roles.some((r) => r.toLowerCase() === role.toLowerCase())) return [];
    const cluster = s.azure.aks.clusters.find((c) => sameAddress(c.meta.address, ra.kubeletOf));
    return [{ ra, role, cluster: cluster ? label(cluster.meta, cluster.name) : ra.kubeletOf }];
  });
}

function kubeletCheck(o: { id: string; severity: Severity; title: string; rationale: string; remediation: string; trivy: string | null; checkov: string[]; roles: string[]; what: string; references: string[]; role: string; passRole: string }): IacCheck {
  const tf = (role: string) => aks('') + `
resource "azurerm_role_assignment" "kubelet" {
  scope                = azurerm_container_registry.main.id
  role_definition_name = "${role}"
  principal_id         = azurerm_kubernetes_cluster.main.kubelet_identity[0].object_id
}
`;
  return defineCheck({
    id: o.id, provider: 'azure', service: 'aks', severity: o.severity, title: o.title, rationale: o.rationale, remediation: o.remediation, references: o.references,
    trivy: o.trivy, checkov: o.checkov,
    evaluate: (s) => kubeletGrants(s, o.roles).map(({ ra, role, cluster }) => failure(ra.meta, `the kubelet identity of cluster ${cluster} ${o.what} (${role} via ${ra.meta.address})`, ra.role.loc)),
    examples: {
      fail: [{ 'main.tf': tf(o.role) }],
      pass: [{ 'main.tf': tf(o.passRole) }],
      unknown: [{ 'main.tf': 'variable "role" {}\n' + tf('PLACEHOLDER').replace('"PLACEHOLDER"', 'var.role') }],
    },
  });
}

export const aksKubeletAcrPush = kubeletCheck({
  id: 'BW-IAC-3126', severity: 'high', title: 'AKS kubelet identity can push container images',
  trivy: null, checkov: [],
  rationale: 'Every pod on an AKS node can obtain the kubelet identity\'s token from IMDS. With AcrPush (or Contributor/Owner on the registry), one compromised pod overwrites images that every cluster pulling from the registry runs next: a foothold becomes a supply-chain compromise. Nodes need AcrPull only.',
  remediation: 'Assign `AcrPull` to the kubelet identity (what `az aks update --attach-acr` does); push from CI identities.',
  roles: ['AcrPush', 'AcrDelete', 'Contributor', 'Owner'], what: 'can push or delete images', role: 'AcrPush', passRole: 'AcrPull',
  references: ['https://learn.microsoft.com/azure/container-registry/container-registry-roles', 'https://learn.microsoft.com/azure/aks/cluster-container-registry-integration'],
});

export const aksKubeletPrivileged = kubeletCheck({
  id: 'BW-IAC-3127', severity: 'critical', title: 'AKS kubelet identity holds an owner or administrator role',
  trivy: null, checkov: [],
  rationale: 'Owner, Contributor, User Access Administrator or an AKS cluster-admin role on the kubelet identity — which every pod can use through IMDS — lets one compromised pod take over the cluster and whatever scope the assignment covers.',
  remediation: 'Give the kubelet identity AcrPull on its registries and nothing else; workloads that need Azure access use Workload Identity with their own narrow roles.',
  roles: ['Owner', 'Contributor', 'User Access Administrator', 'Role Based Access Control Administrator', 'Azure Kubernetes Service Cluster Admin Role', 'Azure Kubernetes Service RBAC Cluster Admin', 'Azure Kubernetes Service Contributor Role'],
  what: 'holds an owner or administrator role', role: 'Contributor', passRole: 'AcrPull',
  references: ['https://learn.microsoft.com/azure/aks/use-managed-identity#summary-of-managed-identities', 'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles'],
});
