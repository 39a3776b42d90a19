/**
 * The edge catalogue. Where an edge is the same attack as one of KubeHound's it carries KubeHound's name
 * (reference: DataDog/KubeHound's edge docs), so results compare directly; Bulwark's own edges have
 * their own names. `p` is the default likelihood an attacker succeeds at the hop: container escapes from
 * a privileged container are near certain, exploiting an exposed endpoint with no known vulnerability is
 * not. Path scores are products of these, so a path's score reads as "how likely, end to end".
 */
export interface EdgeTypeInfo {
  /** KubeHound's name, or Bulwark's own. */
  name: string;
  kubehound: boolean;
  from: string;
  to: string;
  p: number;
  tactic: string;
}

const T = (name: string, kubehound: boolean, from: string, to: string, p: number, tactic: string): EdgeTypeInfo =>
  ({ name, kubehound, from, to, p, tactic });

export const EDGE_TYPES = {
  CE_MODULE_LOAD: T('Container escape: load kernel module', true, 'container', 'node', 0.95, 'Privilege escalation'),
  CE_NSENTER: T('Container escape: nsenter', true, 'container', 'node', 0.95, 'Privilege escalation'),
  CE_PRIV_MOUNT: T('Container escape: mount host filesystem', true, 'container', 'node', 0.95, 'Privilege escalation'),
  CE_SYS_PTRACE: T('Container escape: attach to host process via SYS_PTRACE', true, 'container', 'node', 0.9, 'Privilege escalation'),
  CE_UMH_CORE_PATTERN: T('Container escape: core_pattern usermode helper', true, 'container', 'node', 0.9, 'Privilege escalation'),
  CE_VAR_LOG_SYMLINK: T('Arbitrary host file read via /var/log symlink', true, 'container', 'node', 0.8, 'Privilege escalation'),
  CONTAINER_ATTACH: T('Attach to running container', true, 'pod', 'container', 1, 'Execution'),
  ENDPOINT_EXPLOIT: T('Exploit exposed endpoint', true, 'service', 'container', 0.1, 'Lateral movement'),
  EXPLOIT_CONTAINERD_SOCK: T('Container escape: container runtime socket', true, 'container', 'node', 0.95, 'Execution'),
  EXPLOIT_HOST_READ: T('Read file from sensitive host mount', true, 'container', 'node', 0.7, 'Privilege escalation'),
  EXPLOIT_HOST_TRAVERSE: T('Steal service account tokens through a kubelet host mount', true, 'volume', 'volume', 0.9, 'Credential access'),
  EXPLOIT_HOST_WRITE: T('Container escape: write to sensitive host mount', true, 'container', 'node', 0.95, 'Privilege escalation'),
  IDENTITY_ASSUME: T('Act as identity', true, 'node', 'identity', 1, 'Privilege escalation'),
  IDENTITY_IMPERSONATE: T('Impersonate user/group/service account', true, 'permission-set', 'identity', 0.95, 'Privilege escalation'),
  PERMISSION_DISCOVER: T('Enumerate permissions', true, 'identity', 'permission-set', 1, 'Discovery'),
  POD_ATTACH: T('Attach to running pod', true, 'node', 'pod', 1, 'Execution'),
  POD_CREATE: T('Create privileged pod', true, 'permission-set', 'node', 0.9, 'Execution'),
  POD_EXEC: T('Exec into running pod', true, 'permission-set', 'pod', 0.95, 'Execution'),
  POD_PATCH: T('Patch running pod', true, 'permission-set', 'pod', 0.85, 'Execution'),
  ROLE_BIND: T('Create role binding', true, 'permission-set', 'permission-set', 0.9, 'Privilege escalation'),
  SHARE_PS_NAMESPACE: T('Access container in shared process namespace', true, 'container', 'container', 0.9, 'Lateral movement'),
  TOKEN_BRUTEFORCE: T('Brute-force service account token secret names', true, 'permission-set', 'identity', 0.5, 'Credential access'),
  TOKEN_LIST: T('List service account token secrets', true, 'permission-set', 'identity', 0.95, 'Credential access'),
  TOKEN_STEAL: T('Steal service account token from volume', true, 'volume', 'identity', 1, 'Credential access'),
  VOLUME_ACCESS: T('Access host volume', true, 'node', 'volume', 1, 'Discovery'),
  VOLUME_DISCOVER: T('Enumerate mounted volumes', true, 'container', 'volume', 1, 'Discovery'),
  // Bulwark's own.
  INTERNET_EXPOSE: T('Exposed to the internet', false, 'internet', 'service', 1, 'Initial access'),
  INGRESS_ROUTE: T('Ingress routes to service', false, 'ingress', 'service', 1, 'Initial access'),
  POD_ESCALATE_ADMIN: T('Permissions equal cluster-admin', false, 'permission-set', 'cluster-admin', 1, 'Privilege escalation'),
  SECRETS_READ: T('Read every secret of a namespace', false, 'permission-set', 'namespace-secrets', 1, 'Credential access'),
  CLOUD_IDENTITY_ASSUME: T('Assume the cloud identity bound to a service account', false, 'identity', 'cloud-identity', 0.95, 'Privilege escalation'),
  // Root on the node reads the instance profile from the metadata service: nothing stands in the way.
  NODE_ROLE_CREDENTIALS: T('Use the node\'s cloud credentials (instance metadata)', false, 'node', 'cloud-identity', 0.95, 'Credential access'),
  // From inside a pod only when the IaC proves IMDS answers pods (IMDSv1, or hop limit above 1).
  POD_IMDS_CREDENTIALS: T('Read the node\'s cloud credentials from a pod through instance metadata', false, 'container', 'cloud-identity', 0.95, 'Credential access'),
  ENV_SECRET: T('Secret exposed in container environment', false, 'container', 'secret', 1, 'Credential access'),
  SECRET_MOUNT: T('Secret mounted as a volume', false, 'container', 'secret', 1, 'Credential access'),
  CONFIGMAP_READ: T('ConfigMap read by the container', false, 'container', 'configmap', 1, 'Discovery'),
  IMAGE_SECRET: T('Secret found in the container image', false, 'container', 'secret', 0.9, 'Credential access'),
} as const satisfies Record<string, EdgeTypeInfo>;

export type EdgeType = keyof typeof EDGE_TYPES;
