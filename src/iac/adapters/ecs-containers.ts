/**
 * ECS container definitions → typed containers, from any source: Terraform's `container_definitions` (a JSON string
 * or `jsonencode(…)`), a `register-task-definition` document (camelCase) or CloudFormation (PascalCase keys).
 */
import type { EcsContainer, EcsTaskDefinition, EcsVolume } from '../model/aws/ecs.js';
import type { EnvVar, ResourceMeta } from '../model/meta.js';
import { fromJson, type Node, type ObjectNode } from '../model/node.js';
import { at, bool, num, objects, str, strList } from '../model/read.js';
import { known, unknown, type Val } from '../model/value.js';

/** camelCase key → the document's casing. */
type Casing = (key: string) => string;
const camel: Casing = (k) => k;

function envOf(c: ObjectNode, key: Casing): EnvVar[] {
  return objects(c, key('environment')).flatMap((e) => {
    const name = str(e, key('name'));
    if (!name.known || !name.value) return [];
    return [{ name: name.value, value: str(e, key('value')), loc: e.loc }];
  });
}

/** Host paths of `linuxParameters.devices`; an unknown entry makes the list partial. */
function devicesOf(c: ObjectNode, key: Casing): Val<string[]> {
  const n = at(c, key('linuxParameters.devices'));
  if (!n) return known([], c.loc, false);
  if (n.kind === 'unknown') return unknown(n.loc, n.reason);
  const paths = objects(c, key('linuxParameters.devices')).map((d) => str(d, key('hostPath')));
  const v = known(paths.flatMap((p) => (p.known && p.value ? [p.value] : [])), n.loc);
  if (paths.some((p) => !p.known)) v.partial = true;
  return v;
}

function container(c: ObjectNode, key: Casing): EcsContainer {
  return {
    loc: c.loc, name: str(c, key('name')), image: str(c, key('image')), privileged: bool(c, key('privileged'), false), user: str(c, key('user')),
    readonlyRootFilesystem: bool(c, key('readonlyRootFilesystem'), false), environment: envOf(c, key),
    capAdd: strList(c, key('linuxParameters.capabilities.add')), capDrop: strList(c, key('linuxParameters.capabilities.drop')),
    dockerSecurityOptions: strList(c, key('dockerSecurityOptions')), memory: num(c, key('memory')),
    devices: devicesOf(c, key), logDriver: str(c, key('logConfiguration.logDriver')),
  };
}

/** The containers of a definitions node: a JSON string is decoded (at the attribute's line), a list read as is. */
function ecsContainers(defs: Node | undefined, key: Casing): { containers: EcsContainer[]; unknown: boolean } {
  if (!defs) return { containers: [], unknown: false };
  let list: Node = defs;
  if (defs.kind === 'unknown') return { containers: [], unknown: true };
  if (defs.kind === 'scalar' && typeof defs.value === 'string') {
    try {
      list = fromJson(JSON.parse(defs.value), defs.loc);
    } catch {
      return { containers: [], unknown: true };
    }
  }
  if (list.kind !== 'list') return { containers: [], unknown: true };
  const items = list.items.filter((i): i is ObjectNode => i.kind === 'object');
  return { containers: items.map((c) => container(c, key)), unknown: items.length !== list.items.length };
}

function volume(v: ObjectNode, tf: boolean): EcsVolume {
  const efs = tf ? at(v, 'efs_volume_configuration') : at(v, 'efsVolumeConfiguration');
  const out: EcsVolume = { loc: v.loc, name: str(v, 'name'), hostPath: str(v, tf ? 'host_path' : 'host.sourcePath') };
  if (efs) {
    out.efsTransitEncryption = str(efs, tf ? 'transit_encryption' : 'transitEncryption', 'DISABLED');
    out.efsIam = str(efs, tf ? 'authorization_config.iam' : 'authorizationConfig.iam', 'DISABLED');
  }
  return out;
}

type Fields = Pick<EcsTaskDefinition, 'family' | 'networkMode' | 'pidMode' | 'ipcMode' | 'taskRoleArn' | 'executionRoleArn'>;

/** A whole task definition from its body, Terraform (`snake_case`) or document (`camel`/`pascal`) keys. */
export function ecsTaskDefinition(meta: ResourceMeta, body: ObjectNode, style: 'terraform' | 'json'): EcsTaskDefinition {
  const tf = style === 'terraform';
  const key: Casing = camel;
  const k = (snake: string, cc: string): string => (tf ? snake : key(cc));
  const fields: Fields = {
    family: str(body, k('family', 'family')), networkMode: str(body, k('network_mode', 'networkMode')), pidMode: str(body, k('pid_mode', 'pidMode')),
    ipcMode: str(body, k('ipc_mode', 'ipcMode')), taskRoleArn: str(body, k('task_role_arn', 'taskRoleArn')), executionRoleArn: str(body, k('execution_role_arn', 'executionRoleArn')),
  };
  const defs = ecsContainers(at(body, k('container_definitions', 'containerDefinitions')), key);
  const vols = objects(body, tf ? 'volume' : key('volumes'));
  return { meta, ...fields, memory: num(body, 'memory'), containers: defs.containers, containersUnknown: defs.unknown, volumes: vols.map((v) => volume(v, tf)) };
}
