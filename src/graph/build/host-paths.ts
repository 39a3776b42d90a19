/**
 * Which host paths are dangerous, and how. A mount of a parent directory exposes everything below it,
 * so `/` or `/var` count wherever `/var/log` or `/var/run/docker.sock` would.
 */
import { posix } from 'node:path';

export function normaliseHostPath(p: string): string {
  const n = posix.normalize(`/${p}`);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** `a` is `b` or one of its parent directories. */
function covers(a: string, b: string): boolean {
  return a === b || b.startsWith(a === '/' ? '/' : `${a}/`);
}

const RUNTIME_SOCKETS = [
  '/var/run/docker.sock', '/run/docker.sock', '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock', '/run/crio/crio.sock', '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock',
];
/** Host files whose read gives credentials or whose write gives code execution on the node. */
const SENSITIVE = [
  '/etc/shadow', '/etc/kubernetes', '/etc/sudoers', '/etc/crontab', '/etc/cron.d', '/etc/systemd', '/etc/ssh', '/root',
  '/home', '/var/lib/kubelet', '/var/lib/etcd', '/var/lib/docker', '/var/lib/containerd', '/usr/bin', '/usr/local/bin', '/bin',
  '/sbin', '/usr/sbin', '/lib/modules', '/boot', '/proc', '/sys',
];

type HostPathRisk = 'runtime-socket' | 'var-log' | 'core-pattern' | 'kubelet-pods' | 'sensitive';

/** Every risk a hostPath mount of `path` carries (writable matters for core_pattern and host writes). */
export function hostPathRisks(path: string): HostPathRisk[] {
  const p = normaliseHostPath(path);
  const out: HostPathRisk[] = [];
  if (RUNTIME_SOCKETS.some((s) => covers(p, s))) out.push('runtime-socket');
  if (covers(p, '/var/log')) out.push('var-log');
  if (covers(p, '/proc/sys/kernel/core_pattern')) out.push('core-pattern');
  if (covers(p, '/var/lib/kubelet/pods')) out.push('kubelet-pods');
  if (SENSITIVE.some((s) => covers(p, s) || covers(s, p))) out.push('sensitive');
  return out;
}
