/**
 * eBPF source: runs bpftrace with the generated program, reads `-f json` lines as a stream, pairs enter
 * and exit lines by tid, and turns them into Falco-shaped syscall events. Before starting it checks what
 * eBPF needs here (root, bpftrace, tracefs with syscall tracepoints; it mounts tracefs when missing) and
 * says exactly what is missing, so `watch` can fall back to the /proc poller.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import type { FdInfo, SyscallEvent } from '../event.js';
import { availableProbes, bpftraceProgram } from './bpftrace-script.js';
import { ProcTable, type ProcEntry } from './proc-table.js';
import { CgroupResolver } from '../attribution/cgroup.js';
import type { EventSink, EventSource, SourceStats } from './source.js';

const TRACEFS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

/** Where syscall tracepoints are, mounting tracefs when it is missing; or why eBPF cannot run. */
export function probeEbpf(): { ok: true; tracefs: string; bpftrace: string } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `eBPF needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'eBPF needs root (CAP_BPF + CAP_PERFMON); run as root or use --source proc' };
  const which = spawnSync('sh', ['-c', 'command -v bpftrace'], { encoding: 'utf8' });
  const bpftrace = which.stdout.trim();
  if (!bpftrace) return { ok: false, reason: 'bpftrace is not installed (Debian: apt-get install bpftrace)' };
  for (const t of TRACEFS) if (existsSync(`${t}/events/syscalls`)) return { ok: true, tracefs: t, bpftrace };
  const m = spawnSync('mount', ['-t', 'tracefs', 'tracefs', TRACEFS[0]!], { encoding: 'utf8' });
  if (existsSync(`${TRACEFS[0]}/events/syscalls`)) return { ok: true, tracefs: TRACEFS[0]!, bpftrace };
  if (existsSync(`${TRACEFS[0]}/events`)) return { ok: false, reason: `tracefs is mounted at ${TRACEFS[0]} but has no syscall tracepoints (kernel built without CONFIG_FTRACE_SYSCALLS)` };
  return { ok: false, reason: `tracefs is not mounted and mounting it failed: ${(m.stderr || m.error?.message || 'unknown error').trim()}` };
}

interface Pending { type: string; tid: number; pid: number; ppid: number; uid: number; gid: number; cgid: number; comm: string; fields: string[]; argv: string[]; second?: string; at: number }

const AF: Record<number, string> = { 1: 'AF_UNIX', 2: 'AF_INET', 10: 'AF_INET6', 16: 'AF_NETLINK', 17: 'AF_PACKET' };
const PTRACE: Record<number, string> = { 0: 'PTRACE_TRACEME', 1: 'PTRACE_PEEKTEXT', 2: 'PTRACE_PEEKDATA', 4: 'PTRACE_POKETEXT', 5: 'PTRACE_POKEDATA', 7: 'PTRACE_CONT', 8: 'PTRACE_KILL', 9: 'PTRACE_SINGLESTEP', 12: 'PTRACE_GETREGS', 13: 'PTRACE_SETREGS', 16: 'PTRACE_ATTACH', 17: 'PTRACE_DETACH', 0x4206: 'PTRACE_SEIZE', 0x4207: 'PTRACE_INTERRUPT' };
const ntohs = (n: number): number => ((n & 0xff) << 8) | ((n >> 8) & 0xff);
const link = (p: string): string | undefined => { try { return readlinkSync(p); } catch { return undefined; } };

/** Resolves `dirfd`-relative paths the way Falco's fd.name does (cwd or the directory fd). */
function absPath(pid: number, dirfd: number, path: string, cwd: string | undefined): string {
  if (path.startsWith('/')) return path;
  const base = dirfd === -100 ? cwd ?? link(`/proc/${pid}/cwd`) : link(`/proc/${pid}/fd/${dirfd}`);
  if (!base) return path;
  const parts: string[] = [];
  for (const seg of `${base}/${path}`.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** The socket behind an fd (for dup/accept): its inode looked up in /proc/PID/net/{tcp,tcp6,udp,udp6}. */
function socketFd(pid: number, fd: number): FdInfo | undefined {
  const target = link(`/proc/${pid}/fd/${fd}`);
  const ino = /^socket:\[(\d+)\]$/.exec(target ?? '')?.[1];
  if (!ino) return target ? { type: target.startsWith('/') ? 'file' : 'other', name: target, num: fd } : undefined;
  for (const [file, proto, v6] of [['tcp', 'tcp', false], ['tcp6', 'tcp', true], ['udp', 'udp', false], ['udp6', 'udp', true]] as const) {
    let text: string;
    try { text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c[9] !== ino) continue;
      const addr = (hexPort: string): [string, number] => {
        const [h, p] = hexPort.split(':') as [string, string];
        const bytes = Buffer.from(h, 'hex');
        let ip: string;
        if (!v6) ip = [...bytes.reverse()].join('.');
        else {
          const words: string[] = [];
          for (let i = 0; i < 16; i += 4) { const w = bytes.subarray(i, i + 4).reverse(); words.push(w.toString('hex').slice(0, 4), w.toString('hex').slice(4)); }
          ip = words.map((x) => x.replace(/^0+(?=.)/, '')).join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
          if (ip.startsWith('::ffff:') && /^::ffff:[0-9a-f]+:[0-9a-f]+$/.test(ip)) { const n = bytes; ip = `${n[12]}.${n[13]}.${n[14]}.${n[15]}`; }
        }
        return [ip, parseInt(p, 16)];
      };
      const [lip, lport] = addr(c[1]!);
      const [rip, rport] = addr(c[2]!);
      return { type: v6 ? 'ipv6' : 'ipv4', l4proto: proto, num: fd, cip: rip, cport: rport, sip: lip, sport: lport, name: `${rip}:${rport}->${lip}:${lport}`, connected: true };
    }
  }
  return { type: 'unix', num: fd, name: target };
}

/** What an exec keeps from the process (or, first seen at exec, from its parent). */
function inherited(known: ProcEntry | undefined, parent: ProcEntry | undefined): Partial<ProcEntry> {
  const from = known ?? parent;
  return from ? { cwd: from.cwd, tty: from.tty, loginuid: from.loginuid, capEffective: from.capEffective, sid: from.sid, pgid: from.pgid } : {};
}

type Fill = (ev: SyscallEvent, f: string[], p: Pending, res: number) => void | false;
const rest = (f: string[], from: number): string => f.slice(from).join('\t');

function openFill(ev: SyscallEvent, f: string[], p: Pending, res: number): void {
  const path = rest(f, 2);
  const name = absPath(p.pid, Number(f[0]), path, ev.proc.cwd);
  ev.fd = { type: 'file', num: res, name, nameraw: path, openFlags: Number(f[1]) };
  ev.args = { name, fd: res };
}

function connectFill(ev: SyscallEvent, f: string[], p: Pending, res: number): void {
  const family = Number(f[1]);
  if (family !== 2 && family !== 10) { ev.fd = { type: family === 1 ? 'unix' : 'other', num: Number(f[0]) }; return; }
  const sock = socketFd(p.pid, Number(f[0]));
  const sip = rest(f, 3);
  const sport = ntohs(Number(f[2]));
  ev.fd = { type: family === 10 ? 'ipv6' : 'ipv4', num: Number(f[0]), l4proto: sock?.l4proto ?? 'tcp', sip, sport, cip: sock?.sip, cport: sock?.sport, name: `${sock?.sip ?? ''}:${sock?.sport ?? ''}->${sip}:${sport}`, connected: res === 0 };
  ev.args = { fd: Number(f[0]), addr: `${sip}:${sport}` };
}

function dupFill(ev: SyscallEvent, f: string[], p: Pending, res: number): void | false {
  if (res > 2 || res < 0) return false;
  ev.fd = socketFd(p.pid, res);
  ev.args = { oldfd: Number(f[0]), newfd: res };
}

/** Per syscall: its Falco evt.arg.* names and the fd it concerns. */
const FILL: Record<string, Fill> = {
  execve: (ev, f) => { ev.args.filename = f[0] ?? ''; },
  execveat: (ev, f) => { ev.args = { dirfd: Number(f[0]), flags: Number(f[1]), filename: rest(f, 2) }; },
  open: openFill, openat: openFill, openat2: openFill,
  connect: connectFill,
  accept: (ev, _f, p, res) => { if (res >= 0) ev.fd = socketFd(p.pid, res); },
  accept4: (ev, _f, p, res) => { if (res >= 0) ev.fd = socketFd(p.pid, res); },
  setuid: (ev, f) => { ev.args = { uid: Number(f[0]) }; },
  setgid: (ev, f) => { ev.args = { gid: Number(f[0]) }; },
  ptrace: (ev, f) => { ev.args = { request: PTRACE[Number(f[0])] ?? String(f[0]), pid: Number(f[1]) }; },
  mount: (ev, f, p) => { ev.args = { flags: Number(f[0]), dir: rest(f, 1), type: p.second ?? '' }; },
  init_module: (ev, f) => { ev.args = { len: Number(f[0]) }; },
  finit_module: (ev, f) => { ev.args = { fd: Number(f[0]) }; },
  memfd_create: (ev, f, _p, res) => { ev.args = { flags: Number(f[0]), name: rest(f, 1) }; ev.fd = { type: 'memfd', num: res, name: `memfd:${rest(f, 1)}` }; },
  symlink: (ev, f, p) => { ev.args = { target: rest(f, 0), linkpath: p.second ?? '' }; },
  symlinkat: (ev, f, p) => { ev.args = { target: rest(f, 0), linkpath: p.second ?? '' }; },
  link: (ev, f, p) => { ev.args = { oldpath: rest(f, 0), newpath: p.second ?? '' }; },
  linkat: (ev, f, p) => { ev.args = { oldpath: rest(f, 0), newpath: p.second ?? '' }; },
  socket: (ev, f, _p, res) => {
    const fam = Number(f[0]);
    ev.args = { domain: AF[fam] ?? String(fam), type: Number(f[1]), proto: Number(f[2]) };
    ev.fd = { type: fam === 10 ? 'ipv6' : fam === 2 ? 'ipv4' : 'other', num: res };
  },
  dup: dupFill, dup2: dupFill, dup3: dupFill,
};

interface BpftraceOptions {
  bpftrace: string;
  tracefs: string;
  procs?: ProcTable;
  /** cgroup id → container; replaced in tests that replay recorded lines. */
  cgroups?: Pick<CgroupResolver, 'resolve'>;
  onReady?: () => void;
  onStderr?: (line: string) => void;
}

/** How long an exit line read before its enter line waits for it. */
const EARLY_NS = 2e9;

interface Early { type: string; res: number; comm: string; at: number }

/** Per-CPU ring buffer pages (4 MiB per CPU, Falco's default is 8 MiB): bpftrace's 64 pages drop events in bursts on a busy node. */
const PERF_RB_PAGES = '1024';

export class BpftraceSource implements EventSource {
  readonly name = 'ebpf';
  private child?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  /**
   * Exit lines read before their enter line. The kernel moves a task to another CPU during execve (sched_exec) and
   * wakes blocked syscalls wherever it likes; bpftrace drains the per-CPU buffers one after the other, so the exit can
   * come first. Kept briefly (EARLY_NS) for the enter line to complete them.
   */
  private readonly early = new Map<number, Early[]>();
  private readonly procs: ProcTable;
  readonly stats: SourceStats = { events: 0, lost: 0, lines: 0, notes: [] };
  private num = 0;
  private readonly cgroups: Pick<CgroupResolver, 'resolve'>;

  constructor(private readonly opts: BpftraceOptions) {
    this.procs = opts.procs ?? new ProcTable();
    this.cgroups = opts.cgroups ?? new CgroupResolver();
  }

  start(sink: EventSink): Promise<void> {
    const { present, missing } = availableProbes(this.opts.tracefs);
    if (missing.length) this.stats.notes.push(`tracepoints absent on this kernel, not captured: ${missing.join(', ')}`);
    const program = bpftraceProgram(present, process.pid);
    const child = spawn(this.opts.bpftrace, ['-B', 'none', '-f', 'json', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'], env: { BPFTRACE_PERF_RB_PAGES: PERF_RB_PAGES, ...process.env, BPFTRACE_STRLEN: '200' } });
    this.child = child;
    const err = createInterface({ input: child.stderr! });
    const errors: string[] = [];
    err.on('line', (l) => { if (/^(ERROR|error):/.test(l) && !l.includes('RLIMIT_MEMLOCK')) errors.push(l); this.opts.onStderr?.(l); });
    const lines = createInterface({ input: child.stdout! });
    return new Promise((resolve, reject) => {
      let ready = false;
      lines.on('line', (l) => {
        this.stats.lines++;
        if (!ready && l.includes('"R\\tready')) { ready = true; resolve(); this.opts.onReady?.(); return; }
        this.line(l, sink);
      });
      child.on('exit', (code, signal) => {
        if (!ready) reject(new Error(`bpftrace exited (${signal ?? code}) before capture started: ${errors.join('; ') || 'no error text'}`));
      });
      child.on('error', reject);
    });
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGINT'); setTimeout(() => c.kill('SIGKILL'), 3000).unref(); });
  }

  /** One `-f json` line; exported through the class for tests that replay recorded output. */
  line(raw: string, sink: EventSink): void {
    let msg: { type?: string; data?: unknown };
    try { msg = JSON.parse(raw) as typeof msg; } catch { return; }
    if (msg.type === 'lost_events') { this.stats.lost += Number((msg.data as { events?: number })?.events ?? 0); return; }
    if (msg.type !== 'printf' || typeof msg.data !== 'string') return;
    const data = msg.data.endsWith('\n') ? msg.data.slice(0, -1) : msg.data;
    const now = Date.now() * 1e6;
    const t = data.split('\t');
    switch (t[0]) {
      case '>': {
        const p: Pending = { type: t[1]!, tid: Number(t[2]), pid: Number(t[3]), ppid: Number(t[4]), uid: Number(t[5]), gid: Number(t[6]), cgid: Number(t[7]), comm: t[8]!, fields: t.slice(9), argv: [], at: now };
        // the last field is free text and may contain tabs
        if (p.type === 'execve') p.fields = [t.slice(9).join('\t')];
        this.pending.set(p.tid, p);
        if (this.pending.size > 50000) this.gcPending(now);
        const e = this.early.size ? this.takeEarly(p.tid, p.type) : undefined;
        // after this read's remaining lines: the argv (A) and second-string (S) lines follow the enter line
        if (e && now - e.at < EARLY_NS) setImmediate(() => this.complete(p, e.res, e.comm, now, sink, true));
        return;
      }
      case 'A': { const p = this.pending.get(Number(t[1])); if (p) p.argv[Number(t[2])] = t.slice(3).join('\t'); return; }
      case 'S': { const p = this.pending.get(Number(t[1])); if (p) p.second = t.slice(2).join('\t'); return; }
      case '<': {
        const tid = Number(t[2]);
        const p = this.pending.get(tid);
        if (!p || p.type !== t[1]) {
          if (this.early.size > 10000) this.early.clear();
          const e: Early = { type: t[1]!, res: Number(t[3]), comm: t.slice(4).join('\t'), at: now };
          const list = this.early.get(tid);
          if (list) list.push(e);
          else this.early.set(tid, [e]);
          return;
        }
        this.complete(p, Number(t[3]), t.slice(4).join('\t'), now, sink);
        return;
      }
      case 'F': this.procs.fork(Number(t[1]), Number(t[2]), now); return;
      case 'X': this.procs.exit(Number(t[1]), now); return;
      default:
    }
  }

  /**
   * The exit line of this thread's `type` syscall that was read before its enter line, if any (used once). Only that
   * type's: the new program's first syscalls (its exit lines on the CPU the exec moved it to) can be read between
   * the exec's exit line and its enter line, and must not use up the exec's.
   */
  private takeEarly(tid: number, type: string): Early | undefined {
    const list = this.early.get(tid);
    const i = list ? list.findIndex((e) => e.type === type) : -1;
    if (i < 0) return undefined;
    const [e] = list!.splice(i, 1);
    if (list!.length === 0) this.early.delete(tid);
    return e;
  }

  /** `early`: the exit came first and p was matched to it; the thread's next enter line may have replaced p as pending. */
  private complete(p: Pending, res: number, comm: string, now: number, sink: EventSink, early = false): void {
    if (this.pending.get(p.tid) === p) this.pending.delete(p.tid);
    else if (!early) return;
    const ev = this.event(p, res, comm, now);
    if (ev) { this.stats.events++; sink(ev); }
  }

  private gcPending(now: number): void {
    for (const [tid, p] of this.pending) if (now - p.at > 10e9) this.pending.delete(tid);
  }

  private processFor(p: Pending, res: number, newComm: string, now: number): ProcEntry {
    const exec = p.type === 'execve' || p.type === 'execveat';
    const known = this.procs.get(p.pid, now);
    // the kernel's cgroup id is the truth at event time (a process can be moved after /proc was read)
    if (known && known.cgroupId !== p.cgid) { known.container = this.cgroups.resolve(p.pid, p.cgid); known.cgroupId = p.cgid; }
    if (!exec || res !== 0) {
      // per-CPU buffers reorder lines: a short-lived process's syscall can arrive before its fork/exec lines, after it
      // has exited (no /proc to read), so the container comes from the kernel's cgroup id, never a guessed `host`
      return known ?? { pid: p.pid, ppid: p.ppid, name: p.comm, exe: p.comm, exepath: '', args: [], uid: p.uid, gid: p.gid, container: this.cgroups.resolve(p.pid, p.cgid), cgroupId: p.cgid, seenNs: now };
    }
    // a successful exec: argv from the kernel (the process may be gone before /proc can be read)
    const filename = p.fields.at(-1) ?? '';
    const exepathNow = link(`/proc/${p.pid}/exe`)?.replace(/ \(deleted\)$/, '');
    const argv = p.argv.filter((a) => a !== undefined);
    const parent = this.procs.get(p.ppid, now);
    const entry: ProcEntry = {
      ...(known ?? {}),
      pid: p.pid, ppid: p.ppid, name: newComm || basename(filename), exe: argv[0] ?? filename,
      exepath: exepathNow ?? absPath(p.pid, -100, filename, known?.cwd ?? parent?.cwd), args: argv.slice(1),
      uid: p.uid, gid: p.gid, startNs: now, seenNs: now, exeUpperLayer: undefined, exeSha256: undefined,
      container: this.cgroups.resolve(p.pid, p.cgid), cgroupId: p.cgid,
      ...inherited(known, parent),
    };
    this.procs.set(entry);
    return entry;
  }

  private event(p: Pending, res: number, newComm: string, now: number): SyscallEvent | undefined {
    const proc = this.processFor(p, res, newComm, now);
    const ev: SyscallEvent = { source: 'syscall', type: p.type, time: now, num: ++this.num, proc, ancestors: this.procs.ancestors(proc, now), res, args: {}, container: proc.container, producer: 'ebpf' };
    const fill = FILL[p.type];
    if (fill && fill(ev, p.fields, p, res) === false) return undefined;
    return ev;
  }
}
