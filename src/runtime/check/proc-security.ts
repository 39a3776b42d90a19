/**
 * What confines a running process, read from /proc as the kernel reports it (no runtime API needed, so it
 * also covers processes that no CRI knows): seccomp mode, LSM profile, capability sets, no_new_privs, a
 * read-only root mount, shared host namespaces, and the container the cgroup names.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ContainerInfo } from '../event.js';
import { attributeCgroup } from '../attribution/cgroup.js';
import { capNames } from '../sources/proc-table.js';

type SeccompMode = 'disabled' | 'strict' | 'filter' | 'unknown';

interface LsmState {
  /** apparmor, selinux, smack, or none when no LSM answers attr/current (EINVAL). */
  lsm: 'apparmor' | 'selinux' | 'smack' | 'none' | 'unknown';
  /** The label as the kernel prints it (`unconfined`, `docker-default (enforce)`, `system_u:system_r:container_t:s0`). */
  label?: string;
  /** AppArmor's profile name and mode; SELinux's type. */
  profile?: string;
  mode?: string;
  confined: boolean;
}

export interface ProcessSecurity {
  pid: number;
  ppid: number;
  name: string;
  exe: string;
  cmdline: string;
  /** Effective uid and whether it maps to host root (no user namespace remapping). */
  uid: number;
  hostRoot: boolean;
  userNamespace: boolean;
  container: ContainerInfo;
  seccomp: { mode: SeccompMode; filters?: number };
  lsm: LsmState;
  capabilities: { effective: string[]; permitted: string[]; bounding: string[]; ambient: string[]; inheritable: string[] };
  noNewPrivs?: boolean;
  /** The mount that is this process's `/`: per-mount ro/rw (what readOnlyRootFilesystem sets). */
  rootfs: { readOnly?: boolean; fstype?: string; source?: string };
  /** Namespaces shared with PID 1 of the proc root (the host when we run in the host PID namespace). */
  hostNamespaces: Array<'pid' | 'net' | 'ipc' | 'uts'>;
}

const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
const link = (p: string): string | undefined => { try { return readlinkSync(p); } catch { return undefined; } };

const SECCOMP: Record<string, SeccompMode> = { 0: 'disabled', 1: 'strict', 2: 'filter' };
/** PF_KTHREAD in /proc/PID/stat's flags: kernel threads have no userspace to confine. */
const PF_KTHREAD = 0x00200000;

/** attr/apparmor/current (stacked LSMs, 5.1+) first, then the shared attr/current. */
function readLsm(base: string): LsmState {
  const text = (read(`${base}/attr/apparmor/current`) ?? read(`${base}/attr/current`))?.replace(/\0/g, '').trim();
  if (text === undefined) return { lsm: 'none', confined: false };
  const aa = /^(.*?)(?: \((enforce|complain|kill|unconfined|prompt|mixed)\))?$/.exec(text);
  if (text === 'unconfined') return { lsm: 'apparmor', label: text, profile: 'unconfined', mode: 'unconfined', confined: false };
  if (aa?.[2]) return { lsm: 'apparmor', label: text, profile: aa[1], mode: aa[2], confined: aa[2] !== 'unconfined' };
  const se = /^[^:\s]+:[^:\s]+:([^:\s]+)(?::.*)?$/.exec(text);
  if (se) return { lsm: 'selinux', label: text, profile: se[1], confined: !/unconfined_t|spc_t|kernel_t/.test(se[1]!) };
  if (text === '_') return { lsm: 'smack', label: text, profile: text, confined: false };
  return { lsm: 'unknown', label: text, profile: text, confined: true };
}

/** The last mount whose mount point (relative to the process's root) is `/` is the one it sees as root. */
function rootMount(mountinfo: string): ProcessSecurity['rootfs'] {
  let found: ProcessSecurity['rootfs'] = {};
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    if (f[4] !== '/') continue;
    const sep = f.indexOf('-');
    found = { readOnly: f[5]!.split(',').includes('ro'), fstype: f[sep + 1], source: f[sep + 2] };
  }
  return found;
}

