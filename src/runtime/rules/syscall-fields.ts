/** Fields of syscall events (Falco's evt.*, proc.*, thread.*, user.*, group.*, fd.*, container.*, k8s.*). */
import type { ProcessInfo, SyscallEvent } from '../event.js';
import { sys, type FieldDef, type FieldValue } from './field-def.js';

const cmdline = (p: ProcessInfo | undefined): string | undefined => (p ? [p.name, ...p.args].join(' ') : undefined);
const ancestor = (e: SyscallEvent, arg: string | undefined): ProcessInfo | undefined => {
  const n = Number(arg ?? '1');
  if (!Number.isInteger(n) || n < 0) return undefined;
  return n === 0 ? e.proc : e.ancestors[n - 1];
};
const anyAncestor = <T>(e: SyscallEvent, arg: string | undefined, pick: (p: ProcessInfo) => T | undefined): FieldValue => {
  if (arg !== undefined) { const p = ancestor(e, arg); return p ? (pick(p) as FieldValue) : undefined; }
  return e.ancestors.map(pick).filter((x): x is T => x !== undefined).map(String);
};
const dirname = (p: string | undefined): string | undefined => {
  if (!p || !p.startsWith('/')) return undefined;
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
};
const basename = (p: string | undefined): string | undefined => (p ? p.slice(p.lastIndexOf('/') + 1) : undefined);
const isIp = (t: string | undefined): boolean => t === 'ipv4' || t === 'ipv6';

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_FLAG_NAMES: Array<[number, string]> = [
  [0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'], [0o10000, 'O_DSYNC'], [0o200000, 'O_DIRECTORY'], [0o400000, 'O_NOFOLLOW'],
  [0o2000000, 'O_CLOEXEC'], [0o10000000, 'O_PATH'], [0o20000000 | 0o200000, 'O_TMPFILE'],
];
/** Falco prints open flags as `O_WRONLY|O_CREAT|O_TRUNC` (O_RDONLY named explicitly). */
function openFlagsText(flags: number): string {
  const acc = flags & O_ACCMODE;
  const names = [acc === O_WRONLY ? 'O_WRONLY' : acc === O_RDWR ? 'O_RDWR' : 'O_RDONLY'];
  for (const [bit, name] of O_FLAG_NAMES) if ((flags & bit) === bit) names.push(name);
  return names.join('|');
}
const isOpen = (e: SyscallEvent): boolean => e.type === 'open' || e.type === 'openat' || e.type === 'openat2';
const openAcc = (e: SyscallEvent): number | undefined => (isOpen(e) && e.fd?.openFlags !== undefined ? e.fd.openFlags & O_ACCMODE : undefined);
const ERRNO: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 9: 'EBADF', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES',
  14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 24: 'EMFILE', 28: 'ENOSPC',
  30: 'EROFS', 38: 'ENOSYS', 95: 'EOPNOTSUPP', 97: 'EAFNOSUPPORT', 98: 'EADDRINUSE', 99: 'EADDRNOTAVAIL',
  101: 'ENETUNREACH', 104: 'ECONNRESET', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED', 113: 'EHOSTUNREACH', 115: 'EINPROGRESS',
};
/** evt.res: SUCCESS, the errno name for failures, or the number (Falco's text form). */
function resText(res: number | undefined): string | undefined {
  if (res === undefined) return undefined;
  if (res >= 0) return 'SUCCESS';
  return ERRNO[-res] ?? String(res);
}
/** Which end is local: for connect the client, for accept the server. */
const local = (e: SyscallEvent): 'c' | 's' => (e.type === 'accept' || e.type === 'accept4' || e.type === 'bind' || e.type === 'listen' ? 's' : 'c');
const ipOf = (e: SyscallEvent, end: 'c' | 's'): string | undefined => (isIp(e.fd?.type) ? (end === 'c' ? e.fd?.cip : e.fd?.sip) : undefined);
const portOf = (e: SyscallEvent, end: 'c' | 's'): number | undefined => (isIp(e.fd?.type) ? (end === 'c' ? e.fd?.cport : e.fd?.sport) : undefined);
const other = (end: 'c' | 's'): 'c' | 's' => (end === 'c' ? 's' : 'c');
const bothIps = (e: SyscallEvent): readonly string[] | undefined => {
  const v = [ipOf(e, 'c'), ipOf(e, 's')].filter((x): x is string => Boolean(x));
  return v.length ? v : undefined;
};
const bothPorts = (e: SyscallEvent): readonly string[] | undefined => {
  const v = [portOf(e, 'c'), portOf(e, 's')].filter((x): x is number => x !== undefined).map(String);
  return v.length ? v : undefined;
};
const FD_TYPECHAR: Record<string, string> = { file: 'f', directory: 'd', ipv4: '4', ipv6: '6', unix: 'u', pipe: 'p', event: 'e', signalfd: 's', eventpoll: 'l', inotify: 'i', timerfd: 't', netlink: 'n', memfd: 'f' };

