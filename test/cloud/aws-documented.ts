/**
 * An AWS account as its APIs describe it, written from the response syntax of the AWS API references
 * (EKS DescribeCluster/ListNodegroups/DescribeNodegroup/ListAddons/DescribeAddon; ECR DescribeRepositories/
 * GetLifecyclePolicy/GetRepositoryPolicy/GetRegistryScanningConfiguration; IAM ListAttachedRolePolicies/GetPolicy/
 * GetPolicyVersion/ListRolePolicies/GetRolePolicy/ListOpenIDConnectProviders; STS GetCallerIdentity). Values are
 * invented; shapes, enum values and error codes are the documented ones. IAM policy documents are URL-encoded, as IAM
 * returns them.
 *
 * Two clusters: `prod` (public endpoint open to 0.0.0.0/0, no secrets encryption, logs off, SSH to nodes from
 * anywhere, a node role that can push images and administer EKS) and `secure` (private endpoint, KMS secrets
 * encryption, every log type, IRSA provider, network policy on in vpc-cni, read-only node role). Two repositories:
 * `app` (mutable tags, no scan, AES256, no lifecycle policy, world-readable policy) and `secure-app`.
 */
export interface DocumentedCall {
  service: 'eks' | 'ecr' | 'iam' | 'sts';
  operation: string;
  region?: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { name: string; message: string; status: number };
}

export const ACCOUNT = '111122223333';
const R = 'us-east-1';
const created = 1_700_000_000;

const managed = (name: string, doc: object) => ({ arn: `arn:aws:iam::aws:policy/${name}`, name, doc });
const WORKER = managed('AmazonEKSWorkerNodePolicy', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeRouteTables', 'eks:DescribeCluster', 'eks-auth:AssumeRoleForPodIdentity'], Resource: '*' }],
});
const ECR_READ = managed('AmazonEC2ContainerRegistryReadOnly', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings'], Resource: '*' }],
});
const ECR_POWER = managed('AmazonEC2ContainerRegistryPowerUser', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'], Resource: '*' }],
});
// eks:* (cluster-admin) plus one action of each lateral-movement node-role check, so that each fires live.
const INLINE_ADMIN = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow', Resource: '*',
    Action: ['eks:*', 'ec2:ModifySnapshotAttribute', 'ssm:SendCommand', 'ec2:AuthorizeSecurityGroupIngress', 'kms:Decrypt', 's3:GetObject', 'ecr:BatchDeleteImage', 'cloudtrail:StopLogging', 'ec2:CreateNetworkInterface',
      'ecr:PutReplicationConfiguration', 'lambda:UpdateFunctionCode', 'ec2:ModifyInstanceAttribute', 'eks:DeleteNodegroup', 'route53:ChangeResourceRecordSets'],
  }],
};

const enc = (doc: object) => encodeURIComponent(JSON.stringify(doc));

