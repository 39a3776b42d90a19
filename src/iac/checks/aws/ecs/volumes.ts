/** ECS task volumes: EFS without transit encryption, and host paths that hand over the instance. */
import { defineCheck, failure } from '../../define.js';
import { isOneOf } from '../../../model/value.js';
import { isDockerSocket, isSensitiveHostPath } from '../../shared/host-paths.js';
import { ecsTf } from '../../shared/examples.js';

const vol = (body: string): string => `volume {\n  name = "data"\n  ${body.trim().split('\n').join('\n  ')}\n}`;

export const ecsEfsTransit = defineCheck({
  id: 'BW-IAC-1108', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS task mounts EFS without encryption in transit',
  trivy: 'AVD-AWS-0035', checkov: ['CKV_AWS_97'],
  rationale: 'NFS traffic between the task and EFS is readable on the network unless TLS is enabled for the mount.',
  remediation: 'Set `transit_encryption = "ENABLED"` in `efs_volume_configuration`.',
  references: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html'],
  evaluate: (s) => s.aws.ecs.taskDefinitions.flatMap((td) => td.volumes.filter((v) => v.efsTransitEncryption && isOneOf(v.efsTransitEncryption, 'DISABLED'))
    .map((v) => failure(td.meta, `EFS volume ${v.name.known ? v.name.value : ''} is mounted without transit encryption`, v.efsTransitEncryption!.loc))),
  examples: {
    fail: [ecsTf('essential = true', vol('efs_volume_configuration {\n  file_system_id = "fs-1234"\n}'))],
    pass: [ecsTf('essential = true', vol('efs_volume_configuration {\n  file_system_id     = "fs-1234"\n  transit_encryption = "ENABLED"\n}'))],
    unknown: [ecsTf('essential = true', vol('efs_volume_configuration {\n  file_system_id     = "fs-1234"\n  transit_encryption = var.tls\n}'), 'variable "tls" {}\n')],
  },
});

export const ecsDockerSocket = defineCheck({
  id: 'BW-IAC-1109', provider: 'aws', service: 'ecs', severity: 'critical',
  title: 'ECS task mounts the container runtime socket',
  trivy: null, checkov: [],
  rationale: 'The Docker (or containerd) socket of the container instance gives full control of every container on it and a root shell on the host.',
  remediation: 'Remove the `host_path` volume pointing at the runtime socket.',
  references: ['https://docs.docker.com/engine/security/#docker-daemon-attack-surface'],
  evaluate: (s) => s.aws.ecs.taskDefinitions.flatMap((td) => td.volumes.filter((v) => v.hostPath.known && isDockerSocket(v.hostPath.value))
    .map((v) => failure(td.meta, `volume mounts ${v.hostPath.known ? v.hostPath.value : ''} from the host`, v.hostPath.loc))),
  examples: {
    fail: [ecsTf('essential = true', vol('host_path = "/var/run/docker.sock"'))],
    pass: [ecsTf('essential = true', vol('host_path = "/ecs/app-data"'))],
    unknown: [ecsTf('essential = true', vol('host_path = var.path'), 'variable "path" {}\n')],
  },
});

export const ecsSensitiveHostPath = defineCheck({
  id: 'BW-IAC-1110', provider: 'aws', service: 'ecs', severity: 'high',
  title: 'ECS task mounts a host system directory',
  trivy: null, checkov: [],
  rationale: 'Mounting /, /etc, /proc, /var/lib/docker and similar host directories exposes the container instance\'s credentials and lets the task change the host.',
  remediation: 'Mount only a dedicated data directory, or use EFS/ephemeral storage.',
  evaluate: (s) => s.aws.ecs.taskDefinitions.flatMap((td) => td.volumes.filter((v) => v.hostPath.known && isSensitiveHostPath(v.hostPath.value))
    .map((v) => failure(td.meta, `volume mounts host path ${v.hostPath.known ? v.hostPath.value : ''}`, v.hostPath.loc))),
  examples: {
    fail: [ecsTf('essential = true', vol('host_path = "/etc"'))],
    pass: [ecsTf('essential = true', vol('host_path = "/ecs/app-data"'))],
  },
});
