/**
 * The events the rule engine sees. Two sources, as in Falco: `syscall` (kernel events from bpftrace, the
 * /proc poller or ingested Falco/Tetragon JSON) and `k8s_audit` (audit.k8s.io/v1 Event objects).
 */

export interface ProcessInfo {
  pid: number;
  ppid?: number;
  /** comm as the kernel reports it (15 chars): Falco's proc.name. */
  name: string;
  /** argv[0] as executed (proc.exe); exepath is the resolved file (proc.exepath). */
  exe: string;
  exepath: string;
  args: string[];
  cwd?: string;
  tty?: number;
  uid?: number;
  gid?: number;
  loginuid?: number;
  /** Process start, ns since the epoch (proc.duration = event time − start). */
  startNs?: number;
  /** Effective capability names (CAP_SYS_ADMIN …), read from /proc/PID/status. */
  capEffective?: string[];
  sid?: number;
  pgid?: number;
  /** The executable is not part of the container image (drift baseline) — Falco's proc.is_exe_upper_layer. */
  exeUpperLayer?: boolean;
  /** sha256 of the executable when it was hashed (drift). */
  exeSha256?: string;
}

export interface FdInfo {
  num?: number;
  /** file, directory, ipv4, ipv6, unix, memfd, … (Falco's fd.type). */
  type: string;
  name?: string;
  nameraw?: string;
  /** O_* flags as text when the event was an open ("O_WRONLY|O_CREAT|O_TRUNC"). */
  openFlags?: number;
  l4proto?: 'tcp' | 'udp' | 'raw' | 'icmp';
  /** client/server ends: for connect the local end is the client. */
  cip?: string;
  cport?: number;
  sip?: string;
  sport?: number;
  connected?: boolean;
}

export interface ContainerInfo {
  /** 12-hex short id as Falco prints it, or `host`. */
  id: string;
  fullId?: string;
  runtime?: 'containerd' | 'cri-o' | 'docker' | 'podman' | 'unshare' | 'unknown';
  name?: string;
  image?: string;
  imageRepository?: string;
  imageTag?: string;
  privileged?: boolean;
  startNs?: number;
  podName?: string;
  namespace?: string;
  podUid?: string;
  podLabels?: Record<string, string>;
  cgroup?: string;
}

export interface SyscallEvent {
  source: 'syscall';
  /** Falco event type: execve, openat, connect, … */
  type: string;
  /** ns since the epoch */
  time: number;
  num?: number;
  proc: ProcessInfo;
  /** Parent first, then grandparent, … (proc.aname[1] is ancestors[0]). */
  ancestors: ProcessInfo[];
  /** Raw syscall result (fd, 0, or −errno). */
  res?: number;
  args: Record<string, string | number>;
  fd?: FdInfo;
  container: ContainerInfo;
  user?: { name?: string; loginname?: string; group?: string };
  /** Set by whoever produced the event (bpftrace, proc, falco-json, tetragon). */
  producer: string;
}

/** A subset of audit.k8s.io/v1 Event; the rule fields read the raw object. */
export interface K8sAuditEvent {
  kind?: string;
  apiVersion?: string;
  auditID?: string;
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string; groups?: string[] };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number };
  requestObject?: unknown;
  responseObject?: unknown;
  annotations?: Record<string, string>;
  stageTimestamp?: string;
  requestReceivedTimestamp?: string;
  [k: string]: unknown;
}

export interface AuditEvent {
  source: 'k8s_audit';
  type: 'k8s_audit';
  time: number;
  audit: K8sAuditEvent;
  producer: string;
}

export type RuntimeEvent = SyscallEvent | AuditEvent;
