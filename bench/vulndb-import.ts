/**
 * vulndb benchmark: full import of every feed in ../shared/data (time, DB size vs the feeds' compressed
 * size), then a warm batch lookup of 5,000 (ecosystem, name) keys.
 * Run: node --import tsx bench/vulndb-import.ts [data-dir]
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { importPaths, openAdvisoryStore, type PackageKey } from '../src/vulndb/index.js';

const dataDir = process.argv[2] ?? '/work/shared/data';
const dbPath = join(mkdtempSync(join(tmpdir(), 'bulwark-bench-vulndb-')), 'bulwark.db');

const t0 = performance.now();
const summary = importPaths({ dbPath, paths: [dataDir], fresh: true });
const importMs = performance.now() - t0;
const dbBytes = statSync(dbPath).size;

// The feeds' compressed size: every file an importer accepted, as shipped (.gz) or gzip -9 of the raw JSON.
const origins = new Set<string>();
const meta = new Database(dbPath, { readonly: true });
for (const r of meta.prepare('SELECT origin FROM feeds').all() as Array<{ origin: string }>) origins.add(r.origin);
const keysAll = meta.prepare('SELECT DISTINCT ecosystem, package FROM packages').all() as Array<{ ecosystem: string; package: string }>;
meta.close();
let compressed = 0;
const files = new Set<string>();
for (const o of origins) {
  // Directory-level origins (OSV, Wolfi advisories, npm-security-wg) are expanded to their feed files.
  if (statSync(o).isDirectory()) continue;
  files.add(o);
}
for (const extra of ['osv/golang-vulndb.jsonl.gz', 'osv/pypa-advisory-database.jsonl.gz', 'wolfi-secdb/wolfi-advisories.jsonl.gz',
  'npm-security-wg/nodejs-security-wg-npm.jsonl.gz', 'npm-security-wg/nodejs-security-wg-core.jsonl.gz']) files.add(join(dataDir, extra));
for (const f of files) {
  const buf = readFileSync(f);
  compressed += f.endsWith('.gz') ? buf.length : gzipSync(buf, { level: 9 }).length;
}

// Two batches of 5,000 keys: "all-hit" (up to 4,000 distinct (ecosystem, package) pairs that have advisories,
// the rest misses) and "image-like" (500 hits, 4,500 misses — a typical image's share of vulnerable packages).
function batch(hits: number): PackageKey[] {
  const keys: PackageKey[] = keysAll.slice(0, hits).map((k) => ({ ecosystem: k.ecosystem, name: k.package }));
  for (let i = keys.length; i < 5000; i++) keys.push({ ecosystem: 'npm', name: `no-such-package-${i}` });
  for (let i = keys.length - 1; i > 0; i--) { const j = (i * 7919) % (i + 1); [keys[i], keys[j]] = [keys[j], keys[i]]; }
  return keys;
}
const store = openAdvisoryStore(dbPath);
function measure(keys: PackageKey[]): { medianMs: number; minMs: number; advisories: number } {
  store.lookupMany(keys); // warm: pages cached, statements prepared
  const runs: number[] = [];
  let advisories = 0;
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    const res = store.lookupMany(keys);
    runs.push(performance.now() - s);
    advisories = [...res.values()].reduce((n, v) => n + v.length, 0);
  }
  runs.sort((a, b) => a - b);
  return { medianMs: +runs[2].toFixed(1), minMs: +runs[0].toFixed(1), advisories };
}
// The first call on a freshly opened store: SQLite pages warm, but nothing decoded or cached in the process
// yet (what one scan of one image pays). Runs after `measure` so JIT compilation is not counted.
function firstCall(keys: PackageKey[]): { ms: number; cpuMs: number } {
  const s = openAdvisoryStore(dbPath);
  const c = process.cpuUsage();
  const t = performance.now();
  s.lookupMany(keys);
  const ms = performance.now() - t;
  const u = process.cpuUsage(c);
  s.close();
  return { ms: +ms.toFixed(1), cpuMs: +((u.user + u.system) / 1000).toFixed(1) };
}
const allHit = measure(batch(4000));
const imageLike = measure(batch(500));
store.close();
const freshStore = { imageLike: firstCall(batch(500)), allHit: firstCall(batch(4000)) };
// The floor on this machine right now: 5,000 trivial statements (the load of other processes shows here).
const floorDb = new Database(dbPath, { readonly: true });
const one = floorDb.prepare('SELECT 1');
const f0 = performance.now();
for (let i = 0; i < 5000; i++) one.get();
const floorMs = +(performance.now() - f0).toFixed(1);
floorDb.close();
const rss = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({
  dataDir, feeds: summary.feeds.length, records: summary.feeds.reduce((n, f) => n + f.records, 0), aliasGroups: summary.aliasGroups,
  importSeconds: +(importMs / 1000).toFixed(2), dbMiB: +(dbBytes / 1048576).toFixed(2), feedsCompressedMiB: +(compressed / 1048576).toFixed(2),
  sizeRatio: +(dbBytes / compressed).toFixed(2), lookup5000AllHit: allHit, lookup5000ImageLike: imageLike, firstCallOnFreshStore: freshStore,
  floor5000TrivialStatementsMs: floorMs, peakRssMiB: Math.round(rss), loadAverage: loadavg().map((x) => +x.toFixed(1)),
}, null, 2));
