/**
 * Terraform (HCL and plan) and CloudFormation resources → the EKS, ECR and IAM parts of the state. One function per
 * resource type, listed in `AWS_CLOUD_ADAPTERS` under both spellings. Defaults are the provider's documented ones
 * (`explicit: false`); settings whose default depends on things we cannot see (AMI, provider major version) are
 * left undefined so that no check fails on a guess.
 */
import { at, bool, num, objects, str, strList } from '../../model/read.js';
import type { Node, RawResource } from '../../model/node.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { State } from '../../model/state.js';
import { known, unknown, type Val } from '../../model/value.js';
import type { EcrScanningRule } from '../../model/aws/ecr.js';
import type { IamPolicyDoc } from '../../model/aws/iam.js';
import { policyFromNode } from './iam-policy.js';
import { refAddress, refAt } from './refs.js';

export type ResourceAdapter = (r: RawResource, s: State) => void;

export function metaOf(r: RawResource): ResourceMeta {
  return { address: r.address, type: r.type, source: r.source, loc: r.loc };
}

const cfn = (r: RawResource) => r.source === 'cloudformation';
/** Terraform path or CloudFormation path, by source. */
const p = (r: RawResource, tf: string, cf: string) => (cfn(r) ? cf : tf);

function eksCluster(r: RawResource, s: State): void {
  const b = r.body;
  const secrets = objects(b, p(r, 'encryption_config', 'EncryptionConfig')).find((e) => {
    const res = strList(e, p(r, 'resources', 'Resources'));
    return !res.known || res.value.includes('secrets');
  });
  let key: Val<string | undefined> = known(undefined, b.loc, false);
  if (secrets) {
    const res = strList(secrets, p(r, 'resources', 'Resources'));
    key = res.known ? setValue(secrets, p(r, 'provider.key_arn', 'Provider.KeyArn')) : unknown(res.loc, res.reason);
  }
  const publicAccess = bool(b, p(r, 'vpc_config.endpoint_public_access', 'ResourcesVpcConfig.EndpointPublicAccess'), true);
  const cidrs = strList(b, p(r, 'vpc_config.public_access_cidrs', 'ResourcesVpcConfig.PublicAccessCidrs'));
  s.aws.eks.clusters.push({
    meta: metaOf(r),
    name: str(b, p(r, 'name', 'Name')),
    endpointPublicAccess: publicAccess,
    endpointPrivateAccess: bool(b, p(r, 'vpc_config.endpoint_private_access', 'ResourcesVpcConfig.EndpointPrivateAccess'), false),
    // Not written: EKS allows 0.0.0.0/0.
    publicAccessCidrs: cidrs.known && !cidrs.explicit ? known(['0.0.0.0/0'], cidrs.loc, false) : cidrs,
    secretsEncryptionKey: key,
    enabledLogTypes: cfn(r)
      ? cfnLogTypes(b)
      : strList(b, 'enabled_cluster_log_types'),
    version: str(b, p(r, 'version', 'Version')),
    authenticationMode: str(b, p(r, 'access_config.authentication_mode', 'AccessConfig.AuthenticationMode')),
    bootstrapCreatorAdmin: bool(b, p(r, 'access_config.bootstrap_cluster_creator_admin_permissions', 'AccessConfig.BootstrapClusterCreatorAdminPermissions')),
    oidcIssuer: unknown(r.loc, 'the OIDC issuer is known after apply'),
  });
}

/**
 * A string attribute where only "is it set" matters (a KMS key): a reference to another resource
 * (`aws_kms_key.k.arn`) is set even though its value is known after apply; an unset variable stays unknown.
 */
export function setValue(b: Node, path: string): Val<string | undefined> {
  const n = at(b, path);
  if (n?.kind === 'unknown' && n.ref) return known(n.ref, n.loc);
  return str(b, path);
}

