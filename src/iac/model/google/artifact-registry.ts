/** Artifact Registry repositories and their IAM (owned by the cloud checks). */
import type { IamGrant, ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface ArtifactRepository {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  format: Val<string | undefined>;
  kmsKey: Val<string | undefined>;
  immutableTags: Val<boolean>;
  hasCleanupPolicies: Val<boolean>;
  /** `vulnerability_scanning_config.enablement_config`: INHERITED (scanning API decides) | DISABLED. */
  scanningConfig: Val<string | undefined>;
  /** STANDARD_REPOSITORY | VIRTUAL_REPOSITORY | REMOTE_REPOSITORY. */
  mode: Val<string | undefined>;
}

export interface ArtifactRegistryState {
  repositories: ArtifactRepository[];
  iam: IamGrant[];
}
