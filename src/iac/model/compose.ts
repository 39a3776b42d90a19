/** Docker Compose services (compose-spec.io): the container settings the workload checks read. */
import type { EnvVar, ResourceMeta } from './meta.js';
import type { Loc, Val } from './value.js';

export interface ComposeVolume {
  loc: Loc;
  /** Host path for bind mounts (`/var/run/docker.sock:/var/run/docker.sock`), else the named volume. */
  source: Val<string | undefined>;
  target: Val<string | undefined>;
  type: 'bind' | 'volume' | 'tmpfs' | 'unknown';
  readOnly: Val<boolean>;
  /** Bind propagation (`shared`, `rshared`, `slave`…; short syntax `:rshared` or long `bind.propagation`). */
  propagation: Val<string | undefined>;
}

export interface ComposePort {
  loc: Loc;
  /** Host IP the port binds to; undefined = all interfaces. */
  hostIp: Val<string | undefined>;
  published: Val<string | undefined>;
}

export interface ComposeService {
  meta: ResourceMeta;
  name: string;
  image: Val<string | undefined>;
  /** Built from a Dockerfile (`build:`): image settings such as USER come from there. */
  hasBuild: boolean;
  privileged: Val<boolean>;
  user: Val<string | undefined>;
  readOnly: Val<boolean>;
  networkMode: Val<string | undefined>;
  pid: Val<string | undefined>;
  ipc: Val<string | undefined>;
  usernsMode: Val<string | undefined>;
  uts: Val<string | undefined>;
  /** `cgroup: host | private` (cgroup namespace). */
  cgroup: Val<string | undefined>;
  capAdd: Val<string[]>;
  capDrop: Val<string[]>;
  securityOpt: Val<string[]>;
  devices: Val<string[]>;
  environment: EnvVar[];
  volumes: ComposeVolume[];
  ports: ComposePort[];
  sysctls: Array<{ name: string; loc: Loc }>;
  restart: Val<string | undefined>;
  /** `mem_limit`, else `deploy.resources.limits.memory`. */
  memLimit: Val<string | undefined>;
  /** `pids_limit`, else `deploy.resources.limits.pids`. */
  pidsLimit: Val<number | undefined>;
  cgroupParent: Val<string | undefined>;
  /** `healthcheck: { disable: true }` or `test: ["NONE"]`. */
  healthcheckDisabled: Val<boolean>;
  oomKillDisable: Val<boolean>;
}

export interface ComposeState {
  services: ComposeService[];
}
