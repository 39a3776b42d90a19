/**
 * The one list of IaC and cloud checks, in report order. Add a check: one file under `checks/<provider>/<service>/`
 * and one import + one entry here, in its provider/service section (docs/iac.md, "Adding a check").
 */
import type { IacCheck } from './define.js';
// compose:service
import { composePrivileged } from './compose/service/privileged.js';
import { composeRootUser } from './compose/service/root-user.js';
import { composeReadOnly } from './compose/service/read-only.js';
import { composePlaintextSecrets } from './compose/service/plaintext-secrets.js';
import { composeHostNetwork } from './compose/service/host-network.js';
import { composeHostPid } from './compose/service/host-pid.js';
import { composeHostIpc } from './compose/service/host-ipc.js';
import { composeHostUserns } from './compose/service/host-userns.js';
import { composeDockerSocket } from './compose/service/docker-socket.js';
import { composeSensitiveMount } from './compose/service/sensitive-mount.js';
import {
  composeDangerousCaps, composeCapDropAll, composeSeccompUnconfined, composeApparmorUnconfined, composeNoNewPrivileges, composeDevices,
  composePortsAllInterfaces, composeImageNotPinned,
} from './compose/service/hardening.js';
import {
  composeMemoryLimit, composePidsLimit, composeCgroupParent, composeHostCgroupns, composeRestartAlways, composeHostUts, composePrivilegedPort,
  composeSharedPropagation, composeSelinuxDisabled, composeHealthcheckDisabled, composeOomKillDisabled,
} from './compose/service/resources.js';

const COMPOSE: IacCheck[] = [
  composePrivileged, composeRootUser, composeReadOnly, composePlaintextSecrets, composeHostNetwork, composeHostPid, composeHostIpc,
  composeHostUserns, composeDockerSocket, composeSensitiveMount, composeDangerousCaps, composeCapDropAll, composeSeccompUnconfined,
  composeApparmorUnconfined, composeNoNewPrivileges, composeDevices, composePortsAllInterfaces, composeImageNotPinned,
  composeMemoryLimit, composePidsLimit, composeCgroupParent, composeHostCgroupns, composeRestartAlways, composeHostUts, composePrivilegedPort,
  composeSharedPropagation, composeSelinuxDisabled, composeHealthcheckDisabled, composeOomKillDisabled,
];