function cluster(name: string, secure: boolean): Record<string, unknown> {
  const id = secure ? 'B0C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5' : 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6';
  return {
    name,
    arn: `arn:aws:eks:${R}:${ACCOUNT}:cluster/${name}`,
    createdAt: created,
    version: secure ? '1.31' : '1.27',
    endpoint: `https://${id}.gr7.${R}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-cluster`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d', 'subnet-1a2b3c4d'], securityGroupIds: [], clusterSecurityGroupId: 'sg-0123456789abcdef0', vpcId: 'vpc-0a1b2c3d',
      endpointPublicAccess: !secure, endpointPrivateAccess: secure, publicAccessCidrs: secure ? [] : ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
    logging: {
      clusterLogging: secure
        ? [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }]
        : [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false }],
    },
    identity: { oidc: { issuer: `https://oidc.eks.${R}.amazonaws.com/id/${id}` } },
    status: 'ACTIVE',
    certificateAuthority: { data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t' },
    platformVersion: 'eks.8',
    tags: {},
    ...(secure ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: `arn:aws:kms:${R}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } }] } : {}),
    accessConfig: { authenticationMode: secure ? 'API' : 'CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: !secure },
    upgradePolicy: { supportType: 'STANDARD' },
  };
}

function nodegroup(clusterName: string, name: string, secure: boolean): Record<string, unknown> {
  return {
    nodegroupName: name,
    nodegroupArn: `arn:aws:eks:${R}:${ACCOUNT}:nodegroup/${clusterName}/${name}/1ab2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d`,
    clusterName, version: secure ? '1.31' : '1.27', releaseVersion: secure ? '1.31.0-20241115' : '1.27.16-20240917',
    createdAt: created, modifiedAt: created, status: 'ACTIVE', capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
    instanceTypes: ['m5.large'], subnets: ['subnet-0a1b2c3d'],
    ...(secure ? {} : { remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroups: [] } }),
    amiType: secure ? 'BOTTLEROCKET_x86_64' : 'AL2_x86_64',
    nodeRole: `arn:aws:iam::${ACCOUNT}:role/${clusterName}-node`,
    labels: {}, taints: [], resources: { autoScalingGroups: [{ name: `eks-${name}-1ab2c3d4` }] }, diskSize: 20,
    health: { issues: [] }, updateConfig: { maxUnavailable: 1 }, tags: {},
  };
}

function repository(name: string, secure: boolean): Record<string, unknown> {
  return {
    repositoryArn: `arn:aws:ecr:${R}:${ACCOUNT}:repository/${name}`,
    registryId: ACCOUNT,
    repositoryName: name,
    repositoryUri: `${ACCOUNT}.dkr.ecr.${R}.amazonaws.com/${name}`,
    createdAt: created,
    imageTagMutability: secure ? 'IMMUTABLE' : 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: secure },
    encryptionConfiguration: secure ? { encryptionType: 'KMS', kmsKey: `arn:aws:kms:${R}:${ACCOUNT}:key/5678efgh-12ab-34cd-56ef-1234567890ab` } : { encryptionType: 'AES256' },
  };
}

const eks = (operation: string, input: Record<string, unknown>, output: Record<string, unknown>): DocumentedCall => ({ service: 'eks', operation, region: R, input, output });
const ecr = (operation: string, input: Record<string, unknown>, output?: Record<string, unknown>, error?: DocumentedCall['error']): DocumentedCall =>
  ({ service: 'ecr', operation, region: R, input, ...(output ? { output } : {}), ...(error ? { error } : {}) });
const iam = (operation: string, input: Record<string, unknown>, output: Record<string, unknown>): DocumentedCall => ({ service: 'iam', operation, input, output });

function policyCalls(p: { arn: string; name: string; doc: object }): DocumentedCall[] {
  return [
    iam('GetPolicy', { PolicyArn: p.arn }, { Policy: { PolicyName: p.name, PolicyId: 'ANPAEXAMPLE', Arn: p.arn, Path: '/', DefaultVersionId: 'v3', AttachmentCount: 1, IsAttachable: true } }),
    iam('GetPolicyVersion', { PolicyArn: p.arn, VersionId: 'v3' }, { PolicyVersion: { Document: enc(p.doc), VersionId: 'v3', IsDefaultVersion: true } }),
  ];
}

const lifecycle = JSON.stringify({ rules: [{ rulePriority: 1, description: 'expire untagged', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }] });
const publicPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'public-pull', Effect: 'Allow', Principal: '*', Action: ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] }] });

export const DOCUMENTED_AWS: DocumentedCall[] = [
  { service: 'sts', operation: 'GetCallerIdentity', region: R, input: {}, output: { UserId: 'AIDAEXAMPLEUSERID', Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` } },
  eks('ListClusters', {}, { clusters: ['prod', 'secure'] }),
  eks('DescribeCluster', { name: 'prod' }, { cluster: cluster('prod', false) }),
  eks('DescribeCluster', { name: 'secure' }, { cluster: cluster('secure', true) }),
  eks('ListNodegroups', { clusterName: 'prod' }, { nodegroups: ['workers'] }),
  eks('ListNodegroups', { clusterName: 'secure' }, { nodegroups: ['private'] }),
  eks('DescribeNodegroup', { clusterName: 'prod', nodegroupName: 'workers' }, { nodegroup: nodegroup('prod', 'workers', false) }),
  eks('DescribeNodegroup', { clusterName: 'secure', nodegroupName: 'private' }, { nodegroup: nodegroup('secure', 'private', true) }),
  eks('ListAddons', { clusterName: 'prod' }, { addons: ['coredns', 'kube-proxy', 'vpc-cni'] }),
  eks('ListAddons', { clusterName: 'secure' }, { addons: ['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni'] }),
  eks('DescribeAddon', { clusterName: 'prod', addonName: 'vpc-cni' }, { addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.18.1-eksbuild.1', addonArn: `arn:aws:eks:${R}:${ACCOUNT}:addon/prod/vpc-cni/a1b2`, createdAt: created, modifiedAt: created, tags: {} } }),
  eks('DescribeAddon', { clusterName: 'secure', addonName: 'vpc-cni' }, { addon: { addonName: 'vpc-cni', clusterName: 'secure', status: 'ACTIVE', addonVersion: 'v1.19.0-eksbuild.1', addonArn: `arn:aws:eks:${R}:${ACCOUNT}:addon/secure/vpc-cni/c3d4`, createdAt: created, modifiedAt: created, tags: {}, configurationValues: '{"enableNetworkPolicy":"true"}', serviceAccountRoleArn: `arn:aws:iam::${ACCOUNT}:role/secure-vpc-cni` } }),
  ecr('DescribeRepositories', {}, { repositories: [repository('app', false), repository('secure-app', true)] }),
  ecr('GetRegistryScanningConfiguration', {}, { registryId: ACCOUNT, scanningConfiguration: { scanType: 'BASIC', rules: [] } }),
  ecr('GetLifecyclePolicy', { repositoryName: 'app', registryId: ACCOUNT }, undefined, { name: 'LifecyclePolicyNotFoundException', message: `Lifecycle policy does not exist for the repository with name 'app' in the registry with id '${ACCOUNT}'`, status: 400 }),
  ecr('GetLifecyclePolicy', { repositoryName: 'secure-app', registryId: ACCOUNT }, { registryId: ACCOUNT, repositoryName: 'secure-app', lifecyclePolicyText: lifecycle, lastEvaluatedAt: created }),
  ecr('GetRepositoryPolicy', { repositoryName: 'app', registryId: ACCOUNT }, { registryId: ACCOUNT, repositoryName: 'app', policyText: publicPolicy }),
  ecr('GetRepositoryPolicy', { repositoryName: 'secure-app', registryId: ACCOUNT }, undefined, { name: 'RepositoryPolicyNotFoundException', message: `Repository policy does not exist for the repository with name 'secure-app' in the registry with id '${ACCOUNT}'`, status: 400 }),
  iam('ListAttachedRolePolicies', { RoleName: 'prod-node' }, { AttachedPolicies: [{ PolicyName: WORKER.name, PolicyArn: WORKER.arn }, { PolicyName: ECR_POWER.name, PolicyArn: ECR_POWER.arn }], IsTruncated: false }),
  iam('ListAttachedRolePolicies', { RoleName: 'secure-node' }, { AttachedPolicies: [{ PolicyName: WORKER.name, PolicyArn: WORKER.arn }, { PolicyName: ECR_READ.name, PolicyArn: ECR_READ.arn }], IsTruncated: false }),
  ...policyCalls(WORKER), ...policyCalls(ECR_READ), ...policyCalls(ECR_POWER),
  iam('ListRolePolicies', { RoleName: 'prod-node' }, { PolicyNames: ['eks-admin'], IsTruncated: false }),
  iam('ListRolePolicies', { RoleName: 'secure-node' }, { PolicyNames: [], IsTruncated: false }),
  iam('GetRolePolicy', { RoleName: 'prod-node', PolicyName: 'eks-admin' }, { RoleName: 'prod-node', PolicyName: 'eks-admin', PolicyDocument: enc(INLINE_ADMIN) }),
  iam('ListOpenIDConnectProviders', {}, { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.${R}.amazonaws.com/id/B0C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5` }] }),
];
