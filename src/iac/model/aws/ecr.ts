/** Amazon ECR repositories (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

interface EcrRepository {
  meta: ResourceMeta;
  name: Val<string | undefined>;
  scanOnPush: Val<boolean>;
  /** MUTABLE | IMMUTABLE | MUTABLE_WITH_EXCLUSION | IMMUTABLE_WITH_EXCLUSION. */
  imageTagMutability: Val<string>;
  /** AES256 | KMS | KMS_DSSE. */
  encryptionType: Val<string>;
  kmsKey: Val<string | undefined>;
  /** Repository policy document (JSON text), when one is attached. */
  policy: Val<string | undefined>;
  hasLifecyclePolicy: Val<boolean>;
}

export interface EcrState {
  repositories: EcrRepository[];
}
