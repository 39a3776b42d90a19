/**
 * Terraform `google_container_cluster`, `google_container_node_pool`, `google_artifact_registry_repository` and its
 * IAM resources → the GKE and Artifact Registry parts of the state. Defaults are the provider's (GKE's) documented
 * ones; the default node pool's `node_config` is read only when the default pool is kept.
 */
import { at, bool, objects, str, strList } from '../../model/read.js';
import type { Node, RawResource } from '../../model/node.js';
import type { State } from '../../model/state.js';
import type { GkeNodeConfig } from '../../model/google/gke.js';
import { known, unknown, type Val } from '../../model/value.js';
import { metaOf, setValue, type ResourceAdapter } from './aws.js';
import { refAt } from './refs.js';

/** Values read at `node_config.*`; a missing block reads every value at its default, located at the resource. */
function readAll(b: Node): GkeNodeConfig {
  // A path through a field that is never there reads every value as its default, located at the resource.
  const base = at(b, 'node_config') ? 'node_config.' : '__absent__.';
  const legacy = str(b, `${base}metadata.disable-legacy-endpoints`);
  return {
    imageType: str(b, `${base}image_type`, 'COS_CONTAINERD'),
    serviceAccount: str(b, `${base}service_account`, 'default'),
    oauthScopes: strList(b, `${base}oauth_scopes`),
    workloadMetadataMode: str(b, `${base}workload_metadata_config.mode`),
    secureBoot: bool(b, `${base}shielded_instance_config.enable_secure_boot`, false),
    integrityMonitoring: bool(b, `${base}shielded_instance_config.enable_integrity_monitoring`, true),
    bootDiskKmsKey: setValue(b, `${base}boot_disk_kms_key`),
    kubeletReadonlyPort: map(str(b, `${base}kubelet_config.insecure_kubelet_readonly_port_enabled`), (x) => (x === undefined ? undefined : x.toUpperCase() === 'TRUE')),
    legacyMetadataEndpointsDisabled: legacy.known ? known(legacy.value === undefined ? true : legacy.value === 'true', legacy.loc, legacy.explicit) : unknown(legacy.loc, legacy.reason),
  };
}

/** A known value mapped; unknown stays unknown. */
function map<T, R>(v: Val<T>, f: (t: T) => R): Val<R> {
  return v.known ? { ...v, value: f(v.value) } : v;
}

const is = (v: Val<string | undefined>, want: string): Val<boolean> => map(v, (x) => x === want);