/** `Logging.ClusterLogging.EnabledTypes: [{ Type: api }]`. */
function cfnLogTypes(b: Node): Val<string[]> {
  const n = at(b, 'Logging.ClusterLogging.EnabledTypes');
  if (!n) return known([], b.loc, false);
  if (n.kind === 'unknown') return unknown(n.loc, n.reason);
  const out: string[] = [];
  for (const t of objects(b, 'Logging.ClusterLogging.EnabledTypes')) {
    const v = str(t, 'Type');
    if (!v.known) return unknown(v.loc, v.reason);
    if (v.value) out.push(v.value);
  }
  return known(out, n.loc);
}

function eksNodeGroup(r: RawResource, s: State): void {
  const b = r.body;
  const remote = at(b, p(r, 'remote_access', 'RemoteAccess'));
  const lt = at(b, p(r, 'launch_template', 'LaunchTemplate'));
  s.aws.eks.nodeGroups.push({
    meta: metaOf(r),
    name: str(b, p(r, 'node_group_name', 'NodegroupName')),
    clusterName: str(b, p(r, 'cluster_name', 'ClusterName')),
    clusterRef: refAt(b, p(r, 'cluster_name', 'ClusterName'), r.address),
    nodeRoleArn: str(b, p(r, 'node_role_arn', 'NodeRole')),
    nodeRoleRef: refAt(b, p(r, 'node_role_arn', 'NodeRole'), r.address),
    remoteAccessSourceSgs: strList(b, p(r, 'remote_access.source_security_group_ids', 'RemoteAccess.SourceSecurityGroups')),
    hasRemoteAccess: known(remote !== undefined, remote?.loc ?? b.loc, remote !== undefined),
    metadataHopLimit: known(undefined, b.loc, false),
    metadataHttpTokens: known(undefined, b.loc, false),
    launchTemplateRef: refAt(b, p(r, 'launch_template.id', 'LaunchTemplate.Id'), r.address) ?? refAt(b, p(r, 'launch_template.name', 'LaunchTemplate.Name'), r.address),
    hasLaunchTemplate: known(lt !== undefined, lt?.loc ?? b.loc, lt !== undefined),
    amiType: str(b, p(r, 'ami_type', 'AmiType')),
  });
}

function launchTemplate(r: RawResource, s: State): void {
  const b = r.body;
  const base = cfn(r) ? 'LaunchTemplateData.MetadataOptions.' : 'metadata_options.';
  s.aws.eks.launchTemplates.push({
    meta: metaOf(r),
    name: str(b, p(r, 'name', 'LaunchTemplateName')),
    httpTokens: str(b, base + (cfn(r) ? 'HttpTokens' : 'http_tokens')),
    httpPutResponseHopLimit: num(b, base + (cfn(r) ? 'HttpPutResponseHopLimit' : 'http_put_response_hop_limit')),
    httpEndpoint: str(b, base + (cfn(r) ? 'HttpEndpoint' : 'http_endpoint')),
    associatePublicIp: bool(b, p(r, 'network_interfaces.associate_public_ip_address', 'LaunchTemplateData.NetworkInterfaces.AssociatePublicIpAddress')),
    ebsEncrypted: bool(b, p(r, 'block_device_mappings.ebs.encrypted', 'LaunchTemplateData.BlockDeviceMappings.Ebs.Encrypted')),
  });
}

function eksAddon(r: RawResource, s: State): void {
  const b = r.body;
  s.aws.eks.addons.push({
    meta: metaOf(r),
    clusterName: str(b, p(r, 'cluster_name', 'ClusterName')),
    clusterRef: refAt(b, p(r, 'cluster_name', 'ClusterName'), r.address),
    name: str(b, p(r, 'addon_name', 'AddonName')),
    configurationValues: str(b, p(r, 'configuration_values', 'ConfigurationValues')),
    serviceAccountRole: at(b, p(r, 'pod_identity_association', 'PodIdentityAssociations')) ? known('pod identity', b.loc) : setValue(b, p(r, 'service_account_role_arn', 'ServiceAccountRoleArn')),
  });
}

