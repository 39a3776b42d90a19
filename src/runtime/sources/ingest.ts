/**
 * Ingest of other sensors' JSON, so existing deployments can feed Bulwark's rules and outputs:
 * Falco JSON output (`json_output: true`; its output_fields become the event) and Tetragon export
 * (`process_exec`, `process_kprobe` for fd_install/tcp_connect/sys_* hooks, `process_exit` ignored).
 * Input is JSON lines from a file or stdin.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ContainerInfo, ProcessInfo, SyscallEvent } from '../event.js';
import type { EventSink, EventSource, SourceStats } from './source.js';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
const n = (v: unknown): number | undefined => (v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));
const split = (cmd: string | undefined): string[] => (cmd ? cmd.split(' ').filter(Boolean) : []);
const tsNs = (t: unknown): number => { const ms = Date.parse(s(t) ?? ''); return Number.isNaN(ms) ? Date.now() * 1e6 : ms * 1e6; };

/** A Falco alert back into an event: the fields it printed are the fields we know. */
export function fromFalco(j: Obj): SyscallEvent | undefined {
  const f = o(j.output_fields);
  if (!Object.keys(f).length) return undefined;
  const ancestors: ProcessInfo[] = [];
  const pname = s(f['proc.pname']);
  if (pname) ancestors.push({ pid: n(f['proc.ppid']) ?? 0, name: pname, exe: s(f['proc.pexe']) ?? pname, exepath: s(f['proc.pexepath']) ?? '', args: split(s(f['proc.pcmdline'])).slice(1) });
  for (let i = 2; i <= 7; i++) { const a = s(f[`proc.aname[${i}]`]); if (!a) break; ancestors.push({ pid: 0, name: a, exe: a, exepath: '', args: [] }); }
  const cmd = split(s(f['proc.cmdline']));
  const container: ContainerInfo = { id: s(f['container.id']) ?? 'host', name: s(f['container.name']), image: s(f['container.image']), imageRepository: s(f['container.image.repository']), imageTag: s(f['container.image.tag']), namespace: s(f['k8s.ns.name']), podName: s(f['k8s.pod.name']) };
  const fdName = s(f['fd.name']);
  return {
    source: 'syscall', type: s(f['evt.type']) ?? 'unknown', time: tsNs(j.time), producer: 'falco',
    proc: { pid: n(f['proc.pid']) ?? 0, ppid: n(f['proc.ppid']), name: s(f['proc.name']) ?? cmd[0] ?? '', exe: s(f['proc.exe']) ?? cmd[0] ?? '', exepath: s(f['proc.exepath']) ?? '', args: cmd.slice(1), cwd: s(f['proc.cwd']), tty: n(f['proc.tty']), uid: n(f['user.uid']), loginuid: n(f['user.loginuid']) },
    ancestors, container, res: n(f['evt.rawres']), args: {},
    ...(fdName ? { fd: { type: s(f['fd.type']) ?? 'file', name: fdName, sip: s(f['fd.sip']), sport: n(f['fd.sport']), cip: s(f['fd.cip']), cport: n(f['fd.cport']), l4proto: s(f['fd.l4proto']) as 'tcp' | undefined } } : {}),
    user: { name: s(f['user.name']) },
  };
}

function tetragonProcess(p: Obj): ProcessInfo {
  const bin = s(p.binary) ?? '';
  return { pid: n(p.pid) ?? 0, name: bin.slice(bin.lastIndexOf('/') + 1).slice(0, 15), exe: bin, exepath: bin, args: split(s(p.arguments)), cwd: s(p.cwd), uid: n(p.uid), startNs: tsNs(p.start_time) };
}

/** Tetragon export lines: process_exec → execve; process_kprobe on known hooks → open/connect. */
export function fromTetragon(j: Obj): SyscallEvent | undefined {
  const ex = o(j.process_exec);
  const kp = o(j.process_kprobe);
  const body = Object.keys(ex).length ? ex : kp;
  if (!Object.keys(body).length) return undefined;
  const proc = tetragonProcess(o(body.process));
  const parent = o(body.parent);
  const ancestors = Object.keys(parent).length ? [tetragonProcess(parent)] : [];
  proc.ppid = ancestors[0]?.pid;
  const pod = o(o(body.process).pod);
  const cont = o(pod.container);
  const image = o(cont.image);
  const container: ContainerInfo = { id: s(cont.id)?.replace(/^[a-z-]+:\/\//, '').slice(0, 12) ?? 'host', name: s(cont.name), image: s(image.name), namespace: s(pod.namespace), podName: s(pod.name) };
  const base = { source: 'syscall' as const, time: tsNs(j.time), producer: 'tetragon', proc, ancestors, container, res: 0, args: {} };
  if (body === ex) return { ...base, type: 'execve', args: { filename: proc.exepath } };
  const fn = s(kp.function_name) ?? '';
  const args = Array.isArray(kp.args) ? kp.args.map(o) : [];
  const file = args.map((a) => s(o(a.file_arg).path)).find(Boolean);
  const sock = args.map((a) => o(a.sock_arg)).find((x) => Object.keys(x).length);
  if (file && /fd_install|openat|security_file_open/.test(fn)) return { ...base, type: 'openat', fd: { type: 'file', name: file, openFlags: 0 } };
  if (sock && /connect/.test(fn)) return { ...base, type: 'connect', fd: { type: s(sock.family) === 'AF_INET6' ? 'ipv6' : 'ipv4', l4proto: s(sock.protocol)?.toLowerCase().replace('ipproto_', '') as 'tcp', sip: s(sock.daddr), sport: n(sock.dport), cip: s(sock.saddr), cport: n(sock.sport) } };
  return undefined;
}

export class JsonIngestSource implements EventSource {
  readonly name: string;
  readonly stats: SourceStats = { events: 0, lost: 0, lines: 0, notes: [] };
  private input?: Readable;
  private done?: Promise<void>;

  constructor(private readonly kind: 'falco-json' | 'tetragon-json', private readonly path: string, private readonly stdin: Readable = process.stdin) {
    this.name = kind;
  }

  async start(sink: EventSink): Promise<void> {
    this.input = this.path === '-' ? this.stdin : createReadStream(this.path);
    const rl = createInterface({ input: this.input });
    const conv = this.kind === 'falco-json' ? fromFalco : fromTetragon;
    this.done = new Promise((resolve) => rl.on('close', () => resolve()));
    rl.on('line', (line) => {
      if (!line.trim()) return;
      this.stats.lines++;
      let j: Obj;
      try { j = JSON.parse(line) as Obj; } catch { this.stats.lost++; return; }
      const ev = conv(j);
      if (!ev) { this.stats.lost++; return; }
      this.stats.events++;
      // Falco's never_true macro is evt.num=0: ingested events are numbered from 1 like captured ones
      ev.num = this.stats.events;
      sink(ev);
    });
  }

  /** Resolves when the input ends (a file read to its end, or stdin closed). */
  ended(): Promise<void> { return this.done ?? Promise.resolve(); }

  async stop(): Promise<void> { if (this.input && this.input !== this.stdin) this.input.destroy(); }
}