function gkeCluster(r: RawResource, s: State): void {
  const b = r.body;
  const autopilot = bool(b, 'enable_autopilot', false);
  const removeDefault = bool(b, 'remove_default_node_pool', false);
  const man = at(b, 'master_authorized_networks_config');
  const cidrs = objects(b, 'master_authorized_networks_config').flatMap((m) => objects(m, 'cidr_blocks').map((c) => str(c, 'cidr_block')));
  const badCidr = cidrs.find((c) => !c.known);
  const bin = str(b, 'binary_authorization.evaluation_mode');
  const legacyBin = bool(b, 'enable_binary_authorization', false);
  const binEnabled: Val<boolean> = bin.known && bin.value !== undefined
    ? known(bin.value === 'PROJECT_SINGLETON_POLICY_ENFORCE' || bin.value === 'POLICY_BINDINGS' || bin.value === 'POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE', bin.loc)
    : !bin.known ? unknown(bin.loc, bin.reason) : bool(b, 'binary_authorization.enabled', legacyBin.known ? legacyBin.value : false);
  const dbState = str(b, 'database_encryption.state');
  const mode = str(b, 'networking_mode');
  s.google.gke.clusters.push({
    meta: metaOf(r),
    name: str(b, 'name'),
    privateNodes: bool(b, 'private_cluster_config.enable_private_nodes', false),
    privateEndpoint: bool(b, 'private_cluster_config.enable_private_endpoint', false),
    masterAuthorizedNetworks: badCidr ? unknown(badCidr.loc, 'an authorized network is not known') : known(cidrs.map((c) => (c.known ? c.value ?? '' : '')), man?.loc ?? b.loc, man !== undefined),
    masterAuthorizedNetworksEnabled: man ? bool(man, 'enabled', true) : known(false, b.loc, false),
    networkPolicyEnabled: bool(b, 'network_policy.enabled', false),
    dataplaneV2: is(str(b, 'datapath_provider'), 'ADVANCED_DATAPATH'),
    legacyAbac: bool(b, 'enable_legacy_abac', false),
    workloadIdentityPool: str(b, 'workload_identity_config.workload_pool'),
    secretsEncryptionKey: dbState.known && dbState.value === 'ENCRYPTED' ? setValue(b, 'database_encryption.key_name') : dbState.known ? known(undefined, dbState.loc, dbState.explicit) : unknown(dbState.loc, dbState.reason),
    shieldedNodes: bool(b, 'enable_shielded_nodes', true),
    binaryAuthorization: binEnabled,
    loggingService: str(b, 'logging_service', 'logging.googleapis.com/kubernetes'),
    monitoringService: str(b, 'monitoring_service', 'monitoring.googleapis.com/kubernetes'),
    masterAuthBasic: map(str(b, 'master_auth.username'), Boolean),
    clientCertificate: bool(b, 'master_auth.client_certificate_config.issue_client_certificate', false),
    releaseChannel: str(b, 'release_channel.channel'),
    autopilot,
    ipAliases: mode.known && mode.value === 'ROUTES' ? known(false, mode.loc) : known(true, mode.loc, mode.explicit),
    intranodeVisibility: bool(b, 'enable_intranode_visibility', false),
    authenticatorGroupsSecurityGroup: str(b, 'authenticator_groups_config.security_group'),
    kubernetesAlpha: bool(b, 'enable_kubernetes_alpha', false),
    loggingComponents: strList(b, 'logging_config.enable_components'),
    gcpPublicCidrsAccess: bool(b, 'master_authorized_networks_config.gcp_public_cidrs_access_enabled', false),
    autoProvisioning: bool(b, 'cluster_autoscaling.enabled', false),
    autoProvisioningServiceAccount: str(b, 'cluster_autoscaling.auto_provisioning_defaults.service_account', 'default'),
    ...(autopilot.known && !autopilot.value && removeDefault.known && !removeDefault.value ? { nodeConfig: readAll(b) } : {}),
  });
}

function gkeNodePool(r: RawResource, s: State): void {
  const b = r.body;
  s.google.gke.nodePools.push({
    meta: metaOf(r),
    name: str(b, 'name'),
    clusterRef: refAt(b, 'cluster', r.address),
    autoUpgrade: bool(b, 'management.auto_upgrade', true),
    autoRepair: bool(b, 'management.auto_repair', true),
    nodeConfig: readAll(b),
  });
}

function arRepository(r: RawResource, s: State): void {
  const b = r.body;
  const cleanup = at(b, 'cleanup_policies');
  s.google.artifactRegistry.repositories.push({
    meta: metaOf(r),
    name: str(b, 'repository_id'),
    format: str(b, 'format'),
    kmsKey: setValue(b, 'kms_key_name'),
    immutableTags: bool(b, 'docker_config.immutable_tags', false),
    hasCleanupPolicies: known(cleanup !== undefined, cleanup?.loc ?? b.loc, cleanup !== undefined),
    scanningConfig: str(b, 'vulnerability_scanning_config.enablement_config'),
    mode: str(b, 'mode', 'STANDARD_REPOSITORY'),
  });
}

function arIam(kind: 'member' | 'binding'): ResourceAdapter {
  return (r, s) => {
    const b = r.body;
    const repo = str(b, 'repository');
    s.google.artifactRegistry.iam.push({
      meta: metaOf(r),
      resource: refAt(b, 'repository', r.address) ? known(refAt(b, 'repository', r.address), repo.loc) : repo,
      role: str(b, 'role'),
      members: kind === 'member' ? strList(b, 'member') : strList(b, 'members'),
    });
  };
}

export const GOOGLE_CLOUD_ADAPTERS: Record<string, ResourceAdapter> = {
  google_container_cluster: gkeCluster,
  google_container_node_pool: gkeNodePool,
  google_artifact_registry_repository: arRepository,
  google_artifact_registry_repository_iam_member: arIam('member'),
  google_artifact_registry_repository_iam_binding: arIam('binding'),
};
