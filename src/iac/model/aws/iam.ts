/** AWS IAM roles and policies as far as the node-role checks need them (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Loc, Val } from '../value.js';

export interface IamStatement {
  loc: Loc;
  effect: Val<string>;
  actions: Val<string[]>;
  /** `NotAction` statements allow everything except the list: treated as allowing every action it does not name. */
  notActions?: Val<string[]>;
  resources: Val<string[]>;
}

export interface IamPolicyDoc {
  meta: ResourceMeta;
  /** Role names/ARNs it is attached to, as written. */
  attachedTo: Val<string[]>;
  /** Addresses of roles it references (`aws_iam_role.node`), for attachments written as references. */
  attachedToRefs?: string[];
  statements: IamStatement[];
  /** The document could not be evaluated. */
  unknown: boolean;
  /** A managed-policy attachment (`aws_iam_role_policy_attachment`): the policy's ARN; its statements are those of the policy. */
  managedPolicyArn?: Val<string | undefined>;
  /** Address of the customer-managed policy resource the attachment references (`aws_iam_policy.push`). */
  policyRef?: string;
}

export interface IamRole {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  /** The role's ARN when known (live), for matching node-group `nodeRole` values. */
  arn?: Val<string | undefined>;
  /** Managed policy ARNs attached (inline `managed_policy_arns` or attachment resources). */
  managedPolicyArns: Val<string[]>;
  assumeRoleServices: Val<string[]>;
}

export interface IamState {
  roles: IamRole[];
  policies: IamPolicyDoc[];
}
