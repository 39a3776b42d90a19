/** Live GKE clusters and Artifact Registry repositories → the typed state the Terraform adapter fills. */
import type { State } from '../../model/state.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { GkeNodeConfig } from '../../model/google/gke.js';
import { known, unknown, type Loc, type Val } from '../../model/value.js';
import type { GcpInventory, Json } from './collect.js';

const at = (id: string): Loc => ({ file: id, line: 0 });
const meta = (address: string, type: string): ResourceMeta => ({ address, type, source: 'cloud', loc: at(address) });
const v = <T>(value: T, loc: Loc): Val<T> => known(value, loc);
const o = (x: unknown): Json => (x && typeof x === 'object' ? x as Json : {});
const s = (x: unknown): string | undefined => (typeof x === 'string' && x ? x : undefined);

/** A JSON list as strings (anything else: empty). */
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);

function nodeConfig(cfg: Json, loc: Loc): GkeNodeConfig {
  const md = o(cfg.metadata);
  return {
    imageType: v(s(cfg.imageType), loc),
    serviceAccount: v(s(cfg.serviceAccount) ?? 'default', loc),
    oauthScopes: v(Array.isArray(cfg.oauthScopes) ? cfg.oauthScopes.map(String) : [], loc),
    // Not returned: the node pool exposes the Compute Engine metadata server (GCE_METADATA).
    workloadMetadataMode: v(s(o(cfg.workloadMetadataConfig).mode) ?? 'GCE_METADATA', loc),
    secureBoot: v(o(cfg.shieldedInstanceConfig).enableSecureBoot === true, loc),
    integrityMonitoring: v(o(cfg.shieldedInstanceConfig).enableIntegrityMonitoring === true, loc),
    legacyMetadataEndpointsDisabled: v(md['disable-legacy-endpoints'] !== 'false', loc),
    bootDiskKmsKey: v(s(cfg.bootDiskKmsKey), loc),
    kubeletReadonlyPort: v(typeof o(cfg.kubeletConfig).insecureKubeletReadonlyPortEnabled === 'boolean' ? o(cfg.kubeletConfig).insecureKubeletReadonlyPortEnabled as boolean : undefined, loc),
  };
}

/** The service account auto-provisioned nodes get (the default compute account when none is named). */
function napServiceAccount(c: Json): string {
  return s(o(o(c.autoscaling).autoprovisioningNodePoolDefaults).serviceAccount) ?? 'default';
}

