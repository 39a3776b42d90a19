/** Host paths whose mount hands over the host: the container runtime sockets and system directories. */

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/run/podman/podman.sock'];
const SENSITIVE = ['/', '/etc', '/proc', '/sys', '/root', '/boot', '/dev', '/var/lib/docker', '/var/lib/kubelet', '/var/lib/containerd', '/home', '/usr', '/lib', '/bin', '/sbin', '/var/run', '/run'];

function norm(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

export function isDockerSocket(path: string | undefined): boolean {
  return path !== undefined && SOCKETS.includes(norm(path));
}

/** `/`, `/etc`, `/proc`… (exact directory, not a file below it). */
export function isSensitiveHostPath(path: string | undefined): boolean {
  return path !== undefined && SENSITIVE.includes(norm(path));
}
