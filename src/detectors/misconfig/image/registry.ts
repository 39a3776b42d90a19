/** The one list of image-hardening checks, in report order. */
import type { ImageCheck } from './check.js';
import { imageAddUrl, imageReferencePin, imageRiskyPorts, imageRootUser, imageSecretEnvNames } from './config-checks.js';
import { imageAttackSurface, imageSetuid, imageSshServer, imageWorldWritable } from './file-checks.js';
import { imageEolOs, imageMinimalBase } from './os-checks.js';

export const imageChecks: readonly ImageCheck[] = [
  imageRootUser, imageSetuid, imageWorldWritable, imageAttackSurface, imageSshServer, imageRiskyPorts,
  imageAddUrl, imageReferencePin, imageSecretEnvNames, imageEolOs, imageMinimalBase,
];
