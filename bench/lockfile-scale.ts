// `bulwark fs` on one huge package-lock.json (issue #19): 30,000 and 120,000 entries, JSON and table output.
// Every step from the lockfile parse to the table writer must be linear; this prints wall time, CPU time and
// peak RSS of the real CLI (dist/) per size and format, and the growth from 30k to 120k (4x the entries: a
// linear pipeline takes ~4x, the old quadratic merge took 17x).
// Run: npm run build && node --import tsx bench/lockfile-scale.ts   (figures go to docs/benchmarks/reports.md)
// Sizes: BENCH_LOCK_SIZES=30000,120000 (default).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SIZES = (process.env.BENCH_LOCK_SIZES ?? '30000,120000').split(',').map(Number);

/**
 * A lockfileVersion 3 tree shaped like a big monorepo's: most packages hoisted to the top, every fifth one
 * also nested under another package at a second version (npm's duplicate installs), three dependencies
 * each resolved through Node's lookup, a tenth dev-only, a few scoped names.
 */
function lockfile(n: number): string {
  const top = Math.ceil(n * 0.8);
  const packages: Record<string, unknown> = { '': { name: 'bench-app', version: '1.0.0', dependencies: { 'pkg-0': '^1.0.0' } } };
  const name = (i: number) => (i % 50 === 0 ? `@scope${i % 7}/pkg-${i}` : `pkg-${i}`);
  for (let i = 0; i < top; i++) {
    const deps = Object.fromEntries([1, 2, 3].map((d) => [name((i * 31 + d * 977) % top), '^1.0.0']));
    packages[`node_modules/${name(i)}`] = {
      version: `1.${i % 40}.${i % 13}`, resolved: `https://registry.npmjs.org/${name(i)}/-/pkg-${i}-1.0.0.tgz`,
      integrity: `sha512-${Buffer.from(String(i)).toString('base64')}`, license: i % 9 ? 'MIT' : 'Apache-2.0',
      ...(i % 10 === 0 ? { dev: true } : {}), dependencies: deps,
    };
  }
  for (let j = 0; top + j < n; j++) {
    const parent = name((j * 5) % top);
    const child = name((j * 7 + 3) % top);
    packages[`node_modules/${parent}/node_modules/${child}`] = { version: `2.${j % 30}.0`, license: 'ISC', dependencies: { [name((j * 11) % top)]: '^1.0.0' } };
  }
  return JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages });
}

interface Run { wall: number; cpu: number; rssMiB: number; packages: number }

/** GNU time's `%e %U %S %M` line → wall s, CPU s, peak RSS MiB. */
function timed(args: string[]): { wall: number; cpu: number; rssMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [wall, user, sys, rssKiB] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: user + sys, rssMiB: rssKiB / 1024 };
}

/** The floor: a fresh node that only reads and JSON.parses the lockfile (no scan can do less). */
function floor(dir: string) {
  return timed([process.execPath, '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(join(dir, 'tree', 'package-lock.json'))}, 'utf8'))`]);
}

/** `bulwark fs` with the default scanners (vuln, secret) to a file; no database here (`--allow-missing-db`). */
function run(dir: string, format: string): Run {
  const out = join(dir, `report.${format}`);
  const t = timed([process.execPath, CLI, 'fs', join(dir, 'tree'), '--format', format, '-o', out, '--db-dir', join(dir, 'nodb'), '--allow-missing-db']);
  const packages = format === 'json' ? (JSON.parse(readFileSync(out, 'utf8')) as { packages: unknown[] }).packages.length : 0;
  return { ...t, packages };
}

// BENCH_LOCK_WRITE=dir: only write the first size's tree there (for profiling with --cpu-prof).
if (process.env.BENCH_LOCK_WRITE) {
  mkdirSync(process.env.BENCH_LOCK_WRITE, { recursive: true });
  writeFileSync(join(process.env.BENCH_LOCK_WRITE, 'package-lock.json'), lockfile(SIZES[0]));
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.error('build first: npm run build');
  process.exit(1);
}
const rows = ['| entries | output | packages | wall s | CPU s | CPU ÷ floor | wall ÷ floor | peak RSS MiB |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
const cpuBy = new Map<string, number>();
/** The target, judged on the largest size: wall < 3 s for 120k entries. */
const verdicts: string[] = [];
for (const n of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lockbench-'));
  try {
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree', 'package-lock.json'), lockfile(n));
    let packages = 0;
    const f = floor(dir);
    rows.push(`| ${n.toLocaleString('en')} | floor: JSON.parse only | | ${f.wall.toFixed(2)} | ${f.cpu.toFixed(2)} | 1.0 | 1.0 | ${f.rssMiB.toFixed(0)} |`);
    for (const format of ['json', 'table']) {
      const r = run(dir, format);
      if (format === 'json') packages = r.packages;
      cpuBy.set(`${n}:${format}`, r.cpu);
      rows.push(`| ${n.toLocaleString('en')} | ${format} | ${(format === 'json' ? r.packages : packages).toLocaleString('en')} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${(r.cpu / f.cpu).toFixed(1)} | ${(r.wall / f.wall).toFixed(1)} | ${r.rssMiB.toFixed(0)} |`);
      if (n === 120_000) {
        verdicts.push(`120k ${format}: ${r.wall.toFixed(2)} s wall (floor ${f.wall.toFixed(2)} s, ${(r.wall / f.wall).toFixed(1)}x; CPU ${(r.cpu / f.cpu).toFixed(1)}x the floor's) — target < 3 s: ${r.wall < 3 ? 'MET' : 'NOT MET'}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(rows.join('\n'));
for (const v of verdicts) console.log(v);
console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
if (SIZES.length === 2) {
  for (const format of ['json', 'table']) {
    const ratio = (cpuBy.get(`${SIZES[1]}:${format}`) ?? 0) / (cpuBy.get(`${SIZES[0]}:${format}`) || 1);
    console.log(`${format}: CPU time x${ratio.toFixed(1)} for x${(SIZES[1] / SIZES[0]).toFixed(0)} entries`);
  }
}
