/**
 * The one list of IaC and cloud checks, in report order. Add a check: one file under `checks/<provider>/<service>/`
 * and one import + one entry here, in its provider/service section (docs/iac.md, "Adding a check").
 */
import type { IacCheck } from './define.js';
// compose:service
import { composePrivileged } from './compose/service/privileged.js';
import { composeRootUser } from './compose/service/root-user.js';
import { composeReadOnly } from './compose/service/read-only.js';
import { composePlaintextSecrets } from './compose/service/plaintext-secrets.js';
import { composeHostNetwork } from './compose/service/host-network.js';
import { composeHostPid } from './compose/service/host-pid.js';
import { composeHostIpc } from './compose/service/host-ipc.js';
import { composeHostUserns } from './compose/service/host-userns.js';
import { composeDockerSocket } from './compose/service/docker-socket.js';
import { composeSensitiveMount } from './compose/service/sensitive-mount.js';

const COMPOSE: IacCheck[] = [
  composePrivileged, composeRootUser, composeReadOnly, composePlaintextSecrets, composeHostNetwork, composeHostPid, composeHostIpc,
  composeHostUserns, composeDockerSocket, composeSensitiveMount,
];

// aws:ecs

// aws:eks (cloud helper)

// aws:ecr (cloud helper)

// aws:iam (cloud helper)

// google:cloud-run

// google:gke (cloud helper)

// google:artifact-registry (cloud helper)

// azure:aks, azure:acr (cloud helper)

// digitalocean:kubernetes, digitalocean:registry (cloud helper)

// terraform:config

export const iacChecks: readonly IacCheck[] = [
  ...COMPOSE,
];
