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
}

interface DoRegistry {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  subscriptionTier: Val<string | undefined>;
}

export interface DigitalOceanState {
  kubernetes: { clusters: DoksCluster[] };
  registry: { registries: DoRegistry[] };
}

export function emptyDigitalOcean(): DigitalOceanState {
  return { kubernetes: { clusters: [] }, registry: { registries: [] } };
}