// aws:eks
import { eksPublicEndpoint } from './aws/eks/public-endpoint.js';
import { eksOpenCidr } from './aws/eks/open-cidr.js';
import { eksSecretsEncryption } from './aws/eks/secrets-encryption.js';
import { eksAuditLog } from './aws/eks/audit-log.js';
import { eksAuthenticatorLog } from './aws/eks/authenticator-log.js';
import { eksApiLog } from './aws/eks/api-log.js';
import { eksNodeSshOpen } from './aws/eks/ssh-open.js';
import { eksNodeImdsv2 } from './aws/eks/imdsv2.js';
import { eksNodeHopLimit } from './aws/eks/imds-hop-limit.js';
import { eksCreatorAdmin } from './aws/eks/creator-admin.js';
import { eksAwsAuthOnly } from './aws/eks/aws-auth-configmap.js';
import { eksNetworkPolicy } from './aws/eks/network-policy.js';
import { eksWorkloadIdentity } from './aws/eks/workload-identity.js';
import {
  eksControllerManagerLog, eksSchedulerLog, eksPrivateAccessOff, eksNodePublicIp, eksNodeDiskUnencrypted, eksAl2Ami, eksVpcCniNodeRole,
} from './aws/eks/logs-and-nodes.js';
// aws:ecr
import { ecrScanOnPush } from './aws/ecr/scan-on-push.js';
import { ecrTagImmutability } from './aws/ecr/tag-immutability.js';
import { ecrCustomerKey } from './aws/ecr/customer-key.js';
import { ecrPublicPull } from './aws/ecr/public-pull.js';
import { ecrPublicPush } from './aws/ecr/public-push.js';
import { ecrLifecycle } from './aws/ecr/lifecycle.js';
import { ecrEnhancedScanning, ecrNoContinuousScan } from './aws/ecr/registry-scanning.js';
// aws:iam (node roles)
import { nodeRoleRegistryPush } from './aws/iam/registry-push.js';
import { nodeRoleClusterAdmin } from './aws/iam/cluster-admin.js';
import { nodeRoleFullAdmin } from './aws/iam/full-admin.js';
import { nodeRoleIamWrite } from './aws/iam/iam-escalation.js';
import { nodeRoleSecretsRead } from './aws/iam/secrets-read.js';
import { nodeRoleAssumeAny } from './aws/iam/assume-any.js';
import {
  nodeRoleShareSnapshots, nodeRoleRunCommand, nodeRoleSecurityGroups, nodeRoleKmsDecrypt, nodeRoleS3All, nodeRoleImageDelete, nodeRoleAuditTamper,
  nodeRoleCniPolicy, nodeRoleServiceWildcard, nodeRoleRegistryReplication, nodeRoleLambdaCode, nodeRoleInstanceProfile, nodeRoleClusterLifecycle,
  nodeRoleDnsWrite,
} from './aws/iam/lateral-movement.js';
// google:gke
import { gkePrivateNodes } from './google/gke/private-nodes.js';
import { gkePublicEndpoint } from './google/gke/private-endpoint.js';
import { gkeAuthorizedNetworks } from './google/gke/authorized-networks.js';
import { gkeAuthorizedNetworksOpen } from './google/gke/authorized-networks-open.js';
import { gkeNetworkPolicy } from './google/gke/network-policy.js';
import { gkeLegacyAbac } from './google/gke/legacy-abac.js';
import { gkeWorkloadIdentity } from './google/gke/workload-identity.js';
import { gkeSecretsEncryption } from './google/gke/secrets-encryption.js';
import { gkeShieldedNodes } from './google/gke/shielded-nodes.js';
import { gkeBinaryAuthorization } from './google/gke/binary-authorization.js';
import { gkeLogging } from './google/gke/logging.js';
import { gkeMonitoring } from './google/gke/monitoring.js';
import { gkeBasicAuth } from './google/gke/basic-auth.js';
import { gkeClientCertificate } from './google/gke/client-certificate.js';
import { gkeReleaseChannel } from './google/gke/release-channel.js';
import { gkeIntranodeVisibility } from './google/gke/intranode-visibility.js';
import { gkeGoogleGroups } from './google/gke/google-groups.js';
import { gkeIpAliases } from './google/gke/ip-aliases.js';
import { gkeDefaultServiceAccount } from './google/gke/default-service-account.js';
import { gkeFullAccessScope } from './google/gke/full-access-scope.js';
import { gkeMetadataServer } from './google/gke/metadata-server.js';
import { gkeCosImage } from './google/gke/cos-image.js';
import { gkeSecureBoot } from './google/gke/secure-boot.js';
import { gkeIntegrityMonitoring } from './google/gke/integrity-monitoring.js';
import { gkeLegacyMetadata } from './google/gke/legacy-metadata.js';
import { gkeAutoUpgrade } from './google/gke/auto-upgrade.js';
import { gkeAutoRepair } from './google/gke/auto-repair.js';
import { gkeAlpha, gkeGcpPublicCidrs, gkeAutoProvisioningSa, gkeBootDiskCmek, gkeKubeletReadonlyPort, gkeWorkloadLogs } from './google/gke/cluster-extras.js';
// google:artifact-registry
import { arCustomerKey } from './google/artifact-registry/customer-key.js';
import { arImmutableTags } from './google/artifact-registry/immutable-tags.js';
import { arCleanupPolicy } from './google/artifact-registry/cleanup-policy.js';
import { arScanningDisabled } from './google/artifact-registry/scanning-disabled.js';
import { arPublic } from './google/artifact-registry/public.js';
// azure:aks
import { aksPrivateCluster } from './azure/aks/private-cluster.js';
import { aksAuthorizedIpRanges } from './azure/aks/authorized-ip-ranges.js';
import { aksRbac } from './azure/aks/rbac.js';
import { aksEntraId } from './azure/aks/entra-id.js';
import { aksLocalAccounts } from './azure/aks/local-accounts.js';
import { aksNetworkPolicy } from './azure/aks/network-policy.js';
import { aksAzurePolicy } from './azure/aks/azure-policy.js';
import { aksWorkloadIdentity } from './azure/aks/workload-identity.js';
import { aksMonitoring } from './azure/aks/monitoring.js';
import { aksDefender } from './azure/aks/defender.js';
import { aksKms } from './azure/aks/kms.js';
import { aksDiskEncryptionSet } from './azure/aks/disk-encryption-set.js';
import { aksUpgradeChannel } from './azure/aks/upgrade-channel.js';
import { aksDashboard } from './azure/aks/dashboard.js';
import { aksHttpApplicationRouting } from './azure/aks/http-application-routing.js';
import { aksNodePublicIp } from './azure/aks/node-public-ip.js';
import { aksHostEncryption } from './azure/aks/host-encryption.js';
import { aksImageCleaner } from './azure/aks/image-cleaner.js';
import {
  aksAzureRbac, aksRunCommand, aksNodeOsUpgrade, aksSecretsProvider, aksSecretRotation, aksSystemPoolIsolation, aksEphemeralOsDisk,
  aksKubeletAcrPush, aksKubeletPrivileged,
} from './azure/aks/identity-and-upgrades.js';
// azure:acr
import { acrAdminUser } from './azure/acr/admin-user.js';
import { acrPublicNetwork } from './azure/acr/public-network.js';
import { acrAnonymousPull } from './azure/acr/anonymous-pull.js';
import { acrContentTrust } from './azure/acr/content-trust.js';
import { acrQuarantine } from './azure/acr/quarantine.js';
import { acrRetention } from './azure/acr/retention.js';
import { acrCustomerKey } from './azure/acr/customer-key.js';
import { acrDataEndpoint, acrExportPolicy, acrOpenIpRule } from './azure/acr/network-and-export.js';
// digitalocean:kubernetes
import { doksAutoUpgrade } from './digitalocean/kubernetes/auto-upgrade.js';
import { doksSurgeUpgrade } from './digitalocean/kubernetes/surge-upgrade.js';
import { doksHaControlPlane } from './digitalocean/kubernetes/ha-control-plane.js';
import { doksControlPlaneFirewall } from './digitalocean/kubernetes/control-plane-firewall.js';
import { doksControlPlaneOpen } from './digitalocean/kubernetes/control-plane-open.js';
import { doksDefaultVpc } from './digitalocean/kubernetes/default-vpc.js';
// digitalocean:registry
import { docrWriteCredentials, docrLongLivedCredentials } from './digitalocean/registry/credentials.js';

