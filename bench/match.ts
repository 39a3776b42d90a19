/**
 * Matching benchmark: 5,000 packages against the full database built from ../shared/data with the real
 * importers and SQLite store. Run: node --import tsx bench/match.ts [dataDir]
 * Prints build time (not part of the target), then match time per run (median of 7) and peak RSS.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OsInfo, Package } from '../src/core/index.js';
import { matchPackages } from '../src/detectors/vulnerability/index.js';
import { importPaths, openAdvisoryStore, type AdvisoryStore } from '../src/vulndb/index.js';
import { compareVersions } from '../src/versioning/index.js';
import { DEB_SOURCES, GO, NPM, PYPI } from './match-names.js';

const data = process.argv[2] ?? '/work/shared/data';
const work = join(import.meta.dirname, 'work', 'match');
const dbPath = join(work, 'bulwark.db');

function build(): void {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const paths = ['debian-security-tracker', 'alpine-secdb', 'wolfi-secdb', 'osv', 'npm-security-wg', 'kev', 'nvd-sample']
    .map((p) => join(data, p)).filter(existsSync);
  const t = performance.now();
  const s = importPaths({ dbPath, paths, fresh: true });
  const records = s.feeds.reduce((n, f) => n + f.records, 0);
  console.log(`db build: ${records} records from ${s.feeds.length} feeds in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Fixed versions the database states for one package, in the ecosystem's order. */
function fixes(store: AdvisoryStore, ecosystem: string, name: string): string[] {
  const vs = store.lookup(ecosystem, name).flatMap((a) => a.ranges.flatMap((r) => r.events.map((e) => e.fixed).filter((x): x is string => !!x)));
  return [...new Set(vs)].sort((a, b) => compareVersions(ecosystem, a, b));
}

/**
 * Packages whose names the database knows (so lookups hit). Each installed version is one the feed
 * names as a fix, a quarter from the top: a realistic, partly patched system (some findings, mostly not).
 */
function packages(store: AdvisoryStore): Package[] {
  const mk = (ecosystem: Package['ecosystem'], type: Package['type'], name: string, version: string, source?: string): Package => ({
    name, version, ecosystem, type, purl: `pkg:x/${ecosystem}/${name}@${version}`, licenses: [], locations: [{ path: 'x', layer: 'sha256:1' }], foundBy: ['bench'],
    ...(source ? { source: { name: source, version } } : {}),
  });
  const pickFix = (eco: string, name: string, i: number, fallback: string): string => {
    const f = fixes(store, eco, name);
    return f.length ? f[Math.min(f.length - 1, Math.floor(f.length * 0.75) + (i % 2))]! : fallback;
  };
  const debSrc = DEB_SOURCES;
  const out: Package[] = [];
  // 3,000 Debian binaries over the source packages (several binaries per source, as in real images)
  for (let i = 0; out.length < 3000; i++) {
    const src = debSrc[i % debSrc.length]!;
    const v = pickFix('Debian:11', src, Math.floor(i / debSrc.length), '1.0-1');
    out.push(mk('debian', 'os', `${src}-bin${i}`, v, src));
  }
  const lang: Array<[Package['ecosystem'], string[]]> = [['PyPI', PYPI], ['Go', GO], ['npm', NPM]];
  for (let i = 0; out.length < 5000; i++) {
    const [eco, names] = lang[i % 3]!;
    const name = names[i % names.length]!;
    const key = eco === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
    const v = pickFix(eco, key, i, '1.0.0');
    out.push(mk(eco, 'library', name, eco === 'Go' ? (name === 'stdlib' ? `go${v}` : `v${v}`) : v));
  }
  return out;
}

if (!existsSync(dbPath) || process.env.REBUILD) build();
const store = openAdvisoryStore(dbPath);
const all = packages(store);
const os: OsInfo = { family: 'debian', version: '11.6', codename: 'bullseye' };
const wall: number[] = [];
const cpu: number[] = [];
let findings = 0;
for (let run = 0; run < 7; run++) {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = matchPackages(all, os, store);
  wall.push(performance.now() - t);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
  findings = r.findings.length;
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ru = process.resourceUsage();
const [load1] = (await import('node:os')).loadavg();
console.log(`match: ${all.length} packages (${all.filter((p) => p.type === 'os').length} OS) → ${findings} findings`);
console.log(`  wall: first ${wall[0]!.toFixed(0)} ms, median ${med(wall).toFixed(0)} ms, best ${Math.min(...wall).toFixed(0)} ms`);
console.log(`  cpu:  first ${cpu[0]!.toFixed(0)} ms, median ${med(cpu).toFixed(0)} ms (load average ${load1!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs)`);
console.log(`  peak RSS ${(ru.maxRSS / 1024).toFixed(0)} MiB`);
store.close();