function oidcProvider(r: RawResource, s: State): void {
  const b = r.body;
  s.aws.eks.oidcProviders.push({ meta: metaOf(r), url: str(b, p(r, 'url', 'Url')), clusterRef: refAt(b, p(r, 'url', 'Url'), r.address) });
}

function ecrRepository(r: RawResource, s: State): void {
  const b = r.body;
  const policyNode = cfn(r) ? at(b, 'RepositoryPolicyText') : undefined;
  s.aws.ecr.repositories.push({
    meta: metaOf(r),
    name: str(b, p(r, 'name', 'RepositoryName')),
    scanOnPush: bool(b, p(r, 'image_scanning_configuration.scan_on_push', 'ImageScanningConfiguration.ScanOnPush'), false),
    imageTagMutability: str(b, p(r, 'image_tag_mutability', 'ImageTagMutability'), 'MUTABLE'),
    encryptionType: str(b, p(r, 'encryption_configuration.encryption_type', 'EncryptionConfiguration.EncryptionType'), 'AES256'),
    kmsKey: str(b, p(r, 'encryption_configuration.kms_key', 'EncryptionConfiguration.KmsKey')),
    policy: policyText(policyNode, b),
    hasLifecyclePolicy: cfn(r) ? known(at(b, 'LifecyclePolicy.LifecyclePolicyText') !== undefined, b.loc, at(b, 'LifecyclePolicy') !== undefined) : known(false, b.loc, false),
  });
}

/** A policy attribute as JSON text: written as a string, as an object (`jsonencode`, CloudFormation), or unknown. */
function policyText(n: Node | undefined, b: Node): Val<string | undefined> {
  if (!n) return known(undefined, b.loc, false);
  if (n.kind === 'unknown') return unknown(n.loc, n.reason);
  const parsed = policyFromNode(n);
  if (parsed.unknown) return unknown(n.loc, 'the policy document could not be evaluated');
  return known(n.kind === 'scalar' ? String(n.value) : JSON.stringify(toPlain(n)), n.loc);
}

function toPlain(n: Node): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'list') return n.items.map(toPlain);
  if (n.kind === 'object') return Object.fromEntries([...n.fields].map(([k, v]) => [k, toPlain(v)]));
  return '<known after apply>';
}

function ecrAttachment(kind: 'lifecyclePolicies' | 'repositoryPolicies'): ResourceAdapter {
  return (r, s) => {
    const b = r.body;
    s.aws.ecr[kind].push({
      meta: metaOf(r),
      repository: str(b, 'repository'),
      repositoryRef: refAt(b, 'repository', r.address),
      ...(kind === 'repositoryPolicies' ? { policy: policyText(at(b, 'policy'), b) } : {}),
    });
  };
}

function ecrRegistryScanning(r: RawResource, s: State): void {
  const b = r.body;
  const rules: EcrScanningRule[] = objects(b, p(r, 'rule', 'Rules')).map((rule) => {
    const filters = objects(rule, p(r, 'repository_filter', 'RepositoryFilters')).map((f) => str(f, p(r, 'filter', 'Filter')));
    const unknownFilter = filters.find((f) => !f.known);
    return {
      frequency: str(rule, p(r, 'scan_frequency', 'ScanFrequency')),
      filters: unknownFilter ? unknown(unknownFilter.loc, 'a repository filter is not known') : known(filters.map((f) => (f.known ? f.value ?? '' : '')), rule.loc),
    };
  });
  s.aws.ecr.registryScanning.push({ meta: metaOf(r), scanType: str(b, p(r, 'scan_type', 'ScanType')), rules });
}

function pushPolicy(s: State, doc: IamPolicyDoc): void {
  s.aws.iam.policies.push(doc);
}

