/**
 * cgroup path → container. The formats the runtimes write (v1 lines of /proc/PID/cgroup or the v2 path):
 *   containerd (CRI):  /kubepods/besteffort/pod<uid>/<64hex>  or  .../cri-containerd-<64hex>.scope
 *   CRI-O:             /kubepods.slice/…/crio-<64hex>.scope     (crio-conmon-… is the monitor, not the container)
 *   Docker:            /docker/<64hex>  or  /system.slice/docker-<64hex>.scope
 *   Podman:            /machine.slice/libpod-<64hex>.scope
 * Anything else is the host. The pod uid (kubepods) is kept for the kubelet/CRI lookup.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { ContainerInfo } from '../event.js';

const PATTERNS: Array<{ re: RegExp; runtime: NonNullable<ContainerInfo['runtime']> }> = [
  { re: /\/cri-containerd-([0-9a-f]{64})\.scope/, runtime: 'containerd' },
  { re: /\/crio-([0-9a-f]{64})\.scope/, runtime: 'cri-o' },
  { re: /\/docker-([0-9a-f]{64})\.scope/, runtime: 'docker' },
  { re: /\/libpod-([0-9a-f]{64})\.scope/, runtime: 'podman' },
  { re: /\/docker\/([0-9a-f]{64})(?:\/|$)/, runtime: 'docker' },
  { re: /\/kubepods[^\n]*\/([0-9a-f]{64})(?:\/|$)/, runtime: 'containerd' },
];
const POD_UID = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/;

const cache = new Map<string, ContainerInfo>();
const HOST: ContainerInfo = Object.freeze({ id: 'host' }) as ContainerInfo;

/** `text`: the contents of /proc/PID/cgroup, or one cgroup path. */
export function attributeCgroup(text: string): ContainerInfo {
  const hit = cache.get(text);
  if (hit) return hit;
  let found: ContainerInfo = HOST;
  for (const line of text.split('\n')) {
    const path = line.includes(':') ? line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1) : line;
    if (path.includes('crio-conmon-')) continue;
    for (const { re, runtime } of PATTERNS) {
      const m = re.exec(path);
      if (!m) continue;
      const full = m[1]!;
      const pod = POD_UID.exec(path)?.[1]?.replace(/_/g, '-');
      found = { id: full.slice(0, 12), fullId: full, runtime, cgroup: path, ...(pod ? { podUid: pod } : {}) };
      break;
    }
    if (found !== HOST) break;
  }
  if (cache.size > 10000) cache.clear();
  cache.set(text, found);
  return found;
}

/**
 * cgroup v2 id (what bpftrace's `cgroup` builtin returns: the inode of the cgroup directory) → container,
 * by reading /proc/PID/cgroup while the process lives, else by finding the directory with that inode.
 */
export class CgroupResolver {
  private readonly byId = new Map<number, ContainerInfo>();
  private readonly v2Root: string | undefined;

  constructor(mounts = readText('/proc/mounts') ?? '') {
    this.v2Root = mounts.split('\n').map((l) => l.split(' ')).find((f) => f[2] === 'cgroup2')?.[1];
  }

  resolve(pid: number, cgroupId: number): ContainerInfo {
    // without a v2 hierarchy the id says nothing: read the process's own cgroup lines
    if (!this.v2Root) return attributeCgroup(readText(`/proc/${pid}/cgroup`) ?? '');
    const hit = this.byId.get(cgroupId);
    if (hit) return hit;
    let c = attributeCgroup(readText(`/proc/${pid}/cgroup`) ?? '');
    if (c.id === 'host') {
      const path = findByInode(this.v2Root, cgroupId, 10);
      if (path) c = attributeCgroup(path.slice(this.v2Root.length));
    }
    if (this.byId.size > 10000) this.byId.clear();
    this.byId.set(cgroupId, c);
    return c;
  }
}

function readText(p: string): string | undefined { try { return readFileSync(p, 'utf8'); } catch { return undefined; } }

function findByInode(dir: string, ino: number, depth: number): string | undefined {
  if (depth < 0) return undefined;
  let names: string[];
  try { names = readdirSync(dir); } catch { return undefined; }
  for (const n of names) {
    const p = `${dir}/${n}`;
    let st;
    try { st = statSync(p); } catch { continue; }
    if (!st.isDirectory()) continue;
    if (st.ino === ino) return p;
    const deeper = findByInode(p, ino, depth - 1);
    if (deeper) return deeper;
  }
  return undefined;
}
