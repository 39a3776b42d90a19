/** The Google Cloud part of the state. */
import type { ArtifactRegistryState } from './artifact-registry.js';
import type { CloudRunState } from './cloud-run.js';
import type { GkeState } from './gke.js';


export interface GoogleState {
  cloudRun: CloudRunState;
  gke: GkeState;
  artifactRegistry: ArtifactRegistryState;
}

export function emptyGoogle(): GoogleState {
  return {
    cloudRun: { services: [], iam: [] },
    gke: { clusters: [], nodePools: [] },
    artifactRegistry: { repositories: [], iam: [] },
  };
}
