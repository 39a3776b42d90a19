/**
 * The exact read-only permissions each collector uses, one list per provider (docs/cloud.md prints the same
 * lists; `bulwark cloud <provider> --print-permissions` emits them as a policy the user can attach). Nothing
 * here can change a resource or read image contents or secrets.
 */
import type { CloudProvider } from './snapshot.js';

interface Permission { action: string; why: string }

const PERMISSIONS: Record<CloudProvider, Permission[]> = {
  aws: [
    { action: 'sts:GetCallerIdentity', why: 'the account the findings belong to (allowed for every identity)' },
    { action: 'eks:ListClusters', why: 'clusters of each region' },
    { action: 'eks:DescribeCluster', why: 'endpoint access, secrets encryption, logging, OIDC issuer, access mode' },
    { action: 'eks:ListNodegroups', why: 'managed node groups' },
    { action: 'eks:DescribeNodegroup', why: 'node role, SSH remote access, AMI type' },
    { action: 'eks:ListAddons', why: 'installed add-ons (Pod Identity agent)' },
    { action: 'eks:DescribeAddon', why: 'vpc-cni configuration (network policy enforcement)' },
    { action: 'ecr:DescribeRepositories', why: 'repositories: tag mutability, scan on push, encryption' },
    { action: 'ecr:GetLifecyclePolicy', why: 'lifecycle (retention) policy of each repository' },
    { action: 'ecr:GetRepositoryPolicy', why: 'repository policy (public or cross-account access)' },
    { action: 'ecr:GetRegistryScanningConfiguration', why: 'registry-level scan-on-push rules' },
    { action: 'iam:ListAttachedRolePolicies', why: 'managed policies of node roles' },
    { action: 'iam:GetPolicy', why: 'default version of those policies' },
    { action: 'iam:GetPolicyVersion', why: 'their documents (registry push, cluster-admin-equivalent actions)' },
    { action: 'iam:ListRolePolicies', why: 'inline policies of node roles' },
    { action: 'iam:GetRolePolicy', why: 'their documents' },
    { action: 'iam:ListOpenIDConnectProviders', why: 'IRSA: an IAM OIDC provider for the cluster issuer' },
  ],
  gcp: [
    { action: 'container.clusters.list', why: 'GKE clusters of every location with their node pools (roles/container.clusterViewer)' },
    { action: 'artifactregistry.locations.list', why: 'locations that may hold repositories' },
    { action: 'artifactregistry.repositories.list', why: 'repositories: format, CMEK, immutable tags, cleanup policies, scanning (roles/artifactregistry.reader)' },
    { action: 'artifactregistry.repositories.getIamPolicy', why: 'public access (allUsers / allAuthenticatedUsers bindings)' },
  ],
  azure: [
    { action: 'Microsoft.ContainerService/managedClusters/read', why: 'AKS clusters (API access, AAD/RBAC, network policy, workload identity, KMS, upgrade channel, node pools)' },
    { action: 'Microsoft.ContainerRegistry/registries/read', why: 'ACR registries (admin user, network access, policies, encryption, SKU)' },
  ],
  digitalocean: [
    { action: 'kubernetes:read', why: 'DOKS clusters and node pools (GET /v2/kubernetes/clusters)' },
    { action: 'registry:read', why: 'container registries (GET /v2/registries)' },
  ],
};

/** A document the user can attach: an IAM policy, a GCP custom role, an Azure custom role, a DO scope list. */
export function permissionPolicy(provider: CloudProvider): string {
  const actions = PERMISSIONS[provider].map((p) => p.action);
  switch (provider) {
    case 'aws':
      return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'BulwarkCloudReadOnly', Effect: 'Allow', Action: actions.filter((a) => a !== 'sts:GetCallerIdentity'), Resource: '*' }] }, null, 2);
    case 'gcp':
      return ['title: Bulwark cloud read-only', 'description: bulwark cloud gcp (docs/cloud.md)', 'stage: GA', 'includedPermissions:', ...actions.map((a) => `- ${a}`)].join('\n');
    case 'azure':
      return JSON.stringify({ Name: 'Bulwark cloud read-only', IsCustom: true, Description: 'bulwark cloud azure (docs/cloud.md)', Actions: actions, NotActions: [], DataActions: [], AssignableScopes: ['/subscriptions/<subscription-id>'] }, null, 2);
    case 'digitalocean':
      return `custom token scopes: ${actions.join(', ')}`;
  }
}
