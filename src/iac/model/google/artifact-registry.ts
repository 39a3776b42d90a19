/** Artifact Registry repositories and their IAM (owned by the cloud checks). */
import type { IamGrant, ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

interface ArtifactRepository {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  format: Val<string | undefined>;
  kmsKey: Val<string | undefined>;
  immutableTags: Val<boolean>;
  hasCleanupPolicies: Val<boolean>;
}

export interface ArtifactRegistryState {
  repositories: ArtifactRepository[];
  iam: IamGrant[];
}
