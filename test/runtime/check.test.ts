/**
 * `bulwark runtime check`: fixtures for what this machine cannot run (containerd + AppArmor, CRI-O +
 * SELinux), and real processes started here in a known state (setpriv, unshare, a perl seccomp filter).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runtimeCheck, type RuntimeCheckResult } from '../../src/runtime/index.js';
import { checkRuntime } from '../../src/scan/runtime.js';
import { containerCgroup } from './container.js';

const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
/** The fixture tree copied to a temp dir with its ns/* symlinks made (see fixtures/proc-check/README.md). */
function fixture(): string {
  const src = join(import.meta.dirname, 'fixtures/proc-check');
  const dir = mkdtempSync(join(tmpdir(), 'bw-check-'));
  cpSync(src, dir, { recursive: true });
  const links = JSON.parse(readFileSync(join(src, 'ns-links.json'), 'utf8')) as Record<string, string>;
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, 'proc', path)), { recursive: true });
    symlinkSync(target, join(dir, 'proc', path));
  }
  return dir;
}
const FIX = fixture();
const isRoot = process.getuid?.() === 0;

const ids = (r: RuntimeCheckResult, pid: number): string[] => r.findings.filter((f) => f.pid === pid).map((f) => f.id).sort();

test('fixtures: a default containerd pod under AppArmor, a privileged CRI-O pod under SELinux', () => {
  const r = runtimeCheck({ procRoot: join(FIX, 'proc'), sysRoot: join(FIX, 'sys') });
  assert.deepEqual(r.host.lsms, ['apparmor']);
  assert.deepEqual(r.processes.map((p) => p.pid), [4242, 4343], 'pid 1 (host, no cgroup file) is listed only when readable');
  const [nginx, bash] = r.processes as [RuntimeCheckResult['processes'][number], RuntimeCheckResult['processes'][number]];
  assert.equal(nginx.container.id, '3f4e5d6c7b8a');
  assert.equal(nginx.container.podUid, '6f2a1c9e-3b7d-4e8f-9a01-b2c3d4e5f607');
  assert.deepEqual(nginx.seccomp, { mode: 'filter', filters: 1 });
  assert.deepEqual(nginx.lsm, { lsm: 'apparmor', label: 'cri-containerd.apparmor.d (enforce)', profile: 'cri-containerd.apparmor.d', mode: 'enforce', confined: true });
  assert.equal(nginx.noNewPrivs, true);
  assert.deepEqual(nginx.rootfs, { readOnly: true, fstype: 'overlay', source: 'overlay' });
  assert.deepEqual(nginx.capabilities.effective, []);
  assert.equal(nginx.capabilities.bounding.length, 14);
  assert.ok(nginx.capabilities.bounding.includes('CAP_NET_BIND_SERVICE'));
  assert.deepEqual(nginx.hostNamespaces, []);
  assert.equal(nginx.cmdline, 'nginx: master process nginx -g daemon off;');
  assert.deepEqual(ids(r, 4242), [], 'the runtime defaults raise nothing');

  assert.equal(bash.container.runtime, 'cri-o');
  assert.equal(bash.lsm.lsm, 'selinux');
  assert.equal(bash.lsm.profile, 'spc_t');
  assert.equal(bash.lsm.confined, false);
  assert.deepEqual(bash.hostNamespaces, ['net', 'uts']);
  assert.deepEqual(ids(r, 4343), ['RTC-001', 'RTC-004', 'RTC-005', 'RTC-007', 'RTC-008', 'RTC-009-net', 'RTC-009-uts']);
  assert.equal(r.findings.find((f) => f.id === 'RTC-001')?.severity, 'critical');
  // SELinux is not enforced on this (fixture) host: an spc_t label is not an RTC-006 finding here
  assert.equal(r.summary.containers, 2);
  const high = checkRuntime({ procRoot: join(FIX, 'proc') }, 'json', ['critical', 'high']).result;
  assert.deepEqual(high.findings.map((f) => f.id).sort(), ['RTC-001', 'RTC-009-net']);
});

