/**
 * Process table: what the kernel events do not carry (argv of processes seen before capture, cwd, exe
 * path, capabilities, loginuid, tty, start time), read from /proc once per process and kept until the
 * process exits. Exec events update it; fork copies the parent; the ancestry walk uses it.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import type { ContainerInfo, ProcessInfo } from '../event.js';
import { attributeCgroup } from '../attribution/cgroup.js';

const CAPS = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE'];

export function capNames(hex: string): string[] {
  let v = BigInt(`0x${hex.trim() || '0'}`);
  const out: string[] = [];
  for (let i = 0; v; i++, v >>= 1n) if (v & 1n) out.push(CAPS[i] ?? `CAP_${i}`);
  return out;
}

const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
const link = (p: string): string | undefined => { try { return readlinkSync(p); } catch { return undefined; } };

let bootNs: number | undefined;
const CLK_TCK = 100;
function bootTimeNs(): number {
  if (bootNs === undefined) {
    const btime = /^btime (\d+)/m.exec(read('/proc/stat') ?? '');
    bootNs = btime ? Number(btime[1]) * 1e9 : 0;
  }
  return bootNs;
}

export interface ProcEntry extends ProcessInfo { container: ContainerInfo; seenNs: number; exited?: number; cgroupId?: number }

/** Reads one process from /proc; undefined when it is gone. */
export function readProc(pid: number, procRoot = '/proc'): Omit<ProcEntry, 'container' | 'seenNs'> & { cgroup?: string } | undefined {
  const base = `${procRoot}/${pid}`;
  const stat = read(`${base}/stat`);
  if (!stat) return undefined;
  const close = stat.lastIndexOf(')');
  const name = stat.slice(stat.indexOf('(') + 1, close);
  const f = stat.slice(close + 2).split(' ');
  const status = read(`${base}/status`) ?? '';
  const field = (k: string): string | undefined => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status)?.[1];
  const argv = (read(`${base}/cmdline`) ?? '').split('\0');
  if (argv.at(-1) === '') argv.pop();
  const exepath = (link(`${base}/exe`) ?? '').replace(/ \(deleted\)$/, '');
  const loginuid = Number(read(`${base}/loginuid`) ?? NaN);
  return {
    pid, ppid: Number(f[1]), name, exe: argv[0] ?? exepath, exepath, args: argv.slice(1),
    cwd: link(`${base}/cwd`), tty: Number(f[4]) || 0, pgid: Number(f[2]), sid: Number(f[3]),
    uid: Number(field('Uid')?.split(/\s+/)[1] ?? NaN), gid: Number(field('Gid')?.split(/\s+/)[1] ?? NaN),
    loginuid: Number.isNaN(loginuid) ? undefined : loginuid,
    startNs: bootTimeNs() + (Number(f[19]) / CLK_TCK) * 1e9,
    capEffective: capNames(field('CapEff') ?? '0'),
    cgroup: read(`${base}/cgroup`),
  };
}

export class ProcTable {
  private readonly procs = new Map<number, ProcEntry>();
  constructor(private readonly procRoot = '/proc', private readonly maxEntries = 65536) {}

  get size(): number { return this.procs.size; }

  /** The entry for a pid, read from /proc on first sight. */
  get(pid: number, nowNs: number): ProcEntry | undefined {
    const e = this.procs.get(pid);
    if (e) return e;
    const p = readProc(pid, this.procRoot);
    if (!p) return undefined;
    const { cgroup, ...info } = p;
    const entry: ProcEntry = { ...info, container: attributeCgroup(cgroup ?? ''), seenNs: nowNs };
    this.set(entry);
    return entry;
  }

  set(e: ProcEntry): void {
    if (this.procs.size >= this.maxEntries) this.sweep(e.seenNs, true);
    this.procs.set(e.pid, e);
  }

  fork(parent: number, child: number, nowNs: number): void {
    const p = this.procs.get(parent);
    if (!p) return;
    this.set({ ...p, pid: child, ppid: parent, startNs: nowNs, seenNs: nowNs, exited: undefined });
  }

  /** Exited processes stay a few seconds: their children's events and late lines still need them. */
  exit(pid: number, nowNs: number): void {
    const e = this.procs.get(pid);
    if (e) e.exited = nowNs;
  }

  ancestors(p: ProcessInfo, nowNs: number, max = 16): ProcessInfo[] {
    const out: ProcessInfo[] = [];
    let ppid = p.ppid;
    const seen = new Set([p.pid]);
    while (ppid && ppid > 0 && !seen.has(ppid) && out.length < max) {
      seen.add(ppid);
      const a = this.get(ppid, nowNs);
      if (!a) break;
      out.push(a);
      ppid = a.ppid;
    }
    return out;
  }

  sweep(nowNs: number, force = false): void {
    for (const [pid, e] of this.procs) if (e.exited !== undefined && (force || nowNs - e.exited > 5e9)) this.procs.delete(pid);
  }
}
