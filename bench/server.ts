/**
 * Server benchmark (#14): ingest 10,000 SBOMs generated from real package sets (time, DB size) on SQLite and
 * PostgreSQL; re-evaluate the 10,000 stored inventories after a vulnerability DB update (SQLite in-process;
 * PostgreSQL with 1 and 2 `bulwark worker` processes); GET /api/findings filtered + paged at 100 concurrent
 * clients (autocannon, p99); the package-in-portfolio query at 10k images.
 *
 *   node --import tsx bench/server.ts [sqlite] [pg]      (BENCH_IMAGES=10000, BENCH_PG_URL=postgres://… for pg)
 *
 * Package sets: the Debian 12 dpkg database of this machine (/var/lib/dpkg/status, 770 packages) and the
 * committed Debian 11 demo rootfs, each image a seeded random subset, plus language packages whose names the
 * feeds know at versions the feeds name as fixes, plus one package of its own (the app). The "DB update" is
 * the step from a database of the Debian/Alpine feeds only to the full one (OSV PyPI/Go, npm, KEV, NVD): new
 * advisories, as a real feed update brings. Needs /work/shared/data (skips otherwise).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { silentLogger, TOOL_VERSION, emptyReport, type OsInfo, type Package, type Report } from '../src/core/index.js';
import { writerFor } from '../src/reports/index.js';
import { openMatcher, scanRootfs } from '../src/scan/index.js';
import { createToken, imagesWithPackage, inProcessQueue, ingestSbom, ingestSboms, openDb, pgBossQueue, type Db, type JobQueue } from '../src/store/index.js';
import { importPaths, openAdvisoryStore } from '../src/vulndb/index.js';
import { compareVersions } from '../src/versioning/index.js';
import { GO, NPM, PYPI } from './match-names.js';

const ROOT = join(import.meta.dirname, '..');
const DATA = process.env.BENCH_DATA ?? '/work/shared/data';
const N = Number(process.env.BENCH_IMAGES ?? 10000);
const WORK = join(import.meta.dirname, 'work', 'server');
const phases = process.argv.slice(2);
const want = (p: string) => !phases.length || phases.includes(p);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const secs = (ms: number) => (ms / 1000).toFixed(1);
const mib = (b: number) => (b / 1048576).toFixed(0);

if (!existsSync(DATA)) { console.log(`server bench skipped: ${DATA} not found`); process.exit(0); }
mkdirSync(WORK, { recursive: true });

/** Two advisory DBs: before the update (distro feeds) and after (every feed). Built once, kept in bench/work. */
function advisoryDbs(): { small: string; full: string } {
  const small = join(WORK, 'small', 'bulwark.db');
  const full = join(WORK, 'full', 'bulwark.db');
  const feeds = (names: string[]) => names.map((p) => join(DATA, p)).filter(existsSync);
  if (!existsSync(small)) importPaths({ dbPath: small, paths: feeds(['debian-security-tracker', 'alpine-secdb']), fresh: true });
  if (!existsSync(full)) importPaths({ dbPath: full, paths: feeds(['debian-security-tracker', 'alpine-secdb', 'wolfi-secdb', 'osv', 'npm-security-wg', 'kev', 'nvd-sample']), fresh: true });
  return { small, full };
}

