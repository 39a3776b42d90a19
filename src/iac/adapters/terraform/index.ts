/** Terraform resource type → adapter into the typed state (or onto Kubernetes objects). One line per type. */
import type { RawResource } from '../../model/node.js';
import type { Analysis } from '../../load/analysis.js';

import { ecsClusterTf, ecsServiceTf, ecsTaskDefinitionTf } from './aws-ecs.js';

type Adapter = (r: RawResource, a: Analysis) => void;

const ADAPTERS: Record<string, Adapter> = {
  aws_ecs_task_definition: ecsTaskDefinitionTf,
  aws_ecs_cluster: ecsClusterTf,
  aws_ecs_service: ecsServiceTf,
};

export function adaptResources(resources: RawResource[], a: Analysis): void {
  for (const r of resources) ADAPTERS[r.type]?.(r, a);
}
