// Rule evaluation throughput with the full default rule sets (falco_rules + k8s_audit + bulwark), one core:
// a recorded mix of syscall events (exec, open, connect) and audit events, evaluated in a loop.
import { loadRuleset, RuleEngine, defaultRuleFiles } from '../src/runtime/index.js';
import type { RuntimeEvent } from '../src/runtime/event.js';
import { loadavg } from 'node:os';

const engine = new RuleEngine(loadRuleset(defaultRuleFiles()), { hostname: 'bench' });
const p = (pid: number, name: string, args: string[]) => ({ pid, ppid: 1, name, exe: `/usr/bin/${name}`, exepath: `/usr/bin/${name}`, args, uid: 0 });
const events: RuntimeEvent[] = [];
for (let i = 0; i < 1000; i++) {
  const proc = p(1000 + i, ['cat', 'bash', 'curl', 'python3', 'nginx'][i % 5]!, ['-c', `x${i}`]);
  const base = { source: 'syscall', time: Date.now() * 1e6, num: i + 1, proc, ancestors: [p(1, 'containerd-shim', []), p(0, 'systemd', [])], res: 3, args: {}, container: { id: i % 2 ? 'host' : 'abcdef123456' }, producer: 'bench' };
  const push = (e: unknown): void => { events.push(e as RuntimeEvent); };
  push({ ...base, type: 'openat', fd: { type: 'file', name: i % 7 ? `/var/lib/app/f${i}` : '/etc/shadow', openFlags: i % 3 ? 0 : 0o101, num: 3 } });
  push({ ...base, type: 'execve', res: 0 });
  push({ ...base, type: 'connect', res: 0, fd: { type: 'ipv4', sip: `10.0.${i % 255}.1`, sport: 443, l4proto: 'tcp' } });
  push({ source: 'k8s_audit', type: 'k8s_audit', time: Date.now() * 1e6, producer: 'bench', audit: { kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseComplete', verb: i % 2 ? 'get' : 'create', user: { username: `user${i % 10}` }, objectRef: { resource: ['pods', 'secrets', 'configmaps'][i % 3], namespace: 'shop', name: `o${i}` }, responseStatus: { code: 200 }, requestURI: '/api/v1/x' } });
}
let matches = 0;
for (const e of events) matches += engine.match(e).length; // warm-up
const n = 2_000_000;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) matches += engine.match(events[i % events.length]!).length;
const s = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuS = (cpu.user + cpu.system) / 1e6;
// events per CPU-second: the machine is shared, so wall-clock time undercounts one core's rate
console.log(`rules active: ${engine.active.length}; events: ${n}; ${(n / cpuS).toFixed(0)} events per CPU-second (${(n / s).toFixed(0)} events/s wall); matches: ${matches}; load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
