/** Amazon EKS clusters, node groups, add-ons and IRSA providers (owned by the cloud checks; Terraform/CloudFormation/live adapters fill it). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface EksCluster {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  endpointPublicAccess: Val<boolean>;
  endpointPrivateAccess: Val<boolean>;
  publicAccessCidrs: Val<string[]>;
  /** `encryption_config.resources` contains "secrets" and a KMS key is set. */
  secretsEncryptionKey: Val<string | undefined>;
  enabledLogTypes: Val<string[]>;
  version: Val<string | undefined>;
  /** CONFIG_MAP | API | API_AND_CONFIG_MAP (access entries instead of the aws-auth ConfigMap). */
  authenticationMode: Val<string | undefined>;
  /** The IAM principal that created the cluster keeps a permanent cluster-admin access entry. */
  bootstrapCreatorAdmin: Val<boolean | undefined>;
  /** The OIDC issuer URL (live only: known after apply in Terraform). */
  oidcIssuer: Val<string | undefined>;
}

export interface EksNodeGroup {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  clusterName: Val<string | undefined>;
  /** Address of the cluster resource when `cluster_name` references one (`aws_eks_cluster.main`). */
  clusterRef?: string;
  nodeRoleArn: Val<string | undefined>;
  /** Address of the IAM role when `node_role_arn` references one (`aws_iam_role.node`). */
  nodeRoleRef?: string;
  remoteAccessSourceSgs: Val<string[]>;
  hasRemoteAccess: Val<boolean>;
  /** IMDS hop limit from the launch template, when known. */
  metadataHopLimit: Val<number | undefined>;
  metadataHttpTokens: Val<string | undefined>;
  /** Address of the launch template resource when `launch_template.id/name` references one. */
  launchTemplateRef?: string;
  /** True when the node group uses a launch template at all (its IMDS settings are the template's). */
  hasLaunchTemplate: Val<boolean>;
  amiType: Val<string | undefined>;
}

/** An EC2 launch template's instance metadata options (what EKS node groups inherit). */
export interface LaunchTemplate {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  httpTokens: Val<string | undefined>;
  httpPutResponseHopLimit: Val<number | undefined>;
  httpEndpoint: Val<string | undefined>;
  /** `network_interfaces.associate_public_ip_address` (first interface); undefined: the subnet decides. */
  associatePublicIp: Val<boolean | undefined>;
  /** `block_device_mappings.ebs.encrypted` of the first mapping; undefined: the account's default encryption decides. */
  ebsEncrypted: Val<boolean | undefined>;
}

interface EksAddon {
  meta: ResourceMeta;
  clusterName: Val<string | undefined>;
  clusterRef?: string;
  name: Val<string | undefined>;
  /** JSON text of the add-on's configuration values. */
  configurationValues: Val<string | undefined>;
  /** IRSA role of the add-on's service account (`service_account_role_arn`), or a Pod Identity association: set when either is. */
  serviceAccountRole: Val<string | undefined>;
}

/** An IAM OIDC identity provider (IRSA trusts the cluster's issuer through one). */
interface OidcProvider {
  meta: ResourceMeta;
  url: Val<string | undefined>;
  /** Address of the cluster whose issuer it references (`aws_eks_cluster.main.identity[0].oidc[0].issuer`). */
  clusterRef?: string;
}

export interface EksState {
  clusters: EksCluster[];
  nodeGroups: EksNodeGroup[];
  addons: EksAddon[];
  oidcProviders: OidcProvider[];
  launchTemplates: LaunchTemplate[];
}
