/**
 * The bpftrace program, generated for the tracepoints this kernel has (a missing one, e.g.
 * init_module on a kernel built without modules, is left out and reported, not fatal).
 * Each syscall prints one enter line and one exit line, tab-separated, keyed by tid: the reader pairs
 * them (bpftrace reads per-CPU buffers, so lines of different CPUs interleave). Free-form strings go last.
 *   > TYPE TID PID PPID UID GID CGROUPID COMM ARGS…      (enter)
 *   A TID INDEX ARG                                      (execve/execveat argv, up to MAX_ARGS)
 *   S TID STRING                                         (a second string: symlink/link target, mount fstype)
 *   < TYPE TID RET COMM                                  (exit; COMM is the new one after an exec)
 *   F PARENT_PID CHILD_PID / X PID                       (fork / exit of a process)
 */
import { existsSync } from 'node:fs';

const MAX_ARGS = 24;

/** `second`: a second string, printed by its own program as `S TID STRING` (two 200-byte strings exceed the 512-byte BPF stack). */
interface Probe { name: string; fmt: string; args: string[]; filter?: string; second?: string }

/** connect: family, port (network order) and address; IPv6 and IPv4 need separate printf calls (ntop types). */
const SOCKADDR_V4 = ['((struct sockaddr *)uptr(args->uservaddr))->sa_family', '((struct sockaddr_in *)uptr(args->uservaddr))->sin_port', 'ntop(2, ((struct sockaddr_in *)uptr(args->uservaddr))->sin_addr.s_addr)'];
const SOCKADDR_V6 = ['((struct sockaddr *)uptr(args->uservaddr))->sa_family', '((struct sockaddr_in6 *)uptr(args->uservaddr))->sin6_port', 'ntop(10, ((struct sockaddr_in6 *)uptr(args->uservaddr))->sin6_addr.in6_u.u6_addr8)'];

const PROBES: Probe[] = [
  { name: 'execve', fmt: '%s', args: ['str(args->filename)'] },
  { name: 'execveat', fmt: '%d\t%d\t%s', args: ['args->fd', 'args->flags', 'str(args->filename)'] },
  { name: 'open', fmt: '-100\t%d\t%s', args: ['args->flags', 'str(args->filename)'] },
  { name: 'openat', fmt: '%d\t%d\t%s', args: ['args->dfd', 'args->flags', 'str(args->filename)'] },
  { name: 'openat2', fmt: '%d\t%d\t%s', args: ['args->dfd', '((struct open_how *)uptr(args->how))->flags', 'str(args->filename)'] },
  { name: 'connect', fmt: '%d\t%d\t%d\t%s', args: ['args->fd', ...SOCKADDR_V4] },
  { name: 'accept', fmt: '%d', args: ['args->fd'] },
  { name: 'accept4', fmt: '%d', args: ['args->fd'] },
  { name: 'setuid', fmt: '%d', args: ['args->uid'] },
  { name: 'setgid', fmt: '%d', args: ['args->gid'] },
  { name: 'ptrace', fmt: '%d\t%d', args: ['args->request', 'args->pid'] },
  { name: 'mount', fmt: '%d\t%s', args: ['args->flags', 'str(args->dir_name)'], second: 'str(args->type)' },
  { name: 'init_module', fmt: '%d', args: ['args->len'] },
  { name: 'finit_module', fmt: '%d', args: ['args->fd'] },
  { name: 'memfd_create', fmt: '%d\t%s', args: ['args->flags', 'str(args->uname)'] },
  { name: 'symlink', fmt: '%s', args: ['str(args->oldname)'], second: 'str(args->newname)' },
  { name: 'symlinkat', fmt: '%s', args: ['str(args->oldname)'], second: 'str(args->newname)' },
  { name: 'link', fmt: '%s', args: ['str(args->oldname)'], second: 'str(args->newname)' },
  { name: 'linkat', fmt: '%s', args: ['str(args->oldname)'], second: 'str(args->newname)' },
  { name: 'socket', fmt: '%d\t%d\t%d', args: ['args->family', 'args->type', 'args->protocol'] },
  // only redirections onto stdin/stdout/stderr matter to the rules (reverse shells)
  { name: 'dup', fmt: '%d', args: ['args->fildes'] },
  { name: 'dup2', fmt: '%d\t%d', args: ['args->oldfd', 'args->newfd'], filter: 'args->newfd <= 2' },
  { name: 'dup3', fmt: '%d\t%d', args: ['args->oldfd', 'args->newfd'], filter: 'args->newfd <= 2' },
];


const HEAD = 'tid, pid, curtask->real_parent->tgid, uid, gid, cgroup, comm';

function argvLoop(): string {
  return `  $i = 0;
  while ($i < ${MAX_ARGS}) {
    $p = *(uptr(args->argv) + $i);
    if ($p == 0) { break; }
    printf("A\\t%d\\t%d\\t%s\\n", tid, $i, str($p));
    $i++;
  }`;
}

/** Tracepoints present on this kernel, and the ones that are not (reported by `watch`). */
export function availableProbes(tracefs: string): { present: string[]; missing: string[] } {
  const present: string[] = [];
  const missing: string[] = [];
  for (const p of PROBES) (existsSync(`${tracefs}/events/syscalls/sys_enter_${p.name}`) ? present : missing).push(p.name);
  return { present, missing };
}

export function bpftraceProgram(present: readonly string[], selfPid: number): string {
  const out: string[] = [];
  // bulwark's own syscalls (and bpftrace's) would feed back into the event stream
  const notSelf = `pid != ${selfPid} && comm != "bpftrace"`;
  for (const p of PROBES) {
    if (!present.includes(p.name)) continue;
    const filter = [notSelf, p.filter].filter(Boolean).join(' && ');
    const exec = p.name === 'execve' || p.name === 'execveat';
    const line = (args: string[]): string => `printf(">\\t${p.name}\\t%d\\t%d\\t%d\\t%d\\t%d\\t%d\\t%s\\t${p.fmt}\\n", ${HEAD}, ${args.join(', ')});`;
    const body = p.name === 'connect'
      ? `  if (((struct sockaddr *)uptr(args->uservaddr))->sa_family == 10) { ${line(['args->fd', ...SOCKADDR_V6])} } else { ${line(p.args)} }`
      : `  ${line(p.args)}`;
    // argv gets its own program on the same tracepoint: two 200-byte strings exceed the 512-byte BPF stack
    out.push(`tracepoint:syscalls:sys_enter_${p.name} /${filter}/ {
${body}
}
${exec ? `tracepoint:syscalls:sys_enter_${p.name} /${filter}/ {\n${argvLoop()}\n}` : ''}
${p.second ? `tracepoint:syscalls:sys_enter_${p.name} /${filter}/ { printf("S\\t%d\\t%s\\n", tid, ${p.second}); }` : ''}
tracepoint:syscalls:sys_exit_${p.name} /${notSelf}/ {
  printf("<\\t${p.name}\\t%d\\t%d\\t%s\\n", tid, args->ret, comm);
}`);
  }
  out.push(`tracepoint:sched:sched_process_fork { printf("F\\t%d\\t%d\\n", args->parent_pid, args->child_pid); }`);
  out.push(`tracepoint:sched:sched_process_exit /pid == tid/ { printf("X\\t%d\\n", pid); }`);
  out.push('BEGIN { printf("R\\tready\\n"); }');
  return out.join('\n');
}
