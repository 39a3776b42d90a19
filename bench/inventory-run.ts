/**
 * Runs one external command several times under `/usr/bin/time -f '%e %M'` (wall seconds, peak RSS in
 * KiB of the command and its waited-for children) and records the 1-minute load average before each
 * run, because the benchmark machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Run { wallS: number; rssMiB: number; load1: number; status: number | null }
export interface Measured { label: string; runs: Run[]; medianS: number; bestS: number; maxRssMiB: number; load1: number[] }

export interface RunSpec {
  label: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  runs: number;
  /** Called before every run (e.g. to clear a tool's cache so each run is cold). */
  before?: () => void;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function measure(spec: RunSpec): Measured {
  const runs: Run[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-inv-'));
  try {
    for (let i = 0; i < spec.runs; i++) {
      spec.before?.();
      const timing = join(dir, 'time.txt');
      const load1 = loadavg()[0];
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timing, spec.cmd, ...spec.args], {
        cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26,
      });
      const last = readFileSync(timing, 'utf8').trim().split('\n').pop() ?? '';
      const [wall, rss] = last.split(' ').map(Number);
      if (r.status !== 0) console.error(`${spec.label}: exit ${r.status}\n${r.stderr?.toString().slice(-2000)}`);
      runs.push({ wallS: wall, rssMiB: rss / 1024, load1, status: r.status });
      console.error(`  ${spec.label} run ${i + 1}/${spec.runs}: ${wall.toFixed(2)} s, ${(rss / 1024).toFixed(0)} MiB, load ${load1.toFixed(1)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const walls = runs.map((r) => r.wallS);
  return {
    label: spec.label, runs, medianS: median(walls), bestS: Math.min(...walls),
    maxRssMiB: Math.max(...runs.map((r) => r.rssMiB)), load1: runs.map((r) => r.load1),
  };
}
