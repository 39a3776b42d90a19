/** aws_ecs_task_definition / aws_ecs_cluster / aws_ecs_service → aws.ecs (registry.terraform.io/providers/hashicorp/aws). */
import type { Analysis } from '../../load/analysis.js';
import type { RawResource } from '../../model/node.js';
import type { ResourceMeta } from '../../model/meta.js';
import { at, bool, objects, str } from '../../model/read.js';
import { setValue } from '../cloud/aws.js';
import { known, unknown } from '../../model/value.js';
import { ecsTaskDefinition } from '../ecs-containers.js';

function meta(r: RawResource): ResourceMeta {
  return { address: r.address, type: r.type, source: r.source, loc: r.loc };
}

export function ecsTaskDefinitionTf(r: RawResource, a: Analysis): void {
  a.state.aws.ecs.taskDefinitions.push(ecsTaskDefinition(meta(r), r.body, 'terraform'));
}

/** The cluster's Container Insights setting and ECS Exec logging, by the source's key names. */
export function ecsCluster(r: RawResource, a: Analysis, k: { settings: string; name: string; value: string; logging: string; exec: string; kms: string }): void {
  const settings = objects(r.body, k.settings);
  const insights = settings.find((s) => { const n = str(s, k.name); return n.known && n.value === 'containerInsights'; });
  const anyUnknown = settings.some((s) => !str(s, k.name).known);
  a.state.aws.ecs.clusters.push({
    meta: meta(r),
    containerInsights: insights ? str(insights, k.value) : anyUnknown ? unknown(r.loc, 'setting name is unknown') : known(undefined, r.loc, false),
    execLogging: str(r.body, k.logging),
    execConfigured: at(r.body, k.exec) !== undefined,
    execKmsKey: setValue(r.body, k.kms),
  });
}

export function ecsClusterTf(r: RawResource, a: Analysis): void {
  ecsCluster(r, a, { settings: 'setting', name: 'name', value: 'value', logging: 'configuration.execute_command_configuration.logging',
    exec: 'configuration.execute_command_configuration', kms: 'configuration.execute_command_configuration.kms_key_id' });
}

export function ecsServiceTf(r: RawResource, a: Analysis): void {
  a.state.aws.ecs.services.push({
    meta: meta(r), assignPublicIp: bool(r.body, 'network_configuration.assign_public_ip', false), launchType: str(r.body, 'launch_type'),
    platformVersion: str(r.body, 'platform_version'), enableExecuteCommand: bool(r.body, 'enable_execute_command', false),
  });
}
