/** Test "containers": a cgroup named as Docker names them, for processes started with unshare. */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** A "container": its own cgroup named as Docker names them, and new mount/pid/uts namespaces (unshare). */
export function containerCgroup(): { id: string; procs: string; cleanup: () => void } | string {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n');
  const v2 = mounts.find((l) => l.split(' ')[2] === 'cgroup2')?.split(' ')[1];
  const v1 = mounts.find((l) => l.split(' ')[2] === 'cgroup' && l.split(' ')[3]?.split(',').includes('pids'))?.split(' ')[1];
  const base = v2 ?? v1;
  if (!base) return 'no cgroup hierarchy mounted';
  const id = randomBytes(32).toString('hex');
  const dir = join(base, 'docker', id);
  try { mkdirSync(dir, { recursive: true }); } catch (e) { return `cannot create cgroup ${dir}: ${(e as Error).message}`; }
  return { id, procs: join(dir, 'cgroup.procs'), cleanup: () => { try { rmSync(dir, { recursive: false }); } catch { /* busy until the shell exits */ } } };
}

