/**
 * Recorded bpftrace `-f json` lines replayed into the source: line pairing and attribution without the kernel.
 * Per-CPU buffers reorder lines, so a short-lived process's syscall can arrive before its fork/exec lines and after
 * it has exited; its container must still come from the kernel's cgroup id.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BpftraceSource } from '../../src/runtime/index.js';
import type { RuntimeEvent, SyscallEvent } from '../../src/runtime/event.js';

// a pid above pid_max cannot exist, so /proc has nothing to say about it
const GONE = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 7;
const printf = (...f: Array<string | number>): string => JSON.stringify({ type: 'printf', data: `${f.join('\t')}\n` });
const htons = (p: number): number => ((p & 0xff) << 8) | (p >> 8);

test('a connect from an exited process with no fork/exec seen yet is attributed by its cgroup id', () => {
  const asked: number[] = [];
  const src = new BpftraceSource({ bpftrace: 'bpftrace', tracefs: '/nonexistent', cgroups: { resolve: (_pid, cgid) => { asked.push(cgid); return cgid === 4242 ? { id: '0123456789ab', runtime: 'unshare' } : { id: 'host' }; } } });
  const events: SyscallEvent[] = [];
  const sink = (e: RuntimeEvent): void => { events.push(e as SyscallEvent); };
  src.line(printf('>', 'connect', GONE, GONE, 1, 0, 0, 4242, 'bash', 3, 2, htons(8443), '127.0.0.1'), sink);
  src.line(printf('<', 'connect', GONE, 0, 'bash'), sink);
  assert.equal(events.length, 1);
  const ev = events[0]!;
  assert.equal(ev.type, 'connect');
  assert.deepEqual(asked, [4242]);
  assert.equal(ev.container.id, '0123456789ab');
  assert.equal(ev.proc.name, 'bash');
  assert.equal(ev.fd?.sport, 8443);
  assert.equal(ev.fd?.sip, '127.0.0.1');
  assert.equal(ev.fd?.connected, true);
});

test('an exit line without its enter line (lost) yields no event; mismatched syscall types do not pair', () => {
  const src = new BpftraceSource({ bpftrace: 'bpftrace', tracefs: '/nonexistent', cgroups: { resolve: () => ({ id: 'host' }) } });
  const events: SyscallEvent[] = [];
  const sink = (e: RuntimeEvent): void => { events.push(e as SyscallEvent); };
  src.line(printf('<', 'connect', GONE, 0, 'bash'), sink);
  src.line(printf('>', 'openat', GONE, GONE, 1, 0, 0, 1, 'cat', -100, 0, '/etc/hostname'), sink);
  src.line(printf('<', 'connect', GONE, 0, 'cat'), sink);
  src.line(JSON.stringify({ type: 'lost_events', data: { events: 3 } }), sink);
  assert.equal(events.length, 0);
  assert.equal(src.stats.lost, 3);
});

test('an exit line read before its enter line (execve moved to another CPU) still makes the event, argv included', async () => {
  const src = new BpftraceSource({ bpftrace: 'bpftrace', tracefs: '/nonexistent', cgroups: { resolve: (_pid, cgid) => (cgid === 4242 ? { id: '0123456789ab' } : { id: 'host' }) } });
  const events: SyscallEvent[] = [];
  const sink = (e: RuntimeEvent): void => { events.push(e as SyscallEvent); };
  // CPU 0's buffer drained first: the exit; then CPU 1's: the enter and its argv lines
  src.line(printf('<', 'execve', GONE, 0, 'mystery-tool'), sink);
  src.line(printf('>', 'execve', GONE, GONE, 1, 0, 0, 4242, 'sh', '/tmp/x/mystery-tool'), sink);
  src.line(printf('A', GONE, 0, '/tmp/x/mystery-tool'), sink);
  src.line(printf('A', GONE, 1, '--flag'), sink);
  assert.equal(events.length, 0, 'completed only after the enter line\'s argv');
  await new Promise((r) => setImmediate(r));
  assert.equal(events.length, 1);
  const ev = events[0]!;
  assert.equal(ev.type, 'execve');
  assert.equal(ev.res, 0);
  assert.equal(ev.proc.name, 'mystery-tool');
  assert.equal(ev.proc.exepath, '/tmp/x/mystery-tool');
  assert.deepEqual(ev.proc.args, ['--flag']);
  assert.equal(ev.container.id, '0123456789ab');
  // the exit line is used once: a later enter of the same syscall waits for its own exit
  src.line(printf('>', 'execve', GONE, GONE, 1, 0, 0, 4242, 'sh', '/bin/true'), sink);
  await new Promise((r) => setImmediate(r));
  assert.equal(events.length, 1);
});

test('the new program\'s first syscalls read between an exec\'s exit and enter lines do not use up the exec\'s exit line', async () => {
  const src = new BpftraceSource({ bpftrace: 'bpftrace', tracefs: '/nonexistent', cgroups: { resolve: (_pid, cgid) => (cgid === 4242 ? { id: '0123456789ab' } : { id: 'host' }) } });
  const events: SyscallEvent[] = [];
  const sink = (e: RuntimeEvent): void => { events.push(e as SyscallEvent); };
  // CPU 1 (where sched_exec moved the task) drained first: the exec's exit, then mystery-tool's own openat pair
  src.line(printf('<', 'execve', GONE, 0, 'mystery-tool'), sink);
  src.line(printf('>', 'openat', GONE, GONE, 1, 0, 0, 4242, 'mystery-tool', -100, 0, '/etc/ld.so.cache'), sink);
  src.line(printf('<', 'openat', GONE, 3, 'mystery-tool'), sink);
  // then CPU 0: the exec's enter line and its argv
  src.line(printf('>', 'execve', GONE, GONE, 1, 0, 0, 4242, 'sh', '/tmp/x/mystery-tool'), sink);
  src.line(printf('A', GONE, 0, '/tmp/x/mystery-tool'), sink);
  // the same read goes on with the program's next syscall on this thread before the deferred completion runs
  src.line(printf('>', 'openat', GONE, GONE, 1, 0, 0, 4242, 'mystery-tool', -100, 0, '/lib/libc.so.6'), sink);
  await new Promise((r) => setImmediate(r));
  const execs = events.filter((e) => e.type === 'execve');
  assert.equal(execs.length, 1, `events: ${events.map((e) => e.type).join(', ')}`);
  assert.equal(execs[0]!.proc.exepath, '/tmp/x/mystery-tool');
  assert.equal(execs[0]!.res, 0);
  assert.equal(events.filter((e) => e.type === 'openat').length, 1);
  // the later openat still pairs with its own exit
  src.line(printf('<', 'openat', GONE, 4, 'mystery-tool'), sink);
  assert.equal(events.filter((e) => e.type === 'openat').length, 2);
});
