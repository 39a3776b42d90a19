/** Cloud Run services (Terraform v1/v2 resources, Knative `serving.knative.dev/v1` Service YAML) and their IAM. */
import type { EnvVar, IamGrant, ResourceMeta } from '../meta.js';
import type { Loc, Val } from '../value.js';

interface CloudRunContainer {
  loc: Loc;
  image: Val<string | undefined>;
  /** Plain `value` variables only; variables from Secret Manager are not listed. */
  environment: EnvVar[];
  /** Cloud Run gen1 sandbox supports `privileged` only through annotations; kept for Knative YAML `securityContext`. */
  privileged: Val<boolean>;
  runAsUser: Val<number | undefined>;
}

export interface CloudRunService {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  /** all | internal | internal-and-cloud-load-balancing (v2: INGRESS_TRAFFIC_*) normalised to the v1 words. */
  ingress: Val<string>;
  serviceAccount: Val<string | undefined>;
  containers: CloudRunContainer[];
  containersUnknown: boolean;
  /** Binary Authorization: `use_default` / policy set (v2) or the `run.googleapis.com/binary-authorization` annotation. */
  binaryAuthorization: Val<boolean>;
  /** Customer-managed key (`encryption_key` / `run.googleapis.com/encryption-key`). */
  encryptionKey: Val<string | undefined>;
}

export interface CloudRunState {
  services: CloudRunService[];
  /** google_cloud_run_(v2_)service_iam_member / _binding / _policy. */
  iam: IamGrant[];
}
