/** Amazon ECS: task definitions (Terraform, CloudFormation, `register-task-definition` JSON), clusters, services. */
import type { EnvVar, ResourceMeta } from '../meta.js';
import type { Loc, Val } from '../value.js';

export interface EcsContainer {
  loc: Loc;
  name: Val<string | undefined>;
  image: Val<string | undefined>;
  privileged: Val<boolean>;
  /** `user`: absent means the image's USER decides (unknown here, not root). */
  user: Val<string | undefined>;
  readonlyRootFilesystem: Val<boolean>;
  environment: EnvVar[];
  capAdd: Val<string[]>;
  capDrop: Val<string[]>;
  dockerSecurityOptions: Val<string[]>;
  /** Hard memory limit of the container (`memory`), MiB. */
  memory: Val<number | undefined>;
  /** `linuxParameters.devices[].hostPath`. */
  devices: Val<string[]>;
  logDriver: Val<string | undefined>;
}

export interface EcsVolume {
  loc: Loc;
  name: Val<string | undefined>;
  hostPath: Val<string | undefined>;
  /** EFS volumes: `transit_encryption` (ENABLED/DISABLED); undefined for other volume types. */
  efsTransitEncryption?: Val<string | undefined>;
  /** EFS volumes: `authorization_config.iam` (ENABLED/DISABLED). */
  efsIam?: Val<string | undefined>;
}

export interface EcsTaskDefinition {
  meta: ResourceMeta;
  family: Val<string | undefined>;
  networkMode: Val<string | undefined>;
  pidMode: Val<string | undefined>;
  ipcMode: Val<string | undefined>;
  taskRoleArn: Val<string | undefined>;
  executionRoleArn: Val<string | undefined>;
  containers: EcsContainer[];
  /** The container definitions could not be evaluated (a `file()` we cannot read, a variable): no container check applies. */
  containersUnknown: boolean;
  volumes: EcsVolume[];
  /** Task-level memory (`memory`), MiB. */
  memory: Val<number | undefined>;
}

interface EcsCluster {
  meta: ResourceMeta;
  /** `setting { name = "containerInsights" value = "enabled" | "enhanced" }`. */
  containerInsights: Val<string | undefined>;
  /** ECS Exec audit: `configuration.execute_command_configuration.logging` (NONE/DEFAULT/OVERRIDE). */
  execLogging: Val<string | undefined>;
  /** ECS Exec is configured (`execute_command_configuration` written). */
  execConfigured: boolean;
  /** ECS Exec session key (`execute_command_configuration.kms_key_id`). */
  execKmsKey: Val<string | undefined>;
}

interface EcsService {
  meta: ResourceMeta;
  assignPublicIp: Val<boolean>;
  launchType: Val<string | undefined>;
  platformVersion: Val<string | undefined>;
  /** ECS Exec (`enable_execute_command` / `EnableExecuteCommand`). */
  enableExecuteCommand: Val<boolean>;
}

export interface EcsState {
  taskDefinitions: EcsTaskDefinition[];
  clusters: EcsCluster[];
  services: EcsService[];
}