// aws:ecs
import { ecsPrivileged } from './aws/ecs/privileged.js';
import { ecsRootUser } from './aws/ecs/root-user.js';
import { ecsReadOnlyRoot } from './aws/ecs/read-only-root.js';
import { ecsPlaintextSecrets } from './aws/ecs/plaintext-secrets.js';
import { ecsHostNetwork, ecsHostPid, ecsHostIpc } from './aws/ecs/host-namespaces.js';
import { ecsEfsTransit, ecsDockerSocket, ecsSensitiveHostPath } from './aws/ecs/volumes.js';
import { ecsContainerInsights, ecsPublicIp, ecsSameRoles, ecsFargateLatest } from './aws/ecs/cluster-service.js';
import { ecsDangerousCaps, ecsNoLogging } from './aws/ecs/capabilities.js';
import {
  ecsExecNotLogged, ecsExecNoKms, ecsExecEnabled, ecsBridgeNetwork, ecsCapDropAll, ecsDevices, ecsImageNotPinned, ecsEfsNoIam,
  ecsUnconfinedSecurityOptions, ecsNoMemoryLimit,
} from './aws/ecs/exec-and-hardening.js';

const AWS_ECS: IacCheck[] = [
  ecsPrivileged, ecsRootUser, ecsReadOnlyRoot, ecsPlaintextSecrets, ecsHostNetwork, ecsHostPid, ecsHostIpc, ecsEfsTransit, ecsDockerSocket,
  ecsSensitiveHostPath, ecsContainerInsights, ecsPublicIp, ecsSameRoles, ecsFargateLatest, ecsDangerousCaps, ecsNoLogging,
  ecsExecNotLogged, ecsExecNoKms, ecsExecEnabled, ecsBridgeNetwork, ecsCapDropAll, ecsDevices, ecsImageNotPinned, ecsEfsNoIam,
  ecsUnconfinedSecurityOptions, ecsNoMemoryLimit,
];

// aws:eks (cloud helper)

// aws:ecr (cloud helper)

// aws:iam (cloud helper)

// google:cloud-run
import { runPublicInvoker } from './google/cloud-run/public-invoker.js';
import { runPlaintextSecrets } from './google/cloud-run/plaintext-secrets.js';
import { runIngressAll, runDefaultServiceAccount, runBinaryAuthorization, runCustomerKey, runImageNotPinned } from './google/cloud-run/settings.js';

const CLOUD_RUN: IacCheck[] = [runPublicInvoker, runPlaintextSecrets, runIngressAll, runDefaultServiceAccount, runBinaryAuthorization, runCustomerKey, runImageNotPinned];

// google:gke (cloud helper)

// google:artifact-registry (cloud helper)

// azure:aks, azure:acr (cloud helper)

// digitalocean:kubernetes, digitalocean:registry (cloud helper)

// terraform:config
import { tfAwsProviderKeys } from './terraform/config/provider-credentials.js';
import { tfModuleGitPinned } from './terraform/config/module-source-pinned.js';
import {
  tfGoogleProviderCredentials, tfAzureProviderSecret, tfDigitalOceanToken, tfKubernetesProviderSecret, tfS3BackendUnencrypted, tfSecretVariableDefault,
} from './terraform/config/credentials.js';
import { tfRegistryModuleUnpinned, tfProviderInsecureTls, tfHttpBackendPlain } from './terraform/config/supply-chain.js';

