/** Terraform `digitalocean_kubernetes_cluster` and `digitalocean_container_registry` → the DOKS/DOCR parts of the state. */
import { bool, num, str, strList } from '../../model/read.js';
import type { RawResource } from '../../model/node.js';
import type { State } from '../../model/state.js';
import { metaOf, setValue, type ResourceAdapter } from './aws.js';

function doksCluster(r: RawResource, s: State): void {
  const b = r.body;
  s.digitalocean.kubernetes.clusters.push({
    meta: metaOf(r),
    name: str(b, 'name'),
    autoUpgrade: bool(b, 'auto_upgrade', false),
    surgeUpgrade: bool(b, 'surge_upgrade', true),
    ha: bool(b, 'ha', false),
    version: str(b, 'version'),
    controlPlaneFirewall: bool(b, 'control_plane_firewall.enabled', false),
    controlPlaneAllowedAddresses: strList(b, 'control_plane_firewall.allowed_addresses'),
    vpcUuid: setValue(b, 'vpc_uuid'),
  });
}

function docrRegistry(r: RawResource, s: State): void {
  s.digitalocean.registry.registries.push({ meta: metaOf(r), name: str(r.body, 'name'), subscriptionTier: str(r.body, 'subscription_tier_slug') });
}

function docrCredentials(r: RawResource, s: State): void {
  s.digitalocean.registry.credentials.push({ meta: metaOf(r), write: bool(r.body, 'write', false), expirySeconds: num(r.body, 'expiry_seconds', 1576800000) });
}

export const DIGITALOCEAN_CLOUD_ADAPTERS: Record<string, ResourceAdapter> = {
  digitalocean_kubernetes_cluster: doksCluster,
  digitalocean_container_registry: docrRegistry,
  digitalocean_container_registry_docker_credentials: docrCredentials,
};
