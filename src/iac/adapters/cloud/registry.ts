/**
 * Resource type → adapter for every cloud resource the container checks read, Terraform and CloudFormation
 * spellings alike. The Terraform/CloudFormation readers hand each resource whose type is listed here to its adapter.
 */
import type { RawResource } from '../../model/node.js';
import type { State } from '../../model/state.js';
import { AWS_CLOUD_ADAPTERS } from './aws.js';
import { GOOGLE_CLOUD_ADAPTERS } from './google.js';
import { AZURE_CLOUD_ADAPTERS } from './azure.js';
import { DIGITALOCEAN_CLOUD_ADAPTERS } from './digitalocean.js';
import { CLOUD_RUN_ADAPTERS } from '../cloud-run.js';

const ADAPTERS: Record<string, (r: RawResource, s: State) => void> = {
  ...AWS_CLOUD_ADAPTERS, ...GOOGLE_CLOUD_ADAPTERS, ...CLOUD_RUN_ADAPTERS, ...AZURE_CLOUD_ADAPTERS, ...DIGITALOCEAN_CLOUD_ADAPTERS,
};

/** Adds the resource to the state when a cloud adapter knows its type; false when none does. */
export function adaptCloudResource(r: RawResource, s: State): boolean {
  const adapt = ADAPTERS[r.type];
  if (!adapt) return false;
  adapt(r, s);
  return true;
}