export const syscallFields: FieldDef[] = [
  sys('evt.type', 'string', (e) => e.type),
  sys('evt.num', 'number', (e) => e.num),
  sys('evt.rawtime', 'number', (e) => e.time),
  sys('evt.time', 'string', (e) => new Date(Math.floor(e.time / 1e6)).toISOString()),
  sys('evt.dir', 'string', () => '<'),
  sys('evt.res', 'string', (e) => resText(e.res)),
  sys('evt.rawres', 'number', (e) => e.res),
  sys('evt.failed', 'bool', (e) => (e.res === undefined ? undefined : e.res < 0)),
  sys('evt.is_open_read', 'bool', (e) => { const a = openAcc(e); return a === undefined ? false : a === 0 || a === O_RDWR; }),
  sys('evt.is_open_write', 'bool', (e) => { const a = openAcc(e); return a === undefined ? false : a === O_WRONLY || a === O_RDWR; }),
  sys('evt.source', 'string', () => 'syscall'),
  sys('evt.arg', 'string', (e, a) => {
    if (a === undefined) return undefined;
    const v = e.args[a];
    if (v !== undefined) return String(v);
    // sources that only report the numeric flags of an open get Falco's text form
    return a === 'flags' && e.fd?.openFlags !== undefined ? openFlagsText(e.fd.openFlags) : undefined;
  }, { arg: 'required' }),
  sys('evt.args', 'string', (e) => Object.entries(e.args).map(([k, v]) => `${k}=${v}`).join(' ')),

  sys('proc.pid', 'number', (e) => e.proc.pid),
  sys('proc.ppid', 'number', (e) => e.proc.ppid),
  sys('proc.name', 'string', (e) => e.proc.name),
  sys('proc.exe', 'string', (e) => e.proc.exe),
  sys('proc.exepath', 'string', (e) => e.proc.exepath),
  sys('proc.args', 'string', (e) => e.proc.args.join(' ')),
  sys('proc.cmdline', 'string', (e) => cmdline(e.proc)),
  sys('proc.cwd', 'string', (e) => (e.proc.cwd === undefined ? undefined : e.proc.cwd.endsWith('/') ? e.proc.cwd : `${e.proc.cwd}/`)),
  sys('proc.tty', 'number', (e) => e.proc.tty ?? 0),
  sys('proc.duration', 'number', (e) => (e.proc.startNs === undefined ? undefined : Math.max(0, e.time - e.proc.startNs))),
  sys('proc.pname', 'string', (e) => e.ancestors[0]?.name),
  sys('proc.pexe', 'string', (e) => e.ancestors[0]?.exe),
  sys('proc.pexepath', 'string', (e) => e.ancestors[0]?.exepath),
  sys('proc.pcmdline', 'string', (e) => cmdline(e.ancestors[0])),
  sys('proc.ppid.duration', 'number', (e) => { const p = e.ancestors[0]; return p?.startNs === undefined ? undefined : Math.max(0, e.time - p.startNs); }),
  sys('proc.aname', 'string', (e, a) => anyAncestor(e, a, (p) => p.name), { arg: 'optional', anyOf: true }),
  sys('proc.apid', 'number', (e, a) => anyAncestor(e, a, (p) => p.pid), { arg: 'optional', anyOf: true }),
  sys('proc.aexe', 'string', (e, a) => anyAncestor(e, a, (p) => p.exe), { arg: 'optional', anyOf: true }),
  sys('proc.aexepath', 'string', (e, a) => anyAncestor(e, a, (p) => p.exepath), { arg: 'optional', anyOf: true }),
  sys('proc.acmdline', 'string', (e, a) => anyAncestor(e, a, (p) => cmdline(p)), { arg: 'optional', anyOf: true }),
  sys('proc.sid', 'number', (e) => e.proc.sid),
  sys('proc.sname', 'string', (e) => [e.proc, ...e.ancestors].find((p) => p.pid === e.proc.sid)?.name),
  sys('proc.vpgid', 'number', (e) => e.proc.pgid),
  sys('proc.vpgid.name', 'string', (e) => [e.proc, ...e.ancestors].find((p) => p.pid === e.proc.pgid)?.name),
  sys('proc.vpgid.exe', 'string', (e) => [e.proc, ...e.ancestors].find((p) => p.pid === e.proc.pgid)?.exe),
  sys('proc.is_vpgid_leader', 'bool', (e) => (e.proc.pgid === undefined ? undefined : e.proc.pgid === e.proc.pid)),
  sys('proc.is_exe_from_memfd', 'bool', (e) => e.proc.exepath.startsWith('memfd:') || e.proc.exepath.startsWith('/memfd:')),
  sys('proc.is_exe_upper_layer', 'bool', (e) => e.proc.exeUpperLayer ?? false),
  sys('proc.exe.sha256', 'string', (e) => e.proc.exeSha256),
  sys('thread.tid', 'number', (e) => e.proc.pid),
  sys('thread.cap_effective', 'string', (e) => e.proc.capEffective?.join(' ')),

  sys('user.uid', 'number', (e) => e.proc.uid),
  sys('user.name', 'string', (e) => e.user?.name ?? (e.proc.uid === 0 ? 'root' : e.proc.uid === undefined ? undefined : String(e.proc.uid))),
  sys('user.loginuid', 'number', (e) => (e.proc.loginuid === undefined || e.proc.loginuid === 4294967295 ? -1 : e.proc.loginuid)),
  sys('user.loginname', 'string', (e) => e.user?.loginname),
  sys('group.gid', 'number', (e) => e.proc.gid),
  sys('group.name', 'string', (e) => e.user?.group ?? (e.proc.gid === 0 ? 'root' : e.proc.gid === undefined ? undefined : String(e.proc.gid))),

  sys('fd.num', 'number', (e) => e.fd?.num),
  sys('fd.type', 'string', (e) => e.fd?.type),
  sys('fd.typechar', 'string', (e) => (e.fd ? FD_TYPECHAR[e.fd.type] ?? 'o' : undefined)),
  sys('fd.name', 'string', (e) => e.fd?.name),
  sys('fd.nameraw', 'string', (e) => e.fd?.nameraw ?? e.fd?.name),
  sys('fd.directory', 'string', (e) => (e.fd?.type === 'file' || e.fd?.type === 'directory' ? dirname(e.fd.name) : undefined)),
  sys('fd.filename', 'string', (e) => (e.fd?.type === 'file' || e.fd?.type === 'directory' ? basename(e.fd.name) : undefined)),
  sys('fd.l4proto', 'string', (e) => e.fd?.l4proto),
  sys('fd.connected', 'bool', (e) => e.fd?.connected ?? false),
  sys('fd.name_changed', 'bool', () => false),
  sys('fd.cip', 'ipaddr', (e) => ipOf(e, 'c')),
  sys('fd.sip', 'ipaddr', (e) => ipOf(e, 's')),
  sys('fd.lip', 'ipaddr', (e) => ipOf(e, local(e))),
  sys('fd.rip', 'ipaddr', (e) => ipOf(e, other(local(e)))),
  sys('fd.ip', 'ipaddr', (e) => bothIps(e), { anyOf: true }),
  sys('fd.cnet', 'ipnet', (e) => ipOf(e, 'c')),
  sys('fd.snet', 'ipnet', (e) => ipOf(e, 's')),
  sys('fd.lnet', 'ipnet', (e) => ipOf(e, local(e))),
  sys('fd.rnet', 'ipnet', (e) => ipOf(e, other(local(e)))),
  sys('fd.net', 'ipnet', (e) => bothIps(e), { anyOf: true }),
  sys('fd.cport', 'number', (e) => portOf(e, 'c')),
  sys('fd.sport', 'number', (e) => portOf(e, 's')),
  sys('fd.lport', 'number', (e) => portOf(e, local(e))),
  sys('fd.rport', 'number', (e) => portOf(e, other(local(e)))),
  sys('fd.port', 'number', (e) => bothPorts(e), { anyOf: true }),

  sys('container.id', 'string', (e) => e.container.id),
  sys('container.full_id', 'string', (e) => e.container.fullId ?? e.container.id),
  sys('container.name', 'string', (e) => e.container.name ?? (e.container.id === 'host' ? 'host' : undefined)),
  sys('container.image', 'string', (e) => e.container.image),
  sys('container.image.repository', 'string', (e) => e.container.imageRepository),
  sys('container.image.tag', 'string', (e) => e.container.imageTag),
  sys('container.type', 'string', (e) => e.container.runtime),
  sys('container.privileged', 'bool', (e) => e.container.privileged),
  sys('container.start_ts', 'number', (e) => e.container.startNs),
  sys('k8s.ns.name', 'string', (e) => e.container.namespace),
  sys('k8s.pod.name', 'string', (e) => e.container.podName),
  sys('k8s.pod.uid', 'string', (e) => e.container.podUid),
  sys('k8s.pod.label', 'string', (e, a) => (a === undefined ? undefined : e.container.podLabels?.[a]), { arg: 'required' }),
];

