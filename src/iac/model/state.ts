/**
 * The provider-neutral typed state every IaC and cloud check evaluates (Trivy's defsec `state` model): one tree
 * filled by any number of adapters (Terraform HCL or plan, CloudFormation, Compose, ECS/Cloud Run documents, live
 * cloud inventories). Checks never see the input format.
 */
import { emptyAws, type AwsState } from './aws/index.js';
import { emptyAzure, type AzureState } from './azure/index.js';
import type { ComposeState } from './compose.js';
import { emptyDigitalOcean, type DigitalOceanState } from './digitalocean/index.js';
import { emptyGoogle, type GoogleState } from './google/index.js';
import type { TerraformState } from './terraform.js';

export interface State {
  aws: AwsState;
  google: GoogleState;
  azure: AzureState;
  digitalocean: DigitalOceanState;
  compose: ComposeState;
  terraform: TerraformState;
}

export function emptyState(): State {
  return {
    aws: emptyAws(),
    google: emptyGoogle(),
    azure: emptyAzure(),
    digitalocean: emptyDigitalOcean(),
    compose: { services: [] },
    terraform: { providers: [], modules: [], variables: [], backends: [] },
  };
}