function iamRole(r: RawResource, s: State): void {
  const b = r.body;
  const trust = policyFromNode(at(b, p(r, 'assume_role_policy', 'AssumeRolePolicyDocument')));
  s.aws.iam.roles.push({
    meta: metaOf(r),
    name: str(b, p(r, 'name', 'RoleName')),
    managedPolicyArns: strList(b, p(r, 'managed_policy_arns', 'ManagedPolicyArns')),
    assumeRoleServices: trust.unknown ? unknown(r.loc, 'the trust policy could not be evaluated') : known([], r.loc, false),
  });
  for (const inline of objects(b, p(r, 'inline_policy', 'Policies'))) {
    const doc = policyFromNode(at(inline, p(r, 'policy', 'PolicyDocument')));
    const name = str(inline, p(r, 'name', 'PolicyName'));
    pushPolicy(s, {
      meta: { ...metaOf(r), address: `${r.address}#${name.known ? name.value ?? 'inline' : 'inline'}`, loc: inline.loc },
      attachedTo: known([], inline.loc, false), attachedToRefs: [r.address], ...doc,
    });
  }
}

function iamRolePolicy(r: RawResource, s: State): void {
  const b = r.body;
  const ref = refAt(b, 'role', r.address);
  pushPolicy(s, { meta: metaOf(r), attachedTo: strList(b, 'role'), attachedToRefs: ref ? [ref] : [], ...policyFromNode(at(b, 'policy')) });
}

function iamRolePolicyAttachment(r: RawResource, s: State): void {
  const b = r.body;
  const ref = refAt(b, 'role', r.address);
  pushPolicy(s, {
    meta: metaOf(r), attachedTo: strList(b, 'role'), attachedToRefs: ref ? [ref] : [], statements: [], unknown: false,
    managedPolicyArn: str(b, 'policy_arn'), policyRef: refAt(b, 'policy_arn', r.address),
  });
}

/** `aws_iam_policy` (attached elsewhere) and CloudFormation `AWS::IAM::Policy` / `ManagedPolicy` (with `Roles`). */
function iamPolicy(r: RawResource, s: State): void {
  const b = r.body;
  pushPolicy(s, {
    meta: metaOf(r),
    attachedTo: cfn(r) ? strList(b, 'Roles') : known([], r.loc, false),
    attachedToRefs: cfn(r) ? refsOf(b, 'Roles', r.address) : [],
    ...policyFromNode(at(b, p(r, 'policy', 'PolicyDocument'))),
  });
}

function refsOf(b: Node, path: string, from: string): string[] {
  const n = at(b, path);
  if (n?.kind !== 'list') return [];
  return n.items.map((i) => (i.kind === 'unknown' ? refAddress(from, i.ref) : undefined)).filter((x): x is string => Boolean(x));
}

export const AWS_CLOUD_ADAPTERS: Record<string, ResourceAdapter> = {
  aws_eks_cluster: eksCluster, 'AWS::EKS::Cluster': eksCluster,
  aws_eks_node_group: eksNodeGroup, 'AWS::EKS::Nodegroup': eksNodeGroup,
  aws_eks_addon: eksAddon, 'AWS::EKS::Addon': eksAddon,
  aws_iam_openid_connect_provider: oidcProvider, 'AWS::IAM::OIDCProvider': oidcProvider,
  aws_launch_template: launchTemplate, 'AWS::EC2::LaunchTemplate': launchTemplate,
  aws_ecr_repository: ecrRepository, 'AWS::ECR::Repository': ecrRepository,
  aws_ecr_lifecycle_policy: ecrAttachment('lifecyclePolicies'),
  aws_ecr_repository_policy: ecrAttachment('repositoryPolicies'),
  aws_ecr_registry_scanning_configuration: ecrRegistryScanning, 'AWS::ECR::RegistryScanningConfiguration': ecrRegistryScanning,
  aws_iam_role: iamRole, 'AWS::IAM::Role': iamRole,
  aws_iam_role_policy: iamRolePolicy,
  aws_iam_role_policy_attachment: iamRolePolicyAttachment,
  aws_iam_policy: iamPolicy, 'AWS::IAM::Policy': iamPolicy, 'AWS::IAM::ManagedPolicy': iamPolicy,
};
