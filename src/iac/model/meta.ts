/** Identity and location of one state entity, shared by every provider's types. */
import type { SourceKind } from './node.js';
import type { Loc, Val } from './value.js';

export interface ResourceMeta {
  /** Unique within the scan: `module.eks.aws_eks_cluster.this[0]`, CloudFormation logical id, compose service name, cloud ARN. */
  address: string;
  /** Provider type it was read from: `aws_eks_cluster`, `AWS::EKS::Cluster`, `compose:service`, `cloud:eks`. */
  type: string;
  source: SourceKind;
  /** The block / object that defines it (line .. endLine). */
  loc: Loc;
}

/** A name=value environment variable of a container (ECS, Cloud Run, Compose…). */
export interface EnvVar {
  name: string;
  value: Val<string | undefined>;
  loc: Loc;
}

/** An IAM grant of `role` to `members` on a resource (GCP IAM member/binding, Azure role assignment…). */
export interface IamGrant {
  meta: ResourceMeta;
  /** What it is granted on, as written (`google_cloud_run_service.api.name`, a service name). */
  resource: Val<string | undefined>;
  role: Val<string | undefined>;
  members: Val<string[]>;
}