export function adaptGcp(inv: GcpInventory, st: State): void {
  for (const c of inv.clusters) {
    const address = `//container.googleapis.com/projects/${inv.project}/locations/${String(c.location ?? '')}/clusters/${String(c.name ?? '')}`;
    const loc = at(address);
    const priv = o(c.privateClusterConfig);
    const man = o(c.masterAuthorizedNetworksConfig);
    const db = o(c.databaseEncryption);
    const bin = s(o(c.binaryAuthorization).evaluationMode);
    st.google.gke.clusters.push({
      meta: meta(address, 'cloud:gke:cluster'),
      name: v(s(c.name), loc),
      privateNodes: v(priv.enablePrivateNodes === true || o(c.networkConfig).defaultEnablePrivateNodes === true, loc),
      privateEndpoint: v(priv.enablePrivateEndpoint === true, loc),
      masterAuthorizedNetworks: v((Array.isArray(man.cidrBlocks) ? man.cidrBlocks : []).map((b) => String(o(b).cidrBlock ?? '')), loc),
      masterAuthorizedNetworksEnabled: v(man.enabled === true, loc),
      networkPolicyEnabled: v(o(c.networkPolicy).enabled === true, loc),
      dataplaneV2: v(o(c.networkConfig).datapathProvider === 'ADVANCED_DATAPATH', loc),
      legacyAbac: v(o(c.legacyAbac).enabled === true, loc),
      workloadIdentityPool: v(s(o(c.workloadIdentityConfig).workloadPool), loc),
      secretsEncryptionKey: v(db.state === 'ENCRYPTED' ? s(db.keyName) : undefined, loc),
      shieldedNodes: v(o(c.shieldedNodes).enabled === true, loc),
      binaryAuthorization: v(bin !== undefined && bin !== 'DISABLED' && bin !== 'EVALUATION_MODE_UNSPECIFIED' || o(c.binaryAuthorization).enabled === true, loc),
      loggingService: v(s(c.loggingService), loc),
      monitoringService: v(s(c.monitoringService), loc),
      masterAuthBasic: v(Boolean(s(o(c.masterAuth).username)), loc),
      clientCertificate: v(o(o(c.masterAuth).clientCertificateConfig).issueClientCertificate === true, loc),
      releaseChannel: v(s(o(c.releaseChannel).channel), loc),
      autopilot: v(o(c.autopilot).enabled === true, loc),
      ipAliases: v(o(c.ipAllocationPolicy).useIpAliases === true, loc),
      intranodeVisibility: v(o(c.networkConfig).enableIntraNodeVisibility === true, loc),
      kubernetesAlpha: v(c.enableKubernetesAlpha === true, loc),
      loggingComponents: v(strings(o(o(c.loggingConfig).componentConfig).enableComponents), loc),
      gcpPublicCidrsAccess: v(man.gcpPublicCidrsAccessEnabled === true, loc),
      autoProvisioning: v(o(c.autoscaling).enableNodeAutoprovisioning === true, loc),
      autoProvisioningServiceAccount: v(napServiceAccount(c), loc),
      authenticatorGroupsSecurityGroup: v(o(c.authenticatorGroupsConfig).enabled === true ? s(o(c.authenticatorGroupsConfig).securityGroup) : undefined, loc),
    });
    for (const p of Array.isArray(c.nodePools) ? c.nodePools.map(o) : []) {
      const pAddress = `${address}/nodePools/${String(p.name ?? '')}`;
      const pl = at(pAddress);
      const mgmt = o(p.management);
      st.google.gke.nodePools.push({
        meta: meta(pAddress, 'cloud:gke:nodepool'),
        name: v(s(p.name), pl), clusterRef: address,
        autoUpgrade: v(mgmt.autoUpgrade === true, pl), autoRepair: v(mgmt.autoRepair === true, pl),
        nodeConfig: nodeConfig(o(p.config), pl),
      });
    }
  }
  for (const r of inv.repositories) {
    const repo = r.repository;
    const address = `//artifactregistry.googleapis.com/${String(repo.name)}`;
    const loc = at(address);
    const scan = o(repo.vulnerabilityScanningConfig);
    st.google.artifactRegistry.repositories.push({
      meta: meta(address, 'cloud:artifactregistry:repository'),
      name: v(String(repo.name ?? '').split('/').pop(), loc),
      format: v(s(repo.format), loc),
      kmsKey: v(s(repo.kmsKeyName), loc),
      immutableTags: v(o(repo.dockerConfig).immutableTags === true, loc),
      hasCleanupPolicies: v(Object.keys(o(repo.cleanupPolicies)).length > 0, loc),
      // The live state says whether scanning actually runs (the API enabled, the repository not opted out).
      scanningConfig: v(scan.enablementState === 'SCANNING_ACTIVE' ? 'INHERITED' : s(scan.enablementConfig) === 'DISABLED' || scan.enablementState === 'SCANNING_DISABLED' ? 'DISABLED' : s(scan.enablementConfig), loc),
      mode: v(s(repo.mode), loc),
    });
    if (r.iamPolicy.ok) {
      for (const bnd of r.iamPolicy.output.bindings ?? []) {
        st.google.artifactRegistry.iam.push({ meta: meta(`${address}#iam/${bnd.role ?? ''}`, 'cloud:artifactregistry:iam'), resource: v(address, loc), role: v(bnd.role, loc), members: v(bnd.members ?? [], loc) });
      }
    } else {
      st.google.artifactRegistry.iam.push({ meta: meta(`${address}#iam`, 'cloud:artifactregistry:iam'), resource: v(address, loc), role: unknown(loc, r.iamPolicy.error.message), members: unknown(loc, r.iamPolicy.error.message) });
    }
  }
}
