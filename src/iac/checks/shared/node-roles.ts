/**
 * The node roles of EKS node groups and what their policies allow: inline and attached policies, AWS-managed
 * policies by ARN (their documents are fixed by AWS; the few that matter are listed here), customer-managed
 * policies joined by reference, and the documents the live collector read. Deny statements with `Resource: "*"`
 * remove an action; conditions are not evaluated (a conditioned Allow still counts: the finding says "may").
 */
import type { State } from '../../model/state.js';
import type { IamPolicyDoc, IamRole, IamStatement } from '../../model/aws/iam.js';
import type { EksNodeGroup } from '../../model/aws/eks.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { Loc } from '../../model/value.js';
import { sameAddress } from '../../adapters/cloud/refs.js';
import { actionAllowed } from './iam-actions.js';
import { failure, type CheckFailure } from '../define.js';

/** AWS-managed policies that grant something the node-role checks look for (their documents, abridged to those actions). */
const MANAGED: Record<string, string[]> = {
  AdministratorAccess: ['*'],
  PowerUserAccess: ['*'],
  IAMFullAccess: ['iam:*'],
  AmazonEC2ContainerRegistryFullAccess: ['ecr:*'],
  AmazonEC2ContainerRegistryPowerUser: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchGetImage'],
  AmazonElasticContainerRegistryPublicFullAccess: ['ecr-public:*'],
  SecretsManagerReadWrite: ['secretsmanager:*'],
  AmazonSSMFullAccess: ['ssm:*'],
  // The VPC CNI's ENI actions (AmazonEKS_CNI_Policy), abridged.
  AmazonEKS_CNI_Policy: ['ec2:AssignPrivateIpAddresses', 'ec2:AttachNetworkInterface', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:UnassignPrivateIpAddresses'],
  AmazonS3FullAccess: ['s3:*'],
  AmazonEC2FullAccess: ['ec2:*'],
};

/** `block`: the policy resource the grant was written in, when it is not the role itself. */
interface Grant { policy: string; statement: IamStatement; loc: Loc; block?: Loc }

interface NodeRole {
  /** The node group(s) using it, for messages. */
  groups: EksNodeGroup[];
  role?: IamRole;
  meta: ResourceMeta;
  label: string;
  grants: Grant[];
  denies: IamStatement[];
  /** Some policy could not be evaluated: "does not allow" cannot be concluded (but "allows" still can). */
  partial: boolean;
}

const arnName = (arn: string) => arn.split('/').pop() ?? arn;

function roleOf(s: State, g: EksNodeGroup): IamRole | undefined {
  return s.aws.iam.roles.find((r) => (g.nodeRoleRef && sameAddress(g.nodeRoleRef, r.meta.address))
    || (g.nodeRoleArn.known && g.nodeRoleArn.value && ((r.arn?.known && r.arn.value === g.nodeRoleArn.value) || (r.name.known && r.name.value === arnName(g.nodeRoleArn.value)))));
}

function attached(p: IamPolicyDoc, role: IamRole): boolean {
  if (p.attachedToRefs?.some((ref) => sameAddress(ref, role.meta.address))) return true;
  if (!p.attachedTo.known) return false;
  const names = [role.name.known ? role.name.value : undefined, role.arn?.known ? role.arn.value : undefined].filter(Boolean);
  return p.attachedTo.value.some((a) => names.includes(a) || names.includes(arnName(a)));
}

function managedGrants(arn: string, loc: Loc, block?: Loc): Grant[] {
  const name = arnName(arn);
  const actions = arn.startsWith('arn:aws:iam::aws:policy/') || arn.startsWith('arn:aws-us-gov:iam::aws:policy/') ? MANAGED[name] : undefined;
  if (!actions) return [];
  return [{ policy: name, loc, ...(block ? { block } : {}), statement: { loc, effect: { known: true, value: 'Allow', loc, explicit: true }, actions: { known: true, value: actions, loc, explicit: true }, resources: { known: true, value: ['*'], loc, explicit: true } } }];
}

export function nodeRoles(s: State): NodeRole[] {
  const byKey = new Map<string, NodeRole>();
  for (const g of s.aws.eks.nodeGroups) {
    const role = roleOf(s, g);
    const key = role?.meta.address ?? (g.nodeRoleArn.known ? g.nodeRoleArn.value : undefined);
    if (!key) continue;
    let nr = byKey.get(key);
    if (!nr) {
      nr = { groups: [], role, meta: role?.meta ?? g.meta, label: role?.name.known && role.name.value ? role.name.value : arnName(key), grants: [], denies: [], partial: !role };
      byKey.set(key, nr);
      if (role) collect(s, role, nr);
    }
    nr.groups.push(g);
  }
  return [...byKey.values()];
}

function collect(s: State, role: IamRole, nr: NodeRole): void {
  if (role.managedPolicyArns.known) for (const arn of role.managedPolicyArns.value) nr.grants.push(...managedGrants(arn, role.managedPolicyArns.loc));
  else nr.partial = true;
  for (const p of s.aws.iam.policies) {
    if (!attached(p, role)) continue;
    if (p.managedPolicyArn) {
      if (p.managedPolicyArn.known && p.managedPolicyArn.value) nr.grants.push(...managedGrants(p.managedPolicyArn.value, p.managedPolicyArn.loc, p.meta.loc));
      const target = p.policyRef ? s.aws.iam.policies.find((q) => sameAddress(q.meta.address, p.policyRef)) : undefined;
      if (target) add(nr, target);
      else if (!p.managedPolicyArn.known) nr.partial = true;
      continue;
    }
    add(nr, p);
  }
}

function add(nr: NodeRole, p: IamPolicyDoc): void {
  if (p.unknown) nr.partial = true;
  for (const st of p.statements) {
    if (!st.effect.known || !st.actions.known) { nr.partial = true; continue; }
    if (st.effect.value === 'Deny') nr.denies.push(st);
    else nr.grants.push({ policy: p.meta.address, statement: st, loc: st.loc, block: p.meta.loc });
  }
}

/** A node-role failure at the grant; an ignore written on the policy resource holding the grant counts as well. */
export function grantFailure(nr: NodeRole, message: string, grant: Grant): CheckFailure {
  return { ...failure(nr.meta, message, grant.loc), ...(grant.block ? { alsoIn: [grant.block] } : {}) };
}

/** The first grant that allows one of `actions` (and is not denied on every resource), with the action it allows. */
export function allows(nr: NodeRole, actions: readonly string[], opts: { anyResource?: boolean } = {}): { grant: Grant; action: string } | undefined {
  for (const action of actions) {
    const denied = nr.denies.some((d) => d.actions.known && actionAllowed(d.actions.value, action) && d.resources.known && d.resources.value.includes('*'));
    if (denied) continue;
    for (const grant of nr.grants) {
      const st = grant.statement;
      const acts = st.notActions?.known ? null : st.actions.known ? st.actions.value : [];
      const ok = acts === null ? !actionAllowed(st.notActions!.known ? st.notActions!.value : [], action) : actionAllowed(acts, action);
      if (!ok) continue;
      if (opts.anyResource && !(st.resources.known && st.resources.value.includes('*'))) continue;
      return { grant, action };
    }
  }
  return undefined;
}

export const NODE_ROLE_TF = (policy: string, extra = '') => `resource "aws_iam_role" "node" {
  name = "eks-node"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "worker" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}
${policy}
resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = ["subnet-0a1b2c3d"]
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}
${extra}`;

export const inlinePolicy = (actions: string, resource = '"*"') => `
resource "aws_iam_role_policy" "extra" {
  name = "extra"
  role = aws_iam_role.node.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ${actions}, Resource = ${resource} }]
  })
}
`;

export const managedAttachment = (name: string) => `
resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/${name}"
}
`;
