/** Amazon ECR repositories and the registry's scanning rules (owned by the cloud checks). */
import type { ResourceMeta } from '../meta.js';
import type { Val } from '../value.js';

export interface EcrRepository {
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

/** A registry scanning rule: repositories matching a filter are scanned on push / continuously. */
export interface EcrScanningRule {
  /** SCAN_ON_PUSH | CONTINUOUS_SCAN | MANUAL. */
  frequency: Val<string | undefined>;
  /** WILDCARD filters (`*`, `prod-*`). */
  filters: Val<string[]>;
}

interface EcrRegistryScanning {
  meta: ResourceMeta;
  /** BASIC | ENHANCED. */
  scanType: Val<string | undefined>;
  rules: EcrScanningRule[];
}

/** A lifecycle or repository policy written as its own resource (`aws_ecr_lifecycle_policy`), attached by name or reference. */
interface EcrRepositoryAttachment {
  meta: ResourceMeta;
  repository: Val<string | undefined>;
  repositoryRef?: string;
  /** Repository policies: the document (JSON text). */
  policy?: Val<string | undefined>;
}

export interface EcrState {
  repositories: EcrRepository[];
  lifecyclePolicies: EcrRepositoryAttachment[];
  repositoryPolicies: EcrRepositoryAttachment[];
  /** Registry-level scanning configuration(s): at most one per account and region. */
  registryScanning: EcrRegistryScanning[];
}
