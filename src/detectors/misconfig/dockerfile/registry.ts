/** The one list of Dockerfile checks, in report order. */
import type { DockerfileCheck } from './check.js';
import { dockerfileUser } from './user.js';
import { dockerfileDigestPin, dockerfileLatestTag } from './base-image.js';
import { dockerfileToolchain } from './toolchain.js';
import { dockerfileAptLists, dockerfileAptRecommends } from './apt.js';
import { dockerfileAddLocal, dockerfileAddUrl, dockerfileCurlPipeShell } from './remote-code.js';
import { dockerfileCopyAll, dockerfileExposeSsh, dockerfileHealthcheck, dockerfileSecretEnv, dockerfileSudo } from './context.js';

export const dockerfileChecks: readonly DockerfileCheck[] = [
  dockerfileUser, dockerfileDigestPin, dockerfileLatestTag, dockerfileToolchain, dockerfileAptRecommends,
  dockerfileAptLists, dockerfileCurlPipeShell, dockerfileAddUrl, dockerfileAddLocal, dockerfileCopyAll,
  dockerfileSudo, dockerfileSecretEnv, dockerfileExposeSsh, dockerfileHealthcheck,
];
