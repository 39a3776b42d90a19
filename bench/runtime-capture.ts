/**
 * Capture overhead of `bulwark runtime watch --source ebpf` (#16): a paced exec load (bench/runtime-capture/exec-gen.c,
 * posix_spawn of a copy of /bin/true named bwcaptrue) with and without the watcher running the default rules plus a
 * rule that alerts on every bwcaptrue exec (dedup and rate limit off), so alerts = exec events that reached the rules.
 * Records: execs performed and achieved rate, CPU of the watcher process and its bpftrace children (from /proc), CPU
 * of the load itself, exec events seen vs performed, and bpftrace's own lost-event count (metrics).
 * Run as root: npm run build && node --import tsx bench/runtime-capture.ts [rate=5000] [seconds=10]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RATE = Number(process.argv[2] ?? 5000);
const SECONDS = Number(process.argv[3] ?? 10);
const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)

const dir = mkdtempSync(join(tmpdir(), 'bw-capture-'));
const gen = join(dir, 'exec-gen');
execFileSync('gcc', ['-O2', '-o', gen, join(ROOT, 'bench', 'runtime-capture', 'exec-gen.c')]);
const bin = join(dir, 'bwcaptrue');
copyFileSync('/bin/true', bin);

/** utime+stime (s) of a process and all its descendants that are still alive. */
function treeCpu(pid: number): number {
  const kids = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const st = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid);
      if (list) list.push(Number(e));
      else kids.set(ppid, [Number(e)]);
    } catch { /* gone */ }
  }
  let cpu = 0;
  const walk = (p: number) => {
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      cpu += (Number(f[11]) + Number(f[12])) / TICK;
    } catch { /* gone */ }
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(pid);
  return cpu;
}

function load(): { execs: number; seconds: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', gen, String(RATE), String(SECONDS), bin], { encoding: 'utf8' });
  const [n, secs] = r.stdout.trim().split(' ').map(Number);
  const [u, s] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { execs: n!, seconds: secs!, cpu: u! + s! };
}

async function metric(port: number, name: string, label?: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && (!label || line.includes(label))) sum += Number(line.split(' ').pop());
  return sum;
}

const rule = join(dir, 'capture.yaml');
writeFileSync(rule, `- rule: Bench capture exec\n  desc: every exec of the bench binary\n  condition: evt.type in (execve, execveat) and proc.name = bwcaptrue\n  output: bench exec %proc.pid\n  priority: NOTICE\n`);

console.log(`load alone: ${RATE} execs/s offered for ${SECONDS} s`);
const base = load();
console.log(`  ${base.execs} execs in ${base.seconds.toFixed(1)} s = ${(base.execs / base.seconds).toFixed(0)}/s achieved; load CPU ${base.cpu.toFixed(2)} s (${(100 * base.cpu / base.seconds).toFixed(0)} %)`);

const port = 19000 + Math.floor(Math.random() * 1000);
const watch = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'runtime', 'watch', '--source', 'ebpf', '--rules', rule, 'default',
  '--dedup-window', '0', '--rate-limit', '0', '--output', `file:${join(dir, 'alerts.jsonl')}`, '--metrics-addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
let err = '';
await new Promise<void>((resolve, reject) => {
  watch.stderr!.on('data', (d: Buffer) => { err += d.toString(); if (/ready/.test(err)) resolve(); });
  watch.once('exit', (c) => reject(new Error(`runtime watch exited ${c}: ${err.trim().split('\n').pop()}`)));
});
await new Promise((r) => setTimeout(r, 2000));
const cpu0 = treeCpu(watch.pid!);
const seen0 = await metric(port, 'bulwark_runtime_alerts_total', 'Bench capture exec');
const t0 = performance.now();
const withWatch = load();
await new Promise((r) => setTimeout(r, 3000)); // let the pipeline drain
const secs = (performance.now() - t0) / 1000;
const cpu = treeCpu(watch.pid!) - cpu0;
const seen = (await metric(port, 'bulwark_runtime_alerts_total', 'Bench capture exec')) - seen0;
const lost = await metric(port, 'bulwark_runtime_events_lost');
watch.kill('SIGTERM');
await new Promise((r) => watch.once('exit', r));
rmSync(dir, { recursive: true, force: true });
console.log(`with runtime watch --source ebpf (default rules + the bench rule):`);
console.log(`  ${withWatch.execs} execs in ${withWatch.seconds.toFixed(1)} s = ${(withWatch.execs / withWatch.seconds).toFixed(0)}/s achieved; load CPU ${withWatch.cpu.toFixed(2)} s`);
console.log(`  watcher + bpftrace CPU ${cpu.toFixed(2)} s over ${secs.toFixed(1)} s = ${(100 * cpu / secs).toFixed(0)} % of one core; ${(1000 * cpu / Math.max(1, withWatch.execs)).toFixed(3)} ms per exec`);
console.log(`  exec events that reached the rules: ${seen} of ${withWatch.execs} (${(100 * seen / Math.max(1, withWatch.execs)).toFixed(1)} %); bpftrace lost-event count ${lost}`);
console.log(`  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
