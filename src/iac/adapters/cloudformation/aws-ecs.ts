/**
 * CloudFormation `AWS::ECS::TaskDefinition` / `Cluster` / `Service` → aws.ecs. A task definition's PascalCase
 * properties are the `register-task-definition` document with capitalised keys, so they are re-cased and read by the
 * same code as an ECS JSON document.
 */
import type { Analysis } from '../../load/analysis.js';
import { listNode, objectNode, type Node, type ObjectNode, type RawResource } from '../../model/node.js';
import { bool, str } from '../../model/read.js';
import { metaOf } from '../cloud/aws.js';
import { ecsTaskDefinition } from '../ecs-containers.js';
import { ecsCluster } from '../terraform/aws-ecs.js';

/** `ReadonlyRootFilesystem` → `readonlyRootFilesystem`, `EFSVolumeConfiguration` → `efsVolumeConfiguration`. */
function camelKey(k: string): string {
  return k.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
}

function camelCase(n: Node): Node {
  if (n.kind === 'list') return listNode(n.loc, n.items.map(camelCase));
  if (n.kind !== 'object') return n;
  return objectNode(n.loc, new Map([...n.fields].map(([k, v]) => [camelKey(k), camelCase(v)])));
}

export function ecsTaskDefinitionCfn(r: RawResource, a: Analysis): void {
  a.state.aws.ecs.taskDefinitions.push(ecsTaskDefinition(metaOf(r), camelCase(r.body) as ObjectNode, 'json'));
}

export function ecsClusterCfn(r: RawResource, a: Analysis): void {
  ecsCluster(r, a, { settings: 'ClusterSettings', name: 'Name', value: 'Value', logging: 'Configuration.ExecuteCommandConfiguration.Logging',
    exec: 'Configuration.ExecuteCommandConfiguration', kms: 'Configuration.ExecuteCommandConfiguration.KmsKeyId' });
}

export function ecsServiceCfn(r: RawResource, a: Analysis): void {
  const ip = str(r.body, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', 'DISABLED');
  a.state.aws.ecs.services.push({
    meta: metaOf(r),
    assignPublicIp: ip.known ? { ...ip, value: ip.value === 'ENABLED' } : ip,
    launchType: str(r.body, 'LaunchType'), platformVersion: str(r.body, 'PlatformVersion'),
    enableExecuteCommand: bool(r.body, 'EnableExecuteCommand', false),
  });
}
