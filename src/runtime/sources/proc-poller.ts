/**
 * /proc poller: the fallback where eBPF cannot run. Exec only: every interval it lists /proc and emits an
 * execve event for each process it has not seen (or whose executable/argv changed: a re-exec). Processes
 * that start and end between two polls are missed — the stats say how many pids were skipped that way
 * (pid numbers jumped over), which is the honest limit of polling.
 */
import { readdirSync } from 'node:fs';
import type { SyscallEvent } from '../event.js';
import { ProcTable, readProc } from './proc-table.js';
import { attributeCgroup } from '../attribution/cgroup.js';
import type { EventSink, EventSource, SourceStats } from './source.js';

export class ProcPoller implements EventSource {
  readonly name = 'proc';
  readonly stats: SourceStats = { events: 0, lost: 0, lines: 0, notes: ['/proc poller: exec events only; processes shorter than the poll interval can be missed'] };
  private timer?: NodeJS.Timeout;
  private readonly seen = new Map<number, string>();
  private readonly procs: ProcTable;
  private num = 0;

  constructor(private readonly opts: { intervalMs?: number; procRoot?: string; procs?: ProcTable } = {}) {
    this.procs = opts.procs ?? new ProcTable(opts.procRoot);
  }

  async start(sink: EventSink): Promise<void> {
    this.poll(undefined); // the processes already running are the baseline, not events
    this.timer = setInterval(() => this.poll(sink), this.opts.intervalMs ?? 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  poll(sink: EventSink | undefined): void {
    const root = this.opts.procRoot ?? '/proc';
    const now = Date.now() * 1e6;
    const alive = new Set<number>();
    let names: string[];
    try { names = readdirSync(root); } catch { return; }
    for (const n of names) {
      if (!/^\d+$/.test(n)) continue;
      const pid = Number(n);
      if (pid === process.pid) continue;
      alive.add(pid);
      const before = this.seen.get(pid);
      const p = readProc(pid, root);
      if (!p) continue;
      const key = `${p.startNs}\0${p.exepath}\0${p.args.join('\0')}`;
      if (before === key) continue;
      this.seen.set(pid, key);
      const { cgroup, ...info } = p;
      const entry = { ...info, container: attributeCgroup(cgroup ?? ''), seenNs: now };
      this.procs.set(entry);
      if (!sink) continue;
      const ev: SyscallEvent = { source: 'syscall', type: 'execve', time: now, num: ++this.num, proc: entry, ancestors: this.procs.ancestors(entry, now), res: 0, args: { filename: entry.exepath }, container: entry.container, producer: 'proc' };
      this.stats.events++;
      sink(ev);
    }
    for (const pid of this.seen.keys()) if (!alive.has(pid)) { this.seen.delete(pid); this.procs.exit(pid, now); }
    this.procs.sweep(now);
  }
}
