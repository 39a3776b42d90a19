/**
 * Terraform (and CloudFormation) resource type → adapter into the typed state (or onto Kubernetes objects). ECS has its own Terraform
 * adapters; every cloud resource the registry/cluster/IAM checks read goes through `adaptCloudResource`, the same
 * adapters CloudFormation uses, so HCL, plan JSON and templates feed the checks the live inventories feed.
 */
import type { RawResource } from '../../model/node.js';
import type { Analysis } from '../../load/analysis.js';
import { adaptCloudResource } from '../cloud/registry.js';

import { ecsClusterTf, ecsServiceTf, ecsTaskDefinitionTf } from './aws-ecs.js';
import { isKubernetesResource, kubernetesTf } from './kubernetes.js';
import { ecsClusterCfn, ecsServiceCfn, ecsTaskDefinitionCfn } from '../cloudformation/aws-ecs.js';

type Adapter = (r: RawResource, a: Analysis) => void;

const ADAPTERS: Record<string, Adapter> = {
  aws_ecs_task_definition: ecsTaskDefinitionTf,
  aws_ecs_cluster: ecsClusterTf,
  aws_ecs_service: ecsServiceTf,
  'AWS::ECS::TaskDefinition': ecsTaskDefinitionCfn,
  'AWS::ECS::Cluster': ecsClusterCfn,
  'AWS::ECS::Service': ecsServiceCfn,
};

export function adaptResources(resources: RawResource[], a: Analysis): void {
  for (const r of resources) {
    const own = ADAPTERS[r.type];
    if (own) own(r, a);
    else if (isKubernetesResource(r.type)) kubernetesTf(r, a);
    else adaptCloudResource(r, a.state);
  }
}