/** Seeded PRNG (mulberry32): the same 10,000 images every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

async function packageSets(fullDb: string): Promise<{ deb12: Report; deb11: Report; lang: Package[] }> {
  const host = mkdtempSync(join(tmpdir(), 'bw-bench-host-'));
  mkdirSync(join(host, 'etc'), { recursive: true });
  mkdirSync(join(host, 'var/lib/dpkg'), { recursive: true });
  copyFileSync('/etc/os-release', join(host, 'etc/os-release'));
  copyFileSync('/var/lib/dpkg/status', join(host, 'var/lib/dpkg/status'));
  const opts = { noCache: true, scanners: [] as never[], allowMissingDb: true, logger: silentLogger };
  const deb12 = await scanRootfs(host, opts);
  rmSync(host, { recursive: true, force: true });
  const deb11 = await scanRootfs(join(ROOT, 'demo', 'base'), opts);
  const store = openAdvisoryStore(fullDb);
  const lang: Package[] = [];
  for (const [eco, names, purlType] of [['PyPI', PYPI, 'pypi'], ['Go', GO, 'golang'], ['npm', NPM, 'npm']] as const) {
    for (const name of names) {
      const key = eco === 'PyPI' ? name.toLowerCase() : name;
      const fixes = [...new Set(store.lookup(eco, key).flatMap((a) => a.ranges.flatMap((r) => r.events.map((e) => e.fixed).filter((x): x is string => !!x))))]
        .sort((a, b) => compareVersions(eco, a, b)).slice(-6);
      for (const v0 of fixes.length ? fixes : ['1.0.0']) {
        const v = eco === 'Go' ? (name === 'stdlib' ? `go${v0}` : `v${v0}`) : v0;
        lang.push({ name, version: v, ecosystem: eco, type: 'library', purl: `pkg:${purlType}/${encodeURIComponent(name)}@${v}`, licenses: [], locations: [{ path: `app/${name}`, layer: 'sha256:2' }], foundBy: ['bench'] });
      }
    }
  }
  store.close();
  return { deb12, deb11, lang };
}

/** Image i: a seeded subset of one OS package set, a few language packages, and its own app package. */
function imageSbom(i: number, sets: Awaited<ReturnType<typeof packageSets>>, write: (r: Report, o: object) => string): string {
  const r = rng(i + 1);
  const base = i % 10 < 6 ? sets.deb12 : sets.deb11;
  const pick = <T>(list: readonly T[], n: number): T[] => { const out: T[] = []; const used = new Set<number>(); while (out.length < Math.min(n, list.length)) { const k = Math.floor(r() * list.length); if (!used.has(k)) { used.add(k); out.push(list[k]!); } } return out; };
  const os = base === sets.deb12 ? pick(base.packages, 60 + Math.floor(r() * 100)) : base.packages;
  const lang = pick(sets.lang, 5 + Math.floor(r() * 35));
  const app: Package = { name: `bench-app-${i}`, version: '1.0.0', ecosystem: 'npm', type: 'application', purl: `pkg:npm/bench-app-${i}@1.0.0`, licenses: [], locations: [{ path: 'app/package.json', layer: 'sha256:3' }], foundBy: ['bench'] };
  const report = emptyReport({ type: 'sbom', name: `registry.example/team${i % 50}/app-${i}:1` }, TOOL_VERSION, new Date('2026-01-01T00:00:00Z'));
  report.os = base.os as OsInfo;
  report.packages = [...os, ...lang, app];
  return write(report, {});
}

async function dbSize(db: Db, file?: string): Promise<number> {
  if (db.dialect === 'postgres') {
    const { sql } = await import('kysely');
    const r = await sql<{ n: number }>`select pg_database_size(current_database())::bigint as n`.execute(db.kysely);
    return Number(r.rows[0]!.n);
  }
  await (await import('kysely')).sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  return statSync(file!).size;
}

const SINGLE = Number(process.env.BENCH_SINGLE ?? 200);
const BATCH = 250;

/**
 * The first SINGLE SBOMs one upload at a time (the API path, `ingestSbom`: its rate is reported on its own), the
 * rest through the bulk path (`ingestSboms`, BATCH per transaction, packages matched once across batches).
 * Generating the CycloneDX documents is timed apart and left out of the ingest figures.
 */