/** Security state of one process; undefined when it is gone or a kernel thread. */
export function readProcessSecurity(pid: number, procRoot = '/proc', host = hostNamespaceIds(procRoot)): ProcessSecurity | undefined {
  const base = `${procRoot}/${pid}`;
  const stat = read(`${base}/stat`);
  const status = read(`${base}/status`);
  if (!stat || !status) return undefined;
  const close = stat.lastIndexOf(')');
  const sf = stat.slice(close + 2).split(' ');
  if ((Number(sf[6]) & PF_KTHREAD) !== 0) return undefined;
  const field = (k: string): string | undefined => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim();
  const caps = (k: string): string[] => capNames(field(k) ?? '0');
  const argv = (read(`${base}/cmdline`) ?? '').split('\0').filter(Boolean);
  const uid = Number(field('Uid')?.split(/\s+/)[1] ?? NaN);
  const { userNamespace, hostUid } = userMapping(base, uid);
  const nnp = field('NoNewPrivs');
  const filters = field('Seccomp_filters');
  const ns = (['pid', 'net', 'ipc', 'uts'] as const).filter((n) => { const id = link(`${base}/ns/${n}`); return id !== undefined && id === host[n]; });
  return {
    pid, ppid: Number(sf[1]), name: stat.slice(stat.indexOf('(') + 1, close),
    exe: (link(`${base}/exe`) ?? argv[0] ?? '').replace(/ \(deleted\)$/, ''),
    cmdline: argv.join(' ').slice(0, 200),
    uid, hostRoot: hostUid === 0, userNamespace,
    container: attributeCgroup(read(`${base}/cgroup`) ?? ''),
    seccomp: { mode: SECCOMP[field('Seccomp') ?? ''] ?? 'unknown', ...(filters !== undefined ? { filters: Number(filters) } : {}) },
    lsm: readLsm(base),
    capabilities: { effective: caps('CapEff'), permitted: caps('CapPrm'), bounding: caps('CapBnd'), ambient: caps('CapAmb'), inheritable: caps('CapInh') },
    ...(nnp !== undefined ? { noNewPrivs: nnp === '1' } : {}),
    rootfs: rootMount(read(`${base}/mountinfo`) ?? ''),
    hostNamespaces: ns,
  };
}

/** Whether the process's user namespace remaps ids ("0 0 4294967295" is the initial one), and its uid outside. */
function userMapping(base: string, uid: number): { userNamespace: boolean; hostUid: number } {
  const text = read(`${base}/uid_map`)?.trim();
  const first = text?.split(/\s+/).map(Number);
  const userNamespace = Boolean(first && first.length >= 3 && !(first[0] === 0 && first[1] === 0 && first[2] === 4294967295));
  return { userNamespace, hostUid: userNamespace ? mapUid(text!, uid) : uid };
}

/** uid inside the namespace → uid outside, from uid_map lines "inside outside count". */
function mapUid(uidMap: string, uid: number): number {
  for (const l of uidMap.split('\n')) {
    const [inside, outside, count] = l.trim().split(/\s+/).map(Number) as [number, number, number];
    if (uid >= inside && uid < inside + count) return outside + (uid - inside);
  }
  return 65534;
}

/**
 * The host's namespaces: PID 1's, or — where PID 1 refuses (a non-dumpable init) — kthreadd's (pid 2):
 * kernel threads always live in the initial namespaces.
 */
export function hostNamespaceIds(procRoot = '/proc'): Partial<Record<'pid' | 'net' | 'ipc' | 'uts', string>> {
  const out: Partial<Record<'pid' | 'net' | 'ipc' | 'uts', string>> = {};
  const kthreadd = /^2 \(kthreadd\)/.test(read(`${procRoot}/2/stat`) ?? '');
  for (const n of ['pid', 'net', 'ipc', 'uts'] as const) {
    const id = link(`${procRoot}/1/ns/${n}`) ?? (kthreadd ? link(`${procRoot}/2/ns/${n}`) : undefined);
    if (id) out[n] = id;
  }
  return out;
}

export function listPids(procRoot = '/proc'): number[] {
  let names: string[];
  try { names = readdirSync(procRoot); } catch { return []; }
  return names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
}

/** Which LSMs the host enforces (securityfs when mounted, else the AppArmor/SELinux module switches). */
export function hostLsms(sysRoot = '/sys'): string[] {
  const listed = read(`${sysRoot}/kernel/security/lsm`);
  if (listed !== undefined) return listed.trim().split(',').filter((l) => l === 'apparmor' || l === 'selinux' || l === 'smack');
  const out: string[] = [];
  if (read(`${sysRoot}/module/apparmor/parameters/enabled`)?.trim() === 'Y') out.push('apparmor');
  if (read(`${sysRoot}/fs/selinux/enforce`) !== undefined) out.push('selinux');
  return out;
}
