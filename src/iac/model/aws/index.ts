/** The AWS part of the state. */
import type { EcrState } from './ecr.js';
import type { EcsState } from './ecs.js';
import type { EksState } from './eks.js';
import type { IamState } from './iam.js';


export interface AwsState {
  ecs: EcsState;
  eks: EksState;
  ecr: EcrState;
  iam: IamState;
}

export function emptyAws(): AwsState {
  return {
    ecs: { taskDefinitions: [], clusters: [], services: [] },
    eks: { clusters: [], nodeGroups: [], addons: [], oidcProviders: [], launchTemplates: [] },
    ecr: { repositories: [], lifecyclePolicies: [], repositoryPolicies: [], registryScanning: [] },
    iam: { roles: [], policies: [] },
  };
}