async function ingestAll(db: Db, dbFile: string | undefined, activeDbDir: string, sets: Awaited<ReturnType<typeof packageSets>>): Promise<void> {
  const write = (await writerFor('cyclonedx')) as (r: Report, o: object) => string;
  const matcher = await openMatcher({ dbDir: activeDbDir, logger: silentLogger });
  const memo = new Map();
  let gen = 0;
  const sbom = (i: number): string => { const t0 = performance.now(); const doc = imageSbom(i, sets, write); gen += performance.now() - t0; return doc; };
  const t = performance.now();
  const cpu = process.cpuUsage();
  let pkgs = 0;
  let findings = 0;
  const single = Math.min(SINGLE, N);
  for (let i = 0; i < single; i++) {
    const r = await ingestSbom(db, sbom(i), { matcher });
    pkgs += r.packages;
    findings += r.findings;
  }
  const singleMs = performance.now() - t - gen;
  const singleCpu = process.cpuUsage(cpu);
  console.log(`  API path (ingestSbom, one transaction per SBOM): ${single} SBOMs in ${secs(singleMs)} s wall excl. generation, ${secs((singleCpu.user + singleCpu.system) / 1000)} s CPU incl. generation = ${(single / (singleMs / 1000)).toFixed(0)} SBOM/s`);
  for (let i = single; i < N; i += BATCH) {
    const docs: Array<{ bytes: string }> = [];
    for (let k = i; k < Math.min(N, i + BATCH); k++) docs.push({ bytes: sbom(k) });
    for (const r of await ingestSboms(db, docs, { matcher, memo })) { pkgs += r.packages; findings += r.findings; }
    if (Math.floor((i + BATCH) / 2000) > Math.floor(i / 2000)) console.log(`  … ${Math.min(N, i + BATCH)} SBOMs, ${secs(performance.now() - t - gen)} s excl. generation (load ${load()})`);
  }
  matcher.close();
  const ms = performance.now() - t - gen;
  const c = process.cpuUsage(cpu);
  console.log(`ingest ${db.dialect}: ${N} SBOMs (${pkgs} packages, ${findings} findings) in ${secs(ms)} s wall excl. ${secs(gen)} s SBOM generation (${secs((c.user + c.system) / 1000)} s CPU in this process incl. generation) = ${(N / (ms / 1000)).toFixed(0)} SBOM/s; DB ${mib(await dbSize(db, dbFile))} MiB; peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB (load ${load()})`);
}

/** Swaps the advisory DB the matcher opens (what `bulwark db update` does: a rename over the old file). */
function useAdvisoryDb(activeDir: string, from: string): void {
  mkdirSync(activeDir, { recursive: true });
  copyFileSync(from, join(activeDir, 'bulwark.db.tmp'));
  renameSync(join(activeDir, 'bulwark.db.tmp'), join(activeDir, 'bulwark.db'));
}

async function reevaluate(db: Db, queue: JobQueue, label: string): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const id = await queue.enqueueReevaluation('bench');
  for (;;) {
    const r = await db.kysely.selectFrom('reevaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (r.finished_at) {
      console.log(`re-evaluate ${label}: ${r.images} inventories, +${r.new_findings} new / ${r.fixed_findings} fixed findings in ${secs(performance.now() - t)} s wall${queue.kind === 'in-process' ? `, ${secs((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000)} s CPU` : ''} (load ${load()})`);
      return;
    }
    await new Promise((res) => setTimeout(res, queue.kind === 'pg-boss' ? 250 : 50));
  }
}

function cli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function httpPhase(database: string, activeDbDir: string, db: Db): Promise<void> {
  const token = (await createToken(db, 'read', 'bench')).token;
  // Twice: as served (list pages reused for up to 2 s), and with the page cache off (every request runs its query).
  // BENCH_PAGE_CACHE=on|off measures only one of the two (iterating on the uncached path).
  const which = process.env.BENCH_PAGE_CACHE;
  for (const pageCache of ['default', '0']) if (!which || which === (pageCache === '0' ? 'off' : 'on')) await findingsLoad(database, activeDbDir, db, token, pageCache);
  // Page cache off, once more with every read running its own statement: identical reads that have not started yet
  // otherwise share one execution (src/store/db.ts: pgArrays, sqliteArrays). BENCH_COALESCE=on skips this run.
  if (which !== 'on' && process.env.BENCH_COALESCE !== 'on') await findingsLoad(database, activeDbDir, db, token, '0', false);
  await portfolioQuery(db);
}

/**
 * CPU of a process tree, ms, from /proc: the process's own utime+stime plus cutime+cstime (the CPU of children it
 * has already reaped), plus the same for each live child. A child that exits between two samples moves from the
 * live sum into its parent's cutime/cstime with its whole CPU, so the difference of two samples stays exact however
 * many children come and go (PostgreSQL backends of a pool closing idle connections; HTTP processes of a cluster).
 */
function serverCpuMs(pid: number): number {
  const one = (p: number): number => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
    } catch { return 0; }
  };
  let children: number[] = [];
  try { children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { children = []; }
  return one(pid) + children.reduce((a, c) => a + one(c), 0);
}

/**
 * CPU of the PostgreSQL server processes (postmaster and its children), ms, when `BENCH_PG_DATA` names the cluster's
 * data directory (scripts/pg-test-cluster.sh start DIR → DIR/data): on one machine the backends share the cores
 * with the Node server, so their CPU per request counts as much as Node's. 0 when unset.
 */