const TERRAFORM: IacCheck[] = [
  tfAwsProviderKeys, tfModuleGitPinned, tfGoogleProviderCredentials, tfAzureProviderSecret, tfDigitalOceanToken, tfKubernetesProviderSecret,
  tfS3BackendUnencrypted, tfSecretVariableDefault, tfRegistryModuleUnpinned, tfProviderInsecureTls, tfHttpBackendPlain,
];


/**
 * Checks on the cloud resources that run containers (registries, clusters, node IAM): run by `bulwark cloud` on live
 * inventories and, through the same adapters, by `bulwark iac` on Terraform and CloudFormation (their examples are Terraform).
 */
export const cloudChecks: readonly IacCheck[] = [
  // aws:eks
  eksPublicEndpoint, eksOpenCidr, eksSecretsEncryption, eksAuditLog, eksAuthenticatorLog, eksApiLog, eksNodeSshOpen, eksNodeImdsv2, eksNodeHopLimit, eksCreatorAdmin, eksAwsAuthOnly, eksNetworkPolicy, eksWorkloadIdentity,
  eksControllerManagerLog, eksSchedulerLog, eksPrivateAccessOff, eksNodePublicIp, eksNodeDiskUnencrypted, eksAl2Ami, eksVpcCniNodeRole,
  // aws:ecr
  ecrScanOnPush, ecrTagImmutability, ecrCustomerKey, ecrPublicPull, ecrPublicPush, ecrLifecycle, ecrEnhancedScanning, ecrNoContinuousScan,
  // aws:iam (node roles)
  nodeRoleRegistryPush, nodeRoleClusterAdmin, nodeRoleFullAdmin, nodeRoleIamWrite, nodeRoleSecretsRead, nodeRoleAssumeAny,
  nodeRoleShareSnapshots, nodeRoleRunCommand, nodeRoleSecurityGroups, nodeRoleKmsDecrypt, nodeRoleS3All, nodeRoleImageDelete, nodeRoleAuditTamper,
  nodeRoleCniPolicy, nodeRoleServiceWildcard, nodeRoleRegistryReplication, nodeRoleLambdaCode, nodeRoleInstanceProfile, nodeRoleClusterLifecycle,
  nodeRoleDnsWrite,
  // google:gke
  gkePrivateNodes, gkePublicEndpoint, gkeAuthorizedNetworks, gkeAuthorizedNetworksOpen, gkeNetworkPolicy, gkeLegacyAbac, gkeWorkloadIdentity, gkeSecretsEncryption, gkeShieldedNodes, gkeBinaryAuthorization, gkeLogging, gkeMonitoring, gkeBasicAuth, gkeClientCertificate, gkeReleaseChannel, gkeIntranodeVisibility, gkeGoogleGroups, gkeIpAliases, gkeDefaultServiceAccount, gkeFullAccessScope, gkeMetadataServer, gkeCosImage, gkeSecureBoot, gkeIntegrityMonitoring, gkeLegacyMetadata, gkeAutoUpgrade, gkeAutoRepair,
  gkeAlpha, gkeGcpPublicCidrs, gkeAutoProvisioningSa, gkeBootDiskCmek, gkeKubeletReadonlyPort, gkeWorkloadLogs,
  // google:artifact-registry
  arCustomerKey, arImmutableTags, arCleanupPolicy, arScanningDisabled, arPublic,
  // azure:aks
  aksPrivateCluster, aksAuthorizedIpRanges, aksRbac, aksEntraId, aksLocalAccounts, aksNetworkPolicy, aksAzurePolicy, aksWorkloadIdentity, aksMonitoring, aksDefender, aksKms, aksDiskEncryptionSet, aksUpgradeChannel, aksDashboard, aksHttpApplicationRouting, aksNodePublicIp, aksHostEncryption, aksImageCleaner,
  aksAzureRbac, aksRunCommand, aksNodeOsUpgrade, aksSecretsProvider, aksSecretRotation, aksSystemPoolIsolation, aksEphemeralOsDisk,
  aksKubeletAcrPush, aksKubeletPrivileged,
  // azure:acr
  acrAdminUser, acrPublicNetwork, acrAnonymousPull, acrContentTrust, acrQuarantine, acrRetention, acrCustomerKey, acrDataEndpoint, acrExportPolicy, acrOpenIpRule,
  // digitalocean:kubernetes
  doksAutoUpgrade, doksSurgeUpgrade, doksHaControlPlane, doksControlPlaneFirewall, doksControlPlaneOpen, doksDefaultVpc,
  // digitalocean:registry
  docrWriteCredentials, docrLongLivedCredentials,
];

/** Everything `bulwark iac` runs: the document-only checks (ECS, Compose, Terraform config) and every cloud check. */
export const iacChecks: readonly IacCheck[] = [
  ...AWS_ECS,
  ...COMPOSE,
  ...TERRAFORM,
  ...CLOUD_RUN,
  ...cloudChecks,
];
