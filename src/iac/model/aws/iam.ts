/** AWS IAM roles and policies as far as the node-role checks need them (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Loc, Val } from '../value.js';

interface IamStatement {
  loc: Loc;
  effect: Val<string>;
  actions: Val<string[]>;
  resources: Val<string[]>;
}

interface IamPolicyDoc {
  meta: ResourceMeta;
  /** Role names/ARNs it is attached to, as written. */
  attachedTo: Val<string[]>;
  statements: IamStatement[];
  /** The document could not be evaluated. */
  unknown: boolean;
}

interface IamRole {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  /** Managed policy ARNs attached (inline `managed_policy_arns` or attachment resources). */
  managedPolicyArns: Val<string[]>;
  assumeRoleServices: Val<string[]>;
}

export interface IamState {
  roles: IamRole[];
  policies: IamPolicyDoc[];
}