function pgCpuMs(): number {
  const dir = process.env.BENCH_PG_DATA;
  if (!dir) return 0;
  try {
    const pm = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return serverCpuMs(pm);
  } catch { return 0; }
}

/** `BENCH_HTTP_PROCESSES`: how many processes serve HTTP (`bulwark server --http-processes`). */
const HTTP_PROCESSES = Number(process.env.BENCH_HTTP_PROCESSES ?? 1);

async function findingsLoad(database: string, activeDbDir: string, db: Db, token: string, pageCache: string, coalesce = true): Promise<void> {
  const port = 18000 + Math.floor(Math.random() * 2000);
  const server = cli(['server', '--database', database, '--listen', `127.0.0.1:${port}`, '--db-dir', activeDbDir, '--rate-limit', '100000000', '--reevaluate-interval', '0', '--workers', '0', '--http-processes', String(HTTP_PROCESSES)],
    { ...(pageCache === 'default' ? {} : { BULWARK_SERVER_PAGE_CACHE_MS: pageCache }), ...(coalesce ? {} : { BULWARK_SERVER_COALESCE_READS: '0' }) });
  try {
    for (let i = 0; i < 240; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 500));
    }
    const paths = ['/api/findings?severity=high&limit=50', '/api/findings?ecosystem=npm&limit=50', '/api/findings?package=openssl&limit=50',
      '/api/findings?kev=true&limit=50', '/api/findings?severity=critical&fixable=true&limit=50', '/api/findings?limit=50'];
    // A second page too: keyset paging must be as fast as the first page.
    const second = (await (await fetch(`http://127.0.0.1:${port}${paths[0]}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { next: string | null };
    // Without a second page the shape would be `cursor=null`, which the server rightly refuses (400): say so instead.
    if (second.next) paths.push(`${paths[0]}&cursor=${second.next}`);
    else console.log(`note: ${paths[0]} has no second page in this database state; the cursor shape is left out`);
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: 10, duration: 3, headers: { authorization: `Bearer ${token}` }, requests: paths.map((path) => ({ method: 'GET', path })) });
    const cpu0 = serverCpuMs(server.pid!);
    const pg0 = db.dialect === 'postgres' ? pgCpuMs() : 0;
    const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 100, duration: Number(process.env.BENCH_DURATION ?? 20), headers: { authorization: `Bearer ${token}` }, requests: paths.map((path) => ({ method: 'GET', path })) });
    const cpuPerRequest = (serverCpuMs(server.pid!) - cpu0) / Math.max(1, r.requests.total);
    const pgPerRequest = db.dialect === 'postgres' && process.env.BENCH_PG_DATA ? `, PostgreSQL CPU ${((pgCpuMs() - pg0) / Math.max(1, r.requests.total)).toFixed(3)} ms per request` : '';
    console.log(`GET /api/findings (filtered, paged; ${paths.length} query shapes; page cache ${pageCache === 'default' ? 'on (2 s)' : 'off'}${pageCache === 'default' ? '' : `; identical reads not yet started ${coalesce ? 'shared' : 'each run (BULWARK_SERVER_COALESCE_READS=0)'}`}; ${HTTP_PROCESSES} HTTP process(es)) at 100 connections, ${db.dialect}: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.average.toFixed(0)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}; server CPU ${cpuPerRequest.toFixed(3)} ms per request${pgPerRequest} (load ${load()})`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((res) => server.once('exit', res));
  }
}

async function portfolioQuery(db: Db): Promise<void> {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const r = await imagesWithPackage(db, { name: 'libc6', from: '2.30', to: '2.40', limit: 10000 });
    times.push(performance.now() - t);
    hits = r.items.length;
  }
  times.sort((a, b) => a - b);
  console.log(`package-in-portfolio (libc6 2.30..2.40, ${N} images → ${hits} hits), ${db.dialect}: median ${times[7]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (load ${load()})`);
}

const dbs = advisoryDbs();
const sets = await packageSets(dbs.full);
console.log(`package sets: Debian 12 host ${sets.deb12.packages.length}, Debian 11 demo ${sets.deb11.packages.length}, language ${sets.lang.length}; ${N} images; load ${load()}`);

if (process.env.BENCH_DB) {
  // Only the read side, on a database kept by an earlier run (SQLite: BENCH_KEEP=1; PostgreSQL: the URL of the
  // cluster a `pg` run filled): for iterating on query speed.
  const active = process.env.BENCH_DB.startsWith('postgres') ? join(WORK, 'read-vulndb') : join(process.env.BENCH_DB, '..', 'vulndb');
  useAdvisoryDb(active, dbs.full);
  const db = await openDb(process.env.BENCH_DB);
  await httpPhase(process.env.BENCH_DB, active, db);
  await db.close();
} else if (want('sqlite') && !process.env.BENCH_SKIP_SQLITE) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-sqlite-'));
  const active = join(dir, 'vulndb');
  useAdvisoryDb(active, dbs.small);
  const file = join(dir, 'server.db');
  // BENCH_INGESTED=FILE: the database right after ingest is kept there (first run) or copied from there (later
  // runs: ingest skipped), so the re-evaluation can be measured again and again on the same starting state.
  const ingested = process.env.BENCH_INGESTED;
  if (ingested && existsSync(ingested)) {
    copyFileSync(ingested, file);
    console.log(`ingest skipped: copied ${ingested}`);
  }
  const db = await openDb(file);
  if (!ingested || !existsSync(ingested)) {
    await ingestAll(db, file, active, sets);
    if (ingested) { await dbSize(db, file); copyFileSync(file, ingested); console.log(`kept the ingested database as ${ingested}`); }
  }
  useAdvisoryDb(active, dbs.full);
  const scanBase = { dbDir: active, allowMissingDb: true, logger: silentLogger };
  const queue = inProcessQueue(db, { scan: scanBase, logger: silentLogger, openMatcher: () => openMatcher(scanBase) });
  await reevaluate(db, queue, 'sqlite in-process (DB update: + OSV/npm/KEV/NVD)');
  await reevaluate(db, queue, 'sqlite in-process (same DB again: nothing changes)');
  await queue.close();
  // BENCH_SKIP_READ=1: ingest and re-evaluation only (iterating on the write side).
  if (!process.env.BENCH_SKIP_READ) await httpPhase(file, active, db);
  await db.close();
  if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}

if (want('pg') && !process.env.BENCH_DB) {
  const url = process.env.BENCH_PG_URL;
  if (!url) console.log('pg phase skipped: set BENCH_PG_URL (scripts/pg-test-cluster.sh start DIR prints one)');
  else {
    const dir = mkdtempSync(join(tmpdir(), 'bw-bench-pg-'));
    const active = join(dir, 'vulndb');
    useAdvisoryDb(active, dbs.small);
    const db = await openDb(url);
    await ingestAll(db, undefined, active, sets);
    const scanBase = { dbDir: active, allowMissingDb: true, logger: silentLogger };
    const queue = await pgBossQueue(db, { scan: scanBase, logger: silentLogger, openMatcher: () => openMatcher(scanBase) });
    for (const workers of [1, 2]) {
      const procs = Array.from({ length: workers }, () => cli(['worker', '--database', url, '--db-dir', active]));
      await new Promise((r) => setTimeout(r, 8000));
      useAdvisoryDb(active, dbs.full);
      await reevaluate(db, queue, `postgres, ${workers} worker(s) (DB update: + OSV/npm/KEV/NVD)`);
      // Back to the old DB (the same findings become fixed), so the next worker count redoes the same work.
      useAdvisoryDb(active, dbs.small);
      await reevaluate(db, queue, `postgres, ${workers} worker(s) (reverse: findings fixed)`);
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
    }
    // The read side is measured on the full data state (every finding of the DB update open), as on SQLite: the
    // loop above ends after the reverse update, so the update is applied once more first.
    const procs = [cli(['worker', '--database', url, '--db-dir', active]), cli(['worker', '--database', url, '--db-dir', active])];
    await new Promise((r) => setTimeout(r, 8000));
    useAdvisoryDb(active, dbs.full);
    await reevaluate(db, queue, 'postgres, 2 workers (DB update again: the state the read side is measured on)');
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
    await queue.close();
    await httpPhase(url, active, db);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
writeFileSync(join(WORK, 'last-run.txt'), new Date().toISOString());