test('CLI: table groups findings per container; --pid of a missing process is exit 2', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, 'runtime', 'check', '--proc-root', join(FIX, 'proc'), ...args], { encoding: 'utf8' });
  const table = run(['--severity', 'critical']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^PID\s+CONTAINER\s+NAME\s+UID\s+SECCOMP\s+LSM/);
  assert.match(table.stdout, /4343\s+9e8d7c6b5a4f\s+bash\s+0\s+disabled\s+system_u:system_r:spc_t:s0\s+no\s+rw\s+net,uts\s+ALL/);
  assert.match(table.stdout, /CRITICAL\s+RTC-001\s+9e8d7c6b5a4f\s+4343\s+privileged/);
  assert.doesNotMatch(table.stdout, /RTC-004/, '--severity critical drops the medium findings');
  const gate = run(['--pid', '4343', '--exit-code', '4', '-f', 'json']);
  assert.equal(gate.status, 4);
  assert.equal((JSON.parse(gate.stdout) as RuntimeCheckResult).processes.length, 1);
  const missing = run(['--pid', '99999999']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^bulwark: no such process: 99999999 \[INPUT_NOT_FOUND\]\n$/);
});

function started(cmd: string[]): Promise<ChildProcess> {
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  // each command prints READY once its state is set (then sleeps)
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('READY')) resolve(child); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => reject(new Error(`${cmd.join(' ')} exited ${code}: ${out}`)));
  });
}

test('real processes: setpriv + unshare in a container cgroup, and a perl seccomp filter on the host', { timeout: 120_000 }, async (t) => {
  if (!isRoot) { t.skip('needs root (cgroups, mount namespaces, bounding-set changes)'); return; }
  for (const tool of ['unshare', 'setpriv', 'perl']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) { t.skip(`${tool} missing`); return; }
  const prctl = process.arch === 'x64' ? 157 : process.arch === 'arm64' ? 167 : undefined;
  if (!prctl) { t.skip(`no prctl syscall number for ${process.arch}`); return; }
  const cg = containerCgroup();
  if (typeof cg === 'string') { t.skip(cg); return; }
  const children: ChildProcess[] = [];
  try {
    // root with only CAP_SYS_ADMIN, no_new_privs, a read-only root mount in its own mount namespace
    const confined = await started(['sh', '-c', `echo $$ > ${cg.procs} && exec unshare --mount --propagation private sh -c 'mount -o remount,bind,ro / && exec setpriv --no-new-privs --bounding-set -all,+sys_admin sh -c "echo READY; exec sleep 60"'`]);
    children.push(confined);
    // SECCOMP_MODE_FILTER with one "allow everything" instruction (BPF_RET|BPF_K, SECCOMP_RET_ALLOW)
    const perl = `my $f = pack("SCCL", 6, 0, 0, 0x7fff0000); my $p = pack("S x6 P8", 1, $f); syscall(${prctl}, 22, 2, $p) == 0 or die "seccomp: $!"; $| = 1; print "READY\\n"; sleep 60`;
    const filtered = await started(['perl', '-e', perl]);
    children.push(filtered);
    // sh → unshare → sh → setpriv → sh → sleep is one exec chain: the child's pid is the sleep
    const sleepPid = confined.pid!;
    const r = runtimeCheck({ pids: [sleepPid, filtered.pid!] });
    const [c, f] = r.processes;
    assert.ok(c && f, JSON.stringify(r.missing));
    assert.equal(c.container.id, cg.id.slice(0, 12));
    assert.equal(c.name, 'sleep');
    assert.deepEqual(c.capabilities.effective, ['CAP_SYS_ADMIN']);
    assert.deepEqual(c.capabilities.bounding, ['CAP_SYS_ADMIN']);
    assert.equal(c.noNewPrivs, true);
    assert.equal(c.rootfs.readOnly, true);
    assert.equal(c.seccomp.mode, 'disabled');
    assert.ok(c.hostNamespaces.includes('net') && c.hostNamespaces.includes('pid'), `unshare --mount keeps the host's other namespaces: ${c.hostNamespaces.join(',')}`);
    assert.deepEqual(ids(r, c.pid).filter((i) => !i.startsWith('RTC-009')), ['RTC-002', 'RTC-004', 'RTC-008']);
    assert.equal(r.findings.find((x) => x.id === 'RTC-002')?.severity, 'critical');
    assert.equal(f.container.id, 'host');
    assert.deepEqual(f.seccomp, { mode: 'filter', filters: 1 });
    assert.equal(f.noNewPrivs, false);
    assert.equal(f.rootfs.readOnly, false);
    assert.deepEqual(ids(r, f.pid), [], 'host processes get no findings by default');
    const withHost = runtimeCheck({ pids: [f.pid], hostFindings: true });
    assert.deepEqual(ids(withHost, f.pid), ['RTC-001', 'RTC-005']);
    const onlyContainers = runtimeCheck({ containers: true });
    assert.ok(onlyContainers.processes.some((p) => p.pid === c.pid) && !onlyContainers.processes.some((p) => p.pid === f.pid));
  } finally {
    for (const ch of children) ch.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    cg.cleanup();
  }
});
