/** The DigitalOcean part of the state: DOKS and DOCR (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface DoksCluster {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  autoUpgrade: Val<boolean>;
  surgeUpgrade: Val<boolean>;
  ha: Val<boolean>;
  version: Val<string | undefined>;
  /** Control plane firewall: only `allowedAddresses` reach the API server. */
  controlPlaneFirewall: Val<boolean>;
  controlPlaneAllowedAddresses: Val<string[]>;
  /** The VPC the cluster runs in; undefined: the region's default VPC, shared with every droplet of the account. */
  vpcUuid: Val<string | undefined>;
}

/** `digitalocean_container_registry_docker_credentials`: a registry token Terraform mints (and keeps in state). */
interface RegistryCredentials {
  meta: ResourceMeta;
  write: Val<boolean>;
  /** Seconds until the token expires (provider default 1576800000, about 50 years). */
  expirySeconds: Val<number>;
}

interface DoRegistry {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  subscriptionTier: Val<string | undefined>;
}

export interface DigitalOceanState {
  kubernetes: { clusters: DoksCluster[] };
  registry: { registries: DoRegistry[]; credentials: RegistryCredentials[] };
}

export function emptyDigitalOcean(): DigitalOceanState {
  return { kubernetes: { clusters: [] }, registry: { registries: [], credentials: [] } };
}
