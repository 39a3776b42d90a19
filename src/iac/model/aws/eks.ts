/** Amazon EKS clusters and node groups (owned by the cloud checks; Terraform/CloudFormation/live adapters fill it). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

interface EksCluster {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  endpointPublicAccess: Val<boolean>;
  endpointPrivateAccess: Val<boolean>;
  publicAccessCidrs: Val<string[]>;
  /** `encryption_config.resources` contains "secrets" and a KMS key is set. */
  secretsEncryptionKey: Val<string | undefined>;
  enabledLogTypes: Val<string[]>;
  version: Val<string | undefined>;
}

interface EksNodeGroup {
  meta: ResourceMeta;
  clusterName: Val<string | undefined>;
  nodeRoleArn: Val<string | undefined>;
  remoteAccessSourceSgs: Val<string[]>;
  hasRemoteAccess: Val<boolean>;
  /** IMDS hop limit from the launch template, when known. */
  metadataHopLimit: Val<number | undefined>;
  metadataHttpTokens: Val<string | undefined>;
}

export interface EksState {
  clusters: EksCluster[];
  nodeGroups: EksNodeGroup[];
}
